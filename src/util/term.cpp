#include "util/term.hpp"

#include "util/error.hpp"
#include "util/paths.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>

namespace drill {

ColorMode parse_color_mode(std::string_view s) {
  if (s == "auto") return ColorMode::automatic;
  if (s == "always") return ColorMode::always;
  if (s == "never") return ColorMode::never;
  throw Error(ExitStatus::usage, "--color takes auto, always or never");
}

bool color_enabled(ColorMode mode, int fd) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  if (!env("NO_COLOR").empty()) return false;
  if (env("TERM") == "dumb") return false;
  return isatty(fd) == 1;
}

bool terminal_redraws() {
  std::string term = env("TERM");
  return !term.empty() && term != "dumb" && term != "unknown";
}

std::string Style::wrap(std::string_view code, std::string_view s) const {
  if (!enabled_) return std::string(s);
  std::string out = "\x1b[";
  out += code;
  out += 'm';
  out += s;
  out += "\x1b[0m";
  return out;
}

std::size_t text_width(int fd) {
  std::size_t width = 80;
  std::string columns = env("COLUMNS");
  std::size_t parsed = 0;
  auto [ptr, ec] = std::from_chars(columns.data(), columns.data() + columns.size(), parsed);
  if (!columns.empty() && ec == std::errc{} && parsed > 0) {
    width = parsed;
  } else {
    winsize ws{};
    if (isatty(fd) == 1 && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) width = ws.ws_col;
  }
  if (width < 40) width = 40;
  if (width > 100) width = 100;
  return width;
}

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string wrap_text(std::string_view text, std::size_t width, std::string_view indent) {
  std::string out;
  const std::size_t room = width > display_width(indent) + 10 ? width - display_width(indent) : 10;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    std::size_t used = 0;
    out += indent;
    std::size_t pos = 0;
    while (pos < line.size()) {
      std::size_t word_end = line.find(' ', pos);
      if (word_end == std::string_view::npos) word_end = line.size();
      std::string_view word = line.substr(pos, word_end - pos);
      if (!word.empty()) {
        std::size_t w = display_width(word);
        if (used > 0 && used + 1 + w > room) {
          out += '\n';
          out += indent;
          used = 0;
        } else if (used > 0) {
          out += ' ';
          ++used;
        }
        out += word;
        used += w;
      }
      pos = word_end + 1;
    }
    out += '\n';
    if (line_end == text.size()) break;
    line_start = line_end + 1;
  }
  return out;
}

} // namespace drill
