#include "bank/bank_reader.hpp"

#include "bank/format_version.hpp"
#include "util/json_locate.hpp"
#include "util/utf8.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace drill {

// Why a second reader: nlohmann_json's lexer appends every character of every
// string one at a time and builds a DOM that parse_question then walks, about
// 70 MB/s in all. Bank files are mostly long plain strings, so this reader
// finds the end of a string eight bytes at a time and copies it once, and
// fills a Question straight from the text.
//
// It is built to be wrong in one direction only. Whatever it is unsure of it
// declines: a syntax error, deep nesting or an unusual header makes the whole
// document go to the nlohmann path (so the message is the one that path
// gives); anything in a question that parse_question would report, or that
// this reader does not model (a repeated key, an unknown key), leaves the
// question empty so the caller hands that element's text to parse_question.
// A question it does fill must be exactly what parse_question would return;
// the differential tests and the bank fuzz target hold it to that.

namespace {

// Thrown to give up on the document; caught in read_bank_text.
struct Decline {};

constexpr std::array<std::string_view, 14> k_question_keys{
    "id",   "prompt",   "category",     "difficulty", "roles",      "topics",         "time_limit_s",
    "star", "concepts", "model_answer", "tips",       "follow_ups", "misconceptions", "references"};
enum QuestionKey : unsigned {
  k_id,
  k_prompt,
  k_category,
  k_difficulty,
  k_roles,
  k_topics,
  k_time_limit_s,
  k_star,
  k_concepts,
  k_model_answer,
  k_tips,
  k_follow_ups,
  k_misconceptions,
  k_references,
};
constexpr std::array<std::string_view, 5> k_concept_keys{"name", "any", "weight", "probe", "problem"};
constexpr std::array<std::string_view, 4> k_misconception_keys{"claim", "any", "correction", "weight"};

enum class Slugs { required, no };

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Trims in place, as parse_question's copy does.
void trim(std::string &s) {
  const auto *ws = " \t\r\n";
  s.erase(s.find_last_not_of(ws) + 1);
  s.erase(0, s.find_first_not_of(ws));
}

template <std::size_t N> int key_index(const std::array<std::string_view, N> &keys, std::string_view key) {
  for (std::size_t i = 0; i < N; ++i)
    if (keys[i] == key) return static_cast<int>(i);
  return -1;
}

// A bit set in each byte of `w` that a string's plain run stops at: '"',
// '\\', a control character or a non-ASCII byte. The lowest set bit is exact
// (the zero-byte tests only give false hits above a true one), which is all
// the scan needs.
std::uint64_t stop_bytes(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  std::uint64_t quote = w ^ (ones * '"');
  std::uint64_t backslash = w ^ (ones * '\\');
  std::uint64_t zero_quote = (quote - ones) & ~quote;
  std::uint64_t zero_backslash = (backslash - ones) & ~backslash;
  std::uint64_t control = (w - ones * 0x20) & ~w;
  return (zero_quote | zero_backslash | control | w) & high;
}

bool stop_byte(unsigned char c) { return c == '"' || c == '\\' || c < 0x20 || c >= 0x80; }

// A number token: where it is, and whether nlohmann would hold it as an
// integer that fits (no fraction or exponent, at most 18 digits).
struct Number {
  std::string_view text;
  bool small_integer = false;
};

class Reader {
public:
  explicit Reader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  void read(const std::function<bool(BankElement &)> &on_element) {
    skip_ws();
    if (peek() != '{') throw Decline{};
    bool format = false;
    bool version = false;
    bool questions = false;
    each_member([&](std::string_view key) {
      if (key == "format") {
        if (format) throw Decline{};
        format = true;
        if (peek() != '"') throw Decline{};
        string(scratch_);
        if (scratch_ != "drill-bank") throw Decline{};
      } else if (key == "version") {
        if (version) throw Decline{};
        version = true;
        const std::string_view v = number().text;
        if (v.size() != 1 || v[0] < '1' || v[0] - '0' > k_bank_format_version) throw Decline{};
      } else if (key == "role") {
        if (!role_.empty() || peek() != '"') throw Decline{};
        string(role_);
        if (!is_slug(role_)) throw Decline{};
      } else if (key == "questions") {
        // Only once the header is known, as the nlohmann path streams them.
        if (questions || !version || role_.empty() || peek() != '[') throw Decline{};
        questions = true;
        elements(on_element);
      } else if (key == "$schema") {
        skip_value();
      } else {
        throw Decline{};
      }
    });
    skip_ws();
    if (p_ != end_ || !format || !questions) throw Decline{};
  }

private:
  void elements(const std::function<bool(BankElement &)> &on_element) {
    std::size_t i = 0;
    each_element([&] {
      const char *start = p_;
      BankElement element;
      element.index = i++;
      element.role = role_;
      element.question = question();
      element.text = std::string_view(start, static_cast<std::size_t>(p_ - start));
      if (!on_element(element)) throw Decline{};
    });
  }

