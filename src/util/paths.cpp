#include "util/paths.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <system_error>
#include <vector>

namespace drill {

namespace fs = std::filesystem;

std::string env(const char *name) {
  const char *v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

namespace {

// XDG says relative values are invalid and must be ignored.
fs::path xdg(const char *variable, const char *fallback_below_home) {
  fs::path value = env(variable);
  if (value.empty() || value.is_relative()) {
    std::string home = env("HOME");
    if (home.empty())
      throw Error(ExitStatus::config, fmt::format("neither ${} nor $HOME is set; set one so drill knows where to "
                                                  "keep its files",
                                                  variable));
    value = fs::path(home) / fallback_below_home;
  }
  return value / "drill";
}

bool has_banks(const fs::path &dir) {
  std::error_code ec;
  return fs::is_directory(dir / "banks", ec);
}

} // namespace

fs::path config_dir() { return xdg("XDG_CONFIG_HOME", ".config"); }
fs::path user_data_dir() { return xdg("XDG_DATA_HOME", ".local/share"); }
fs::path state_dir() { return xdg("XDG_STATE_HOME", ".local/state"); }
fs::path cache_dir() { return xdg("XDG_CACHE_HOME", ".cache"); }

fs::path bundled_data_dir() {
  if (std::string forced = env("DRILL_DATA_DIR"); !forced.empty()) {
    if (!has_banks(forced))
      throw Error(ExitStatus::no_input,
                  fmt::format("DRILL_DATA_DIR={}: no banks/ directory there; point it at a directory that holds "
                              "banks/*.json, or unset it",
                              forced));
    return forced;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // Installed: <prefix>/bin/drill next to <prefix>/share/drill, wherever the prefix went.
    fs::path relocated = exe.parent_path().parent_path() / DRILL_INSTALL_DATA_RELATIVE;
    if (has_banks(relocated)) return relocated;
    // Built but not installed: the binary sits in the build tree.
    if (exe.parent_path() == fs::path(DRILL_BUILD_DIR) && has_banks(DRILL_SOURCE_DATA_DIR))
      return DRILL_SOURCE_DATA_DIR;
  }
  if (has_banks(DRILL_INSTALL_DATA_DIR)) return DRILL_INSTALL_DATA_DIR;
  if (has_banks(DRILL_SOURCE_DATA_DIR)) return DRILL_SOURCE_DATA_DIR;
  throw Error(ExitStatus::no_input, "cannot find the bundled question banks; reinstall drill, or set "
                                    "DRILL_DATA_DIR to the directory that holds banks/");
}

fs::path lemma_table_file() {
  std::error_code ec;
  std::vector<fs::path> places;
  if (std::string forced = env("DRILL_DATA_DIR"); !forced.empty()) places.emplace_back(forced);
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    places.push_back(exe.parent_path().parent_path() / DRILL_INSTALL_DATA_RELATIVE);
    // Built but not installed: drill, or a test program, in the build tree.
    const std::string build = DRILL_BUILD_DIR;
    if (exe.string().compare(0, build.size(), build) == 0) places.emplace_back(build);
  }
  places.emplace_back(DRILL_INSTALL_DATA_DIR);
  places.emplace_back(DRILL_BUILD_DIR);
  for (const fs::path &dir : places)
    if (fs::is_regular_file(dir / "lemmas.bin", ec)) return dir / "lemmas.bin";
  return {};
}

} // namespace drill
