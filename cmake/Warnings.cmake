# One INTERFACE target carries the warning flags (and the sanitizer flags), so
# every target in the project builds with the same rules.
add_library(drill_warnings INTERFACE)
target_compile_options(drill_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(DRILL_WERROR)
  target_compile_options(drill_warnings INTERFACE -Werror)
endif()
if(DRILL_SANITIZE)
  target_compile_options(drill_warnings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(drill_warnings INTERFACE -fsanitize=address,undefined)
endif()
if(DRILL_FUZZ)
  # Coverage instrumentation for libFuzzer, plus ASan and UBSan, on every
  # target; only the fuzz targets themselves link the libFuzzer runtime.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DRILL_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  target_compile_options(drill_warnings INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(drill_warnings INTERFACE -fsanitize=address,undefined)
endif()