  // Reads one element; the question when it is one parse_question accepts.
  std::optional<Question> question() {
    Question q;
    auto seen = known_members(k_question_keys, [&](int k) { return field(static_cast<QuestionKey>(k), q); });
    if (!seen) return std::nullopt;
    auto has = [&](QuestionKey k) { return (*seen & (1U << k)) != 0; };
    if (!has(k_id) || !has(k_prompt) || !has(k_category) || !has(k_difficulty)) return std::nullopt;
    if (q.concepts.empty() && !has(k_model_answer)) return std::nullopt;
    if (!has(k_roles)) q.roles.emplace_back(role_);
    if (!has(k_time_limit_s)) q.time_limit_s = default_time_limit_s(q.category);
    if (!has(k_star)) q.star = q.category == Category::behavioral;
    return q;
  }

  // Reads the value of one question key into `q`; false when parse_question
  // would report it.
  bool field(QuestionKey key, Question &q) {
    switch (key) {
    case k_id: return text(q.id) && is_question_id(q.id);
    case k_prompt:
      if (!text(q.prompt)) return false;
      trim(q.prompt);
      return true;
    case k_category: {
      if (!text(scratch_)) return false;
      auto c = parse_category(scratch_);
      if (c) q.category = *c;
      return c.has_value();
    }
    case k_difficulty: {
      if (!text(scratch_)) return false;
      auto d = parse_difficulty(scratch_);
      if (d) q.difficulty = *d;
      return d.has_value();
    }
    case k_roles: return list(q.roles, Slugs::required) && !q.roles.empty();
    case k_topics: return list(q.topics, Slugs::required);
    case k_time_limit_s: {
      if (peek() != '-' && !digit(peek())) {
        skip_value();
        return false;
      }
      Number n = number();
      long long v = 0;
      if (!n.small_integer) return false;
      std::from_chars(n.text.data(), n.text.data() + n.text.size(), v);
      q.time_limit_s = static_cast<int>(v);
      return v > 0 && v <= 86400;
    }
    case k_star: return boolean(q.star);
    case k_concepts: return concepts(q.concepts);
    case k_model_answer:
      if (!text(q.model_answer)) return false;
      trim(q.model_answer);
      return true;
    case k_tips: return list(q.tips, Slugs::no);
    case k_follow_ups: return list(q.follow_ups, Slugs::no);
    case k_references: return list(q.references, Slugs::no);
    case k_misconceptions: return misconceptions(q.misconceptions);
    }
    return false;
  }

  bool concepts(std::vector<Concept> &out) {
    if (peek() != '[') {
      skip_value();
      return false;
    }
    // Gathered in a reused vector, then moved into one of the exact size:
    // fewer allocations than growing `out`, and no spare capacity kept.
    concepts_.clear();
    bool fine = true;
    each_element([&] { fine = concept_item(concepts_) && fine; });
    out.assign(std::make_move_iterator(concepts_.begin()), std::make_move_iterator(concepts_.end()));
    return fine;
  }

  bool concept_item(std::vector<Concept> &out) {
    Concept c;
    auto seen = known_members(k_concept_keys, [&](int k) {
      if (k == 0) return text(c.name);
      if (k == 1) return list(c.any, Slugs::no) && !c.any.empty();
      if (k == 2) return weight(c.weight) && c.weight <= k_max_concept_weight;
      if (k == 3) return text(c.probe);
      return boolean(c.problem);
    });
    if (!seen || (*seen & 3U) != 3U) return false;
    out.push_back(std::move(c));
    return true;
  }

