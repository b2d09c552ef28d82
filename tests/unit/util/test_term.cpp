#include "util/term.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("styles add escape codes only when enabled") {
  CHECK(Style(false).red("x") == "x");
  CHECK(Style(true).red("x") == "\x1b[31mx\x1b[0m");
  CHECK(color_enabled(ColorMode::always, -1));
  CHECK_FALSE(color_enabled(ColorMode::never, 1));
  CHECK_FALSE(color_enabled(ColorMode::automatic, -1)); // not a terminal
}

TEST_CASE("wrap_text breaks at words and counts UTF-8 characters") {
  CHECK(wrap_text("aaa bbb ccc", 40, "  ") == "  aaa bbb ccc\n");
  std::string long_line(30, 'x');
  auto wrapped = wrap_text(long_line + " " + long_line, 40);
  CHECK(wrapped == long_line + "\n" + long_line + "\n");
  CHECK(display_width("naïve café") == 10);
  CHECK(wrap_text("a\n\nb", 40) == "a\n\nb\n");
}
