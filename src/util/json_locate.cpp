#include "util/json_locate.hpp"

#include <charconv>

namespace drill {

// Error messages need a file position, but a DOM has none. Rather than keep
// positions for every value on the hot path, we find the one we need after
// the fact: walk the text along the path, skipping the values in between.
// Only error paths pay for this, and the walk uses no recursion, so deeply
// nested input cannot exhaust the stack.

namespace {

struct Cursor {
  std::string_view text;
  std::size_t pos = 0;

  [[nodiscard]] bool done() const { return pos >= text.size(); }
  [[nodiscard]] char peek() const { return done() ? '\0' : text[pos]; }

  void skip_ws() {
    while (!done() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  // At an opening quote: moves past the string and returns its raw contents.
  std::string_view string() {
    std::size_t start = ++pos;
    while (!done() && text[pos] != '"')
      pos += text[pos] == '\\' ? std::size_t{2} : std::size_t{1};
    std::size_t end = pos < text.size() ? pos : text.size();
    if (!done()) ++pos;
    return text.substr(start, end - start);
  }

  // Moves past one value of any kind.
  void skip_value() {
    char c = peek();
    if (c == '"') {
      string();
      return;
    }
    if (c == '{' || c == '[') {
      std::size_t depth = 0;
      while (!done()) {
        char d = text[pos];
        if (d == '"') {
          string();
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') {
          ++pos;
          if (--depth == 0) return;
          continue;
        }
        ++pos;
      }
      return;
    }
    while (!done() && text[pos] != ',' && text[pos] != '}' && text[pos] != ']' && text[pos] != ' ' &&
           text[pos] != '\n' && text[pos] != '\r' && text[pos] != '\t')
      ++pos;
  }
};

} // namespace

std::size_t excess_nesting(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition p;
  if (offset > text.size()) offset = text.size();
  for (std::size_t i = 0; i < offset; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

std::size_t locate(std::string_view text, const JsonPath &path, PathTarget target) {
  Cursor cur{text, 0};
  cur.skip_ws();
  std::size_t found = cur.pos;
  for (std::size_t t = 0; t < path.size(); ++t) {
    const std::string &token = path[t];
    const bool last = t + 1 == path.size();
    if (cur.peek() == '{') {
      ++cur.pos;
      bool matched = false;
      while (true) {
        cur.skip_ws();
        if (cur.peek() != '"') return found;
        std::size_t key_start = cur.pos;
        std::string_view key = cur.string();
        cur.skip_ws();
        if (cur.peek() != ':') return found;
        ++cur.pos;
        cur.skip_ws();
        if (key == token) {
          if (last && target == PathTarget::key) return key_start;
          matched = true;
          break;
        }
        cur.skip_value();
        cur.skip_ws();
        if (cur.peek() != ',') return found;
        ++cur.pos;
      }
      if (!matched) return found;
    } else if (cur.peek() == '[') {
      std::size_t index = 0;
      auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc{} || ptr != token.data() + token.size()) return found;
      ++cur.pos;
      for (std::size_t n = 0;; ++n) {
        cur.skip_ws();
        if (cur.peek() == ']' || cur.done()) return found;
        if (n == index) break;
        cur.skip_value();
        cur.skip_ws();
        if (cur.peek() != ',') return found;
        ++cur.pos;
      }
    } else {
      return found;
    }
    found = cur.pos;
  }
  return found;
}

} // namespace drill