  bool misconceptions(std::vector<Misconception> &out) {
    if (peek() != '[') {
      skip_value();
      return false;
    }
    bool fine = true;
    each_element([&] {
      Misconception m;
      auto seen = known_members(k_misconception_keys, [&](int k) {
        if (k == 0) return text(m.claim);
        if (k == 1) return list(m.any, Slugs::no) && !m.any.empty();
        if (k == 2) return text(m.correction);
        return weight(m.weight) && m.weight <= 3;
      });
      if (!seen || (*seen & 7U) != 7U)
        fine = false;
      else
        out.push_back(std::move(m));
    });
    return fine;
  }

  // true or false into `out`; false (and the value skipped) for anything else.
  bool boolean(bool &out) {
    if (literal("true")) return out = true, true;
    if (literal("false")) return out = false, true;
    skip_value();
    return false;
  }

  bool weight(double &out) {
    if (peek() != '-' && !digit(peek())) {
      skip_value();
      return false;
    }
    Number n = number();
    std::from_chars(n.text.data(), n.text.data() + n.text.size(), out);
    return std::isfinite(out) && out > 0;
  }

  // A non-blank string into `out`; false (and the value skipped) otherwise.
  bool text(std::string &out) {
    if (peek() != '"') {
      skip_value();
      return false;
    }
    string(out);
    return !blank(out);
  }

  // An array of non-blank strings, slugs (or "any") if so asked.
  bool list(std::vector<std::string> &out, Slugs slugs) {
    if (peek() != '[') {
      skip_value();
      return false;
    }
    // As in concepts(): a list holds no list, so one reused vector serves.
    items_.clear();
    bool fine = true;
    each_element([&] {
      std::string s;
      if (text(s) && (slugs == Slugs::no || s == "any" || is_slug(s)))
        items_.push_back(std::move(s));
      else
        fine = false;
    });
    out.assign(std::make_move_iterator(items_.begin()), std::make_move_iterator(items_.end()));
    return fine;
  }

  // At '{': calls `each` with every key, at its value, which `each` must
  // read or skip before it uses the reader again (the key is reused).
  // Reads an object whose keys must each be one of `keys`, at most once;
  // `read(k)` reads the value of key number k and says whether it is fine.
  // The keys seen as bits, or nullopt when the value is not an object, or a
  // key is unknown or repeated, or a value is not fine (the object is still
  // read to its end).
  template <std::size_t N, class Read>
  std::optional<unsigned> known_members(const std::array<std::string_view, N> &keys, Read read) {
    if (peek() != '{') {
      skip_value();
      return std::nullopt;
    }
    bool fine = true;
    unsigned seen = 0;
    each_member([&](std::string_view key) {
      int k = key_index(keys, key);
      if (k < 0 || (seen & (1U << k))) {
        fine = false;
        skip_value();
      } else {
        seen |= 1U << k;
        fine = read(k) && fine;
      }
    });
    if (!fine) return std::nullopt;
    return seen;
  }

  template <class Each> void each_member(Each each) {
    ++p_;
    enter();
    skip_ws();
    if (peek() == '}')
      ++p_;
    else
      do
        each(member_key());
      while (next_member('}'));
    leave();
  }

  // At '[': calls `each` at every element, which it must read or skip.
  template <class Each> void each_element(Each each) {
    ++p_;
    enter();
    skip_ws();
    if (peek() == ']')
      ++p_;
    else
      do
        each();
      while (next_member(']'));
    leave();
  }

  // After a value in an object or array: true at ',', false past the closer.
  bool next_member(char closer) {
    skip_ws();
    if (p_ == end_) throw Decline{};
    if (*p_ == ',') {
      ++p_;
      skip_ws();
      return true;
    }
    if (*p_ != closer) throw Decline{};
    ++p_;
    return false;
  }

  // At a key: reads it and the ':' after it, and stops at the value.
  std::string_view member_key() {
    skip_ws();
    if (peek() != '"') throw Decline{};
    string(key_);
    skip_ws();
    expect(':');
    skip_ws();
    return key_;
  }

  void skip_value() {
    switch (peek()) {
    case '"': string(scratch_); return;
    case '{': each_member([&](std::string_view) { skip_value(); }); return;
    case '[': each_element([&] { skip_value(); }); return;
    case 't':
      if (!literal("true")) throw Decline{};
      return;
    case 'f':
      if (!literal("false")) throw Decline{};
      return;
    case 'n':
      if (!literal("null")) throw Decline{};
      return;
    default: number(); return;
    }
  }

