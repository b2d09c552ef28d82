#include "util/visible.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace drill {

namespace {

// A C0 control other than tab (and newline when kept), or DEL.
bool shown(unsigned char c, Newlines newlines) {
  if (c == '\t' || (c == '\n' && newlines == Newlines::keep)) return false;
  return c < 0x20 || c == 0x7f;
}

// A C1 control, U+0080..U+009F, which UTF-8 writes as C2 80..C2 9F.
bool c1_at(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

} // namespace

std::string visible(std::string_view text, Newlines newlines) {
  bool clean = std::none_of(text.begin(), text.end(), [newlines](char c) {
    auto u = static_cast<unsigned char>(c);
    return shown(u, newlines) || u == 0xC2;
  });
  if (clean) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (shown(c, newlines)) {
      out += '^';
      out += static_cast<char>(c == 0x7f ? '?' : c + 0x40);
    } else if (c1_at(text, i)) {
      out += fmt::format("<U+{:04X}>", static_cast<unsigned char>(text[i + 1]));
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

} // namespace drill
