#include "render/chart.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace drill {

namespace {

bool contains_utf8(std::string_view s) {
  std::string lower;
  for (char c : s)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
}

constexpr std::array<std::string_view, 8> k_levels = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr std::string_view k_ascii_levels = "_.-:=+*#";
constexpr std::array<std::string_view, 8> k_eighths = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

double fraction(double value, double max) {
  if (max <= 0 || std::isnan(value)) return 0;
  return std::clamp(value / max, 0.0, 1.0);
}

} // namespace

bool is_utf8_locale(std::string_view lc_all, std::string_view lc_ctype, std::string_view lang) {
  for (std::string_view v : {lc_all, lc_ctype, lang})
    if (!v.empty()) return contains_utf8(v);
  return false;
}

std::string sparkline(const std::vector<std::optional<double>> &values, double max, Glyphs glyphs) {
  std::string out;
  for (const auto &v : values) {
    if (!v) {
      out += ' ';
      continue;
    }
    auto level = static_cast<std::size_t>(std::lround(fraction(*v, max) * 7));
    if (glyphs == Glyphs::unicode)
      out += k_levels[level];
    else
      out += k_ascii_levels[level];
  }
  return out;
}

std::string bar(double value, double max, std::size_t width, Glyphs glyphs) {
  auto eighths = static_cast<std::size_t>(std::lround(fraction(value, max) * static_cast<double>(width * 8)));
  std::size_t full = eighths / 8;
  std::size_t rest = eighths % 8;
  std::string out;
  if (glyphs == Glyphs::ascii) {
    full = (eighths + 4) / 8;
    out.append(full, '#');
    out.append(width - full, ' ');
    return out;
  }
  for (std::size_t i = 0; i < full; ++i)
    out += "█";
  out += k_eighths[rest];
  out.append(width - full - (rest > 0 ? 1 : 0), ' ');
  return out;
}

} // namespace drill
