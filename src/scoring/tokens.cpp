#include "scoring/tokens.hpp"

#include "scoring/lemma_table.hpp"
#include "util/utf8.hpp"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <unordered_map>

namespace drill {

namespace {

constexpr std::string_view k_stopwords[] = {
    "a",     "about",  "above",  "after",  "again",   "against", "all",     "also",   "am",      "an",       "and",
    "any",   "are",    "as",     "at",     "be",      "because", "been",    "before", "being",   "below",    "between",
    "both",  "but",    "by",     "can",    "could",   "did",     "do",      "does",   "doing",   "down",     "during",
    "each",  "either", "else",   "even",   "every",   "few",     "for",     "from",   "further", "had",      "has",
    "have",  "having", "he",     "her",    "here",    "hers",    "him",     "his",    "how",     "i",        "if",
    "in",    "into",   "is",     "it",     "its",     "itself",  "just",    "may",    "me",      "might",    "more",
    "most",  "must",   "my",     "myself", "no",      "nor",     "not",     "now",    "of",      "off",      "on",
    "once",  "one",    "only",   "or",     "other",   "our",     "ours",    "out",    "over",    "own",      "same",
    "shall", "she",    "should", "so",     "some",    "such",    "than",    "that",   "the",     "their",    "them",
    "then",  "there",  "these",  "they",   "this",    "those",   "through", "to",     "too",     "under",    "until",
    "up",    "us",     "very",   "was",    "we",      "were",    "what",    "when",   "where",   "which",    "while",
    "who",   "whom",   "why",    "will",   "with",    "would",   "you",     "your",   "yours",   "yourself", "via",
    "per",   "onto",   "upon",   "within", "without", "let",     "lets",    "get",    "got"};

constexpr bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Byte tables for the loops that see every byte of an answer.
struct ByteTables {
  std::array<char, 256> lower{};     // ASCII upper case folded, every other byte unchanged
  std::array<bool, 256> word_byte{}; // ASCII letters and digits, either case
  std::array<bool, 256> space{};     // the whitespace count_words splits on
  std::array<bool, 256> counts{};    // bytes that make a run of non-space a word
};

constexpr ByteTables make_byte_tables() {
  ByteTables t;
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const bool upper = b >= 'A' && b <= 'Z';
    t.lower[static_cast<std::size_t>(b)] = upper ? static_cast<char>(b - 'A' + 'a') : c;
    t.word_byte[static_cast<std::size_t>(b)] = upper || is_ascii_alnum(c);
    t.space[static_cast<std::size_t>(b)] = b == ' ' || b == '\n' || b == '\t' || b == '\r';
    t.counts[static_cast<std::size_t>(b)] = upper || is_ascii_alnum(c) || b >= 0x80;
  }
  return t;
}

constexpr ByteTables k_bytes = make_byte_tables();

std::size_t byte(char c) { return static_cast<unsigned char>(c); }

// Expands a contraction in place ("wouldn't" -> "would" + "not") and returns
// the extra word it produced, if any.
std::string_view expand_contraction(std::string &word) {
  auto ends = [&](std::string_view suffix) {
    return word.size() > suffix.size() && word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  auto cut = [&](std::size_t n) { word.resize(word.size() - n); };
  if (word == "can't" || word == "cannot") {
    word = "can";
    return "not";
  }
  if (word == "won't") {
    word = "will";
    return "not";
  }
  if (word == "shan't") {
    word = "shall";
    return "not";
  }
  if (ends("n't")) {
    cut(3);
    return "not";
  }
  if (ends("'re")) return cut(3), "are";
  if (ends("'ve")) return cut(3), "have";
  if (ends("'ll")) return cut(3), "will";
  if (ends("'d")) return cut(2), "would";
  if (ends("'m")) return cut(2), "am";
  if (ends("'s"))
    cut(2);
  else if (ends("'"))
    cut(1);
  return {};
}

bool sentence_break(std::string_view text, std::size_t i) {
  char c = text[i];
  if (c == '\n') return true;
  if (c != '.' && c != '!' && c != '?' && c != ';') return false;
  return i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '\t' ||
         text[i + 1] == '\r' || text[i + 1] == '"' || text[i + 1] == ')';
}

} // namespace

struct Stemmer::Lexicon {
  std::deque<Lexeme> lexemes; // a deque never moves its elements, so views of them stay valid
  std::unordered_map<std::string_view, std::uint32_t> by_stem; // views of the first lexeme with that stem

  // Words to lexemes: open addressing with linear probing, at most half
  // full. Every token of every text is looked up here, so a lookup is one
  // multiply-and-shift hash of the word, and a string comparison only when
  // the stored hash agrees.
  struct Slot {
    std::uint64_t hash = 0;
    const Lexeme *lexeme = nullptr;
  };
  std::vector<Slot> slots = std::vector<Slot>(1024);

