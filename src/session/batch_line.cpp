#include "session/batch_line.hpp"

#include "util/json_locate.hpp"
#include "util/json_writer.hpp"
#include "util/utf8.hpp"

#include <charconv>

namespace drill {

// Batch grading spent about as long building a nlohmann document for each
// input line as it did grading the answer. A line almost always has the
// same few members, so this reader picks them out directly. It is strict:
// it accepts only what RFC 8259 and nlohmann both accept, with the same
// meaning, and gives up on anything else, leaving the line to the full
// parser and its error messages.

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Reader {
public:
  explicit Reader(std::string_view text) : s_(text) {}

  char peek() {
    skip_space();
    return i_ < s_.size() ? s_[i_] : '\0';
  }

  bool eat(char c) {
    if (peek() != c || i_ >= s_.size()) return false;
    ++i_;
    return true;
  }

  bool at_end() {
    skip_space();
    return i_ == s_.size();
  }

  // A string, decoded into `out`.
  bool string(std::string &out) {
    out.clear();
    if (!eat('"')) return false;
    while (i_ < s_.size()) {
      // Copy the run of plain ASCII at once.
      std::size_t run = i_;
      while (run < s_.size() && k_json_plain_byte[static_cast<unsigned char>(s_[run])])
        ++run;
      out.append(s_.data() + i_, run - i_);
      i_ = run;
      if (i_ >= s_.size()) return false;
      auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false; // control characters must be escaped
      if (c == '\\') {
        if (!escape(out)) return false;
        continue;
      }
      char32_t cp = 0;
      std::size_t len = utf8_decode(s_, i_, cp);
      if (len == 0) return false;
      out.append(s_.data() + i_, len);
      i_ += len;
    }
    return false;
  }

  // The text of a number in JSON's grammar; `integer` says it has neither
  // fraction nor exponent.
  bool number(std::string_view &text, bool &integer) {
    skip_space();
    const std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size() || !is_digit(s_[i_])) return false;
    if (s_[i_] == '0')
      ++i_;
    else
      while (i_ < s_.size() && is_digit(s_[i_]))
        ++i_;
    integer = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      integer = false;
      ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_])) return false;
      while (i_ < s_.size() && is_digit(s_[i_]))
        ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      integer = false;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_])) return false;
      while (i_ < s_.size() && is_digit(s_[i_]))
        ++i_;
    }
    text = s_.substr(start, i_ - start);
    return true;
  }

  // true, false or null.
  bool literal(std::string_view &text) {
    skip_space();
    for (std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(i_, word.size()) == word) {
        i_ += word.size();
        text = word;
        return true;
      }
    }
    return false;
  }

  // Any value, checked and skipped; `depth` counts the containers around it.
  bool skip_value(std::size_t depth) {
    if (depth >= k_max_json_depth) return false; // the full parser explains the limit
    std::string_view text;
    bool integer = false;
    switch (peek()) {
    case '"': return string(scratch_);
    case '{':
      ++i_;
      if (eat('}')) return true;
      do {
        if (!string(scratch_) || !eat(':') || !skip_value(depth + 1)) return false;
      } while (eat(','));
      return eat('}');
    case '[':
      ++i_;
      if (eat(']')) return true;
      do {
        if (!skip_value(depth + 1)) return false;
      } while (eat(','));
      return eat(']');
    case 't':
    case 'f':
    case 'n': return literal(text);
    default: return number(text, integer);
    }
  }

private:
  void skip_space() {
    while (i_ < s_.size() && is_space(s_[i_]))
      ++i_;
  }

  // Four hex digits after "\u".
  bool hex4(char32_t &cp) {
    if (i_ + 4 > s_.size()) return false;
    cp = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      int v = hex_value(s_[i_ + k]);
      if (v < 0) return false;
      cp = (cp << 4) | static_cast<char32_t>(v);
    }
    i_ += 4;
    return true;
  }

  // An escape at s_[i_] == '\\'.
  bool escape(std::string &out) {
    if (++i_ >= s_.size()) return false;
    char c = s_[i_++];
    switch (c) {
    case '"': out += '"'; return true;
    case '\\': out += '\\'; return true;
    case '/': out += '/'; return true;
    case 'b': out += '\b'; return true;
    case 'f': out += '\f'; return true;
    case 'n': out += '\n'; return true;
    case 'r': out += '\r'; return true;
    case 't': out += '\t'; return true;
    case 'u': break;
    default: return false;
    }
    char32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false; // a low surrogate on its own
    if (cp >= 0xD800 && cp <= 0xDBFF) {             // a high surrogate needs its low half
      char32_t low = 0;
      if (i_ + 2 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
      i_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    utf8_append(out, static_cast<char32_t>(cp));
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string scratch_;
};

// "key": kept as the JSON text nlohmann would dump for it.
bool read_key(Reader &r, std::string &key_json) {
  std::string_view text;
  bool integer = false;
  const char c = r.peek();
  if (c == '"') {
    std::string value;
    if (!r.string(value)) return false;
    JsonWriter(key_json).value(std::string_view(value));
    return true;
  }
  if (c == 't' || c == 'f' || c == 'n') {
    if (!r.literal(text)) return false;
    key_json = text;
    return true;
  }
  // Integers nlohmann stores exactly and dumps as written; "-0" dumps as "0",
  // and fractions are reformatted, so those take the full path.
  if (!r.number(text, integer) || !integer || text == "-0") return false;
  if (text.size() > (text[0] == '-' ? 19u : 18u)) return false;
  key_json = text;
  return true;
}

// "elapsed_s": null, or a number of 0 or more.
bool read_elapsed(Reader &r, std::optional<double> &elapsed) {
  std::string_view text;
  bool integer = false;
  if (r.peek() == 'n') return r.literal(text) && text == "null";
  // Negative values are an error the full path words.
  if (!r.number(text, integer) || text[0] == '-') return false;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false; // out of range, say
  elapsed = value;
  return true;
}

} // namespace

std::optional<BatchLine> read_batch_line(std::string_view line) {
  Reader r(line);
  BatchLine out;
  bool answer = false, id = false, key = false, elapsed = false;
  std::string name;
  if (!r.eat('{')) return std::nullopt;
  if (!r.eat('}')) {
    do {
      if (!r.string(name) || !r.eat(':')) return std::nullopt;
      bool ok = false;
      if (name == "answer") {
        ok = !answer && r.peek() == '"' && r.string(out.answer);
        answer = true;
      } else if (name == "id") {
        ok = !id && r.peek() == '"' && r.string(out.id);
        id = true;
      } else if (name == "key") {
        ok = !key && read_key(r, out.key_json);
        key = true;
      } else if (name == "elapsed_s") {
        ok = !elapsed && read_elapsed(r, out.elapsed_s);
        elapsed = true;
      } else if (name != "question") {
        ok = r.skip_value(1);
      }
      if (!ok) return std::nullopt;
    } while (r.eat(','));
    if (!r.eat('}')) return std::nullopt;
  }
  if (!r.at_end() || !answer || !id) return std::nullopt;
  return out;
}

} // namespace drill