  // At an opening quote: decodes the string into `out` and moves past it.
  void string(std::string &out) {
    ++p_;
    out.clear();
    const char *run = p_;
    for (;;) {
      p_ = plain_run(p_);
      if (p_ == end_) throw Decline{};
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.append(run, p_);
        ++p_;
        return;
      }
      if (c == '\\') {
        out.append(run, p_);
        escape(out);
        run = p_;
      } else if (c >= 0x80) {
        char32_t cp = 0;
        std::size_t n = utf8_decode(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0, cp);
        if (n == 0) throw Decline{};
        p_ += n;
      } else {
        throw Decline{}; // a control character
      }
    }
  }

  // The first byte at or after p that ends a plain run of a string.
  const char *plain_run(const char *p) const {
#ifdef __SSE2__
    // Sixteen bytes at a time: a signed compare with 0x20 catches both the
    // control characters and the non-ASCII bytes (negative as signed).
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end_ - p >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
      __m128i stops =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space));
      if (int mask = _mm_movemask_epi8(stops)) return p + std::countr_zero(static_cast<unsigned>(mask));
      p += 16;
    }
#endif
    if constexpr (std::endian::native == std::endian::little) {
      while (end_ - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        if (std::uint64_t stops = stop_bytes(w)) return p + (std::countr_zero(stops) >> 3);
        p += 8;
      }
    }
    while (p < end_ && !stop_byte(static_cast<unsigned char>(*p)))
      ++p;
    return p;
  }

  // At a backslash: appends what the escape stands for.
  void escape(std::string &out) {
    ++p_;
    if (p_ == end_) throw Decline{};
    char c = *p_++;
    switch (c) {
    case '"': out += '"'; return;
    case '\\': out += '\\'; return;
    case '/': out += '/'; return;
    case 'b': out += '\b'; return;
    case 'f': out += '\f'; return;
    case 'n': out += '\n'; return;
    case 'r': out += '\r'; return;
    case 't': out += '\t'; return;
    case 'u': break;
    default: throw Decline{};
    }
    std::uint32_t cp = hex4();
    if (cp >= 0xDC00 && cp <= 0xDFFF) throw Decline{};
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') throw Decline{};
      p_ += 2;
      std::uint32_t low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) throw Decline{};
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    utf8_append(out, static_cast<char32_t>(cp));
  }

  std::uint32_t hex4() {
    if (end_ - p_ < 4) throw Decline{};
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = *p_++;
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        throw Decline{};
    }
    return v;
  }

  // A number as RFC 8259 writes it. One nlohmann would refuse (a double that
  // overflows) or might read differently (one that underflows) is declined.
  Number number() {
    const char *start = p_;
    if (peek() == '-') ++p_;
    if (peek() == '0')
      ++p_;
    else if (digit(peek()))
      digits();
    else
      throw Decline{};
    const char *int_end = p_;
    bool fraction = false;
    if (peek() == '.') {
      ++p_;
      if (!digit(peek())) throw Decline{};
      digits();
      fraction = true;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++p_;
      if (peek() == '+' || peek() == '-') ++p_;
      if (!digit(peek())) throw Decline{};
      digits();
      fraction = true;
    }
    Number n{std::string_view(start, static_cast<std::size_t>(p_ - start)), false};
    std::size_t int_digits = static_cast<std::size_t>(int_end - start) - (*start == '-' ? 1 : 0);
    n.small_integer = !fraction && int_digits <= 18;
    if (!n.small_integer) {
      double v = 0;
      auto [ptr, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), v);
      if (ec != std::errc{} || ptr != n.text.data() + n.text.size() || !std::isfinite(v)) throw Decline{};
    }
    return n;
  }

  void digits() {
    while (digit(peek()))
      ++p_;
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  void enter() {
    if (++depth_ > k_max_json_depth) throw Decline{};
  }
  void leave() { --depth_; }

  void expect(char c) {
    if (peek() != c) throw Decline{};
    ++p_;
  }

  [[nodiscard]] char peek() const { return p_ == end_ ? '\0' : *p_; }

  void skip_ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
      ++p_;
  }

  const char *p_;
  const char *end_;
  std::size_t depth_ = 0;
  std::string role_;
  std::string key_;
  std::string scratch_;
  std::vector<std::string> items_;
  std::vector<Concept> concepts_;
};

} // namespace

bool read_bank_text(std::string_view text, const std::function<bool(BankElement &)> &on_element) {
  try {
    Reader(text).read(on_element);
    return true;
  } catch (const Decline &) {
    return false;
  }
}

} // namespace drill