  static std::uint64_t hash(std::string_view w) {
    constexpr std::uint64_t k_mul = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = (w.size() + 1) * k_mul;
    std::size_t i = 0;
    for (; i + 8 <= w.size(); i += 8) {
      std::uint64_t v = 0;
      std::memcpy(&v, w.data() + i, 8);
      h = (h ^ v) * k_mul;
      h ^= h >> 29;
    }
    if (i < w.size()) {
      std::uint64_t v = 0;
      std::memcpy(&v, w.data() + i, w.size() - i);
      h = (h ^ v) * k_mul;
      h ^= h >> 29;
    }
    return h | 1; // never 0, which marks an empty slot
  }

  Slot &find(std::string_view w, std::uint64_t h) {
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot &slot = slots[i];
      if (slot.hash == 0 || (slot.hash == h && slot.lexeme->word == w)) return slot;
    }
  }

  void grow() {
    std::vector<Slot> old(slots.size() * 2);
    old.swap(slots);
    for (const Slot &slot : old)
      if (slot.hash != 0) find(slot.lexeme->word, slot.hash) = slot;
  }
};

Stemmer::Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")), lexicon_(std::make_shared<Lexicon>()) {
  if (!stemmer_) throw std::runtime_error("cannot create the English stemmer");
}

Stemmer::~Stemmer() { sb_stemmer_delete(stemmer_); }

const Lexeme &Stemmer::lexeme(std::string_view word) {
  Lexicon &lx = *lexicon_;
  const std::uint64_t h = Lexicon::hash(word);
  if (const Lexicon::Slot &slot = lx.find(word, h); slot.hash != 0) return *slot.lexeme;
  Lexeme fresh;
  fresh.word = std::string(word);
  fresh.id = static_cast<std::uint32_t>(lx.lexemes.size());
  fresh.numeric = std::any_of(word.begin(), word.end(), is_digit);
  fresh.stopword = is_stopword(word);
  // Numbers and names like "c++", "c#" and "n+1" are matched as written.
  if (fresh.numeric || word.find_first_of("+#'") != std::string_view::npos) {
    fresh.stem = fresh.word;
  } else {
    if (!lemmas_) lemmas_ = &LemmaTable::installed();
    if (std::string_view base = lemmas_->lemma_of(word); !base.empty()) word = base;
    const sb_symbol *out =
        sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol *>(word.data()), static_cast<int>(word.size()));
    fresh.stem =
        out ? std::string(reinterpret_cast<const char *>(out), static_cast<std::size_t>(sb_stemmer_length(stemmer_)))
            : fresh.word;
  }
  Lexeme &stored = lx.lexemes.emplace_back(std::move(fresh));
  stored.stem_id = lx.by_stem.emplace(stored.stem, static_cast<std::uint32_t>(lx.by_stem.size())).first->second;
  if (2 * lx.lexemes.size() > lx.slots.size()) lx.grow();
  lx.find(stored.word, h) = Lexicon::Slot{h, &stored};
  return stored;
}

std::size_t Stemmer::words() const { return lexicon_->lexemes.size(); }
std::size_t Stemmer::stems() const { return lexicon_->by_stem.size(); }

bool Stemmer::renew_if_larger_than(std::size_t limit) {
  if (lexicon_->lexemes.size() <= limit) return false;
  lexicon_ = std::make_shared<Lexicon>();
  ++generation_;
  return true;
}

std::shared_ptr<const void> Stemmer::keep_alive() const { return lexicon_; }

std::size_t count_words(std::string_view text) {
  // Without branches: words and spaces alternate every few bytes, and a
  // mispredicted branch at each change cost more than the rest of the loop.
  // No byte is both a space and one that counts.
  std::size_t n = 0;
  unsigned counted = 0; // 1 once the current run of non-space has counted
  for (char c : text) {
    const unsigned counts = k_bytes.counts[byte(c)];
    n += counts & (counted ^ 1U);
    counted = (counted | counts) & (k_bytes.space[byte(c)] ^ 1U);
  }
  return n;
}

bool is_stopword(std::string_view word) {
  // Every answer word is checked, so the table is split by first letter and
  // length: a lookup compares against one or two candidates at most.
  constexpr std::size_t k_longest = 8;
  using Bucket = std::vector<std::string_view>;
  static const std::array<std::array<Bucket, k_longest + 1>, 26> table = [] {
    std::array<std::array<Bucket, k_longest + 1>, 26> t{};
    for (std::string_view w : k_stopwords) {
      if (w.size() > k_longest) throw std::logic_error("stop word longer than the lookup table allows");
      t[static_cast<std::size_t>(w[0] - 'a')][w.size()].push_back(w);
    }
    return t;
  }();
  if (word.empty() || word.size() > k_longest || word[0] < 'a' || word[0] > 'z') return false;
  const Bucket &bucket = table[static_cast<std::size_t>(word[0] - 'a')][word.size()];
  return std::find(bucket.begin(), bucket.end(), word) != bucket.end();
}

TokenizedText tokenize(std::string_view text, Stemmer &stemmer) {
  TokenizedText out;
  out.generation = stemmer.generation();
  out.lexicon = stemmer.keep_alive();
  out.tokens.reserve(text.size() / 5 + 1);
  std::string word;              // the word being read, reused: tokens view the lexicon, not this
  word.reserve(text.size() + 1); // never longer than the text, so appending never reallocates
  bool apostrophe = false;       // the word holds a ' (a contraction to expand)
  std::size_t sentence_start = 0;
  bool sentence_has_words = false;
  bool pending_comma = false;

  auto emit = [&](std::string_view w) {
    const Lexeme &lx = stemmer.lexeme(w);
    Token &t = out.tokens.emplace_back();
    t.word = lx.word;
    t.stem = lx.stem;
    t.word_id = lx.id;
    t.stem_id = lx.stem_id;
    t.numeric = lx.numeric;
    t.stopword = lx.stopword;
    t.sentence = static_cast<std::uint32_t>(out.sentences.size());
    t.after_comma = pending_comma;
    pending_comma = false;
    sentence_has_words = true;
  };
  auto flush = [&] {
    if (word.empty()) return;
    while (!word.empty() && (word.back() == '.' || word.back() == ','))
      word.pop_back();
    std::string_view extra = apostrophe || word == "cannot" ? expand_contraction(word) : std::string_view();
    if (!word.empty()) emit(word);
    if (!extra.empty()) emit(extra);
    word.clear();
    apostrophe = false;
  };
  auto end_sentence = [&](std::size_t end) {
    flush();
    if (sentence_has_words) out.sentences.push_back(Sentence{sentence_start, end});
    sentence_start = end;
    sentence_has_words = false;
  };

  std::size_t i = 0;
  while (i < text.size()) {
    if (k_bytes.word_byte[byte(text[i])]) {
      // A run of ASCII letters and digits, folded as it is copied.
      do
        word.push_back(k_bytes.lower[byte(text[i])]);
      while (++i < text.size() && k_bytes.word_byte[byte(text[i])]);
      continue;
    }
    char32_t cp = 0;
    std::size_t len = utf8_decode(text, i, cp);
    if (len == 0) {
      ++out.invalid_bytes;
      flush();
      ++i;
      continue;
    }
    if (len > 1) {
      if (cp == U'\u2019' || cp == U'\u2018') { // typographic apostrophes
        if (!word.empty()) word += '\'', apostrophe = true;
      } else if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000) {
        word.append(text.substr(i, len)); // letters of other scripts stay as they are
      } else {
        flush();
      }
      i += len;
      continue;
    }
    const char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    char prev = word.empty() ? '\0' : word.back();
    if ((c == '+' || c == '#') && !word.empty() && is_ascii_alnum(prev)) {
      word += c; // "n+1", "c++", "c#"
    } else if (c == '+' && !word.empty() && prev == '+') {
      word += c;
    } else if ((c == '.' || c == ',') && is_digit(prev) && is_digit(next)) {
      if (c == '.') word += c; // "3.5"; "1,000" becomes "1000"
    } else if (c == '%' && is_digit(prev)) {
      word += c;
    } else if (c == '\'' && !word.empty() && std::isalpha(static_cast<unsigned char>(next))) {
      word += c;
      apostrophe = true;
    } else if (sentence_break(text, i)) {
      end_sentence(i + 1);
    } else {
      flush();
      if (c == ',' || c == ':' || c == '(' || c == ')') pending_comma = true;
    }
    ++i;
  }
  end_sentence(text.size());
  return out;
}

std::string sentence_text(std::string_view text, const Sentence &s, std::size_t max_chars) {
  std::string out;
  const std::size_t end = std::min(s.end, text.size());
  std::size_t i = s.begin;
  // List markers and blanks at the front are dropped; whitespace inside
  // collapses to one space. Only the first max_chars + 1 characters decide
  // where the text is cut, so copying stops there.
  while (i < end && (text[i] == '-' || text[i] == '*' || k_bytes.space[byte(text[i])]))
    ++i;
  bool space = false;
  while (i < end && out.size() <= max_chars) {
    if (k_bytes.space[byte(text[i])]) {
      space = true;
      ++i;
      continue;
    }
    if (space) out += ' ';
    space = false;
    std::size_t run = i;
    while (run < end && !k_bytes.space[byte(text[run])])
      ++run;
    out.append(text.data() + i, run - i);
    i = run;
  }
  if (out.size() > max_chars) {
    std::size_t cut = out.rfind(' ', max_chars);
    out.resize(cut == std::string::npos || cut < max_chars / 2 ? max_chars : cut);
    // never leave half a UTF-8 character behind
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
      out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
    out += "...";
  }
  return out;
}

} // namespace drill
