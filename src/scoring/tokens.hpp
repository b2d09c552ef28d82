#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace drill {

class LemmaTable;

/// One distinct word as the tokenizer knows it: its stem and the facts every
/// reader of a token asks, worked out once when the word is first seen. An
/// irregular form is stemmed as the word it is a form of ("led" as "lead",
/// scoring/lemma_table.hpp).
struct Lexeme {
  std::string word;          ///< case-folded surface form
  std::string stem;          ///< Snowball English stem; == word for numbers, "c++", "n+1"
  std::uint32_t id = 0;      ///< this word's number in its lexicon
  std::uint32_t stem_id = 0; ///< equal stems have equal ids, within one lexicon
  bool numeric = false;      ///< contains a digit
  bool stopword = false;     ///< an English function word ("the", "of", "would")
};

/// One word of a text, normalised for matching. `word` and `stem` view the
/// lexicon of the Stemmer that read the text; the TokenizedText keeps that
/// lexicon alive.
struct Token {
  std::string_view word;      ///< case-folded surface form ("statements", "n+1", "p99")
  std::string_view stem;      ///< Snowball English stem ("statement"); == word for numbers
  std::uint32_t word_id = 0;  ///< Lexeme::id: equal words have equal ids within one generation
  std::uint32_t stem_id = 0;  ///< Lexeme::stem_id
  std::uint32_t sentence = 0; ///< index into TokenizedText::sentences
  bool numeric = false;       ///< contains a digit
  bool after_comma = false;   ///< a comma, colon or dash stands just before it (a clause edge)
  bool stopword = false;      ///< an English function word
};

/// A sentence as a byte range of the original text.
struct Sentence {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct TokenizedText {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::size_t invalid_bytes = 0;       ///< bytes that were not valid UTF-8 (treated as spaces)
  std::uint64_t generation = 0;        ///< the lexicon generation the ids belong to
  std::shared_ptr<const void> lexicon; ///< keeps the words the tokens view alive
};

/// Snowball's English stemmer with a lexicon of every word it has read, so a
/// word is stemmed and classified once, and later tokens of it cost one hash
/// lookup. The lexicon only grows: an owner that reads an unbounded stream of
/// texts calls renew_if_larger_than(k_lexicon_limit) between them, at a point
/// where it holds no ids it still means to compare. Not thread-safe.
class Stemmer {
public:
  /// The lexicon size at which long-lived owners start a fresh one, so that a
  /// stream of unique words (a fuzzer, a corrupt file) cannot grow it forever.
  static constexpr std::size_t k_lexicon_limit = 65536;

  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer &) = delete;
  Stemmer &operator=(const Stemmer &) = delete;
  /// The lexeme of a lower-case word, stemmed on first sight. The reference
  /// lives as long as the current lexicon (see keep_alive()).
  const Lexeme &lexeme(std::string_view word);
  /// The stem of a lower-case word.
  std::string_view stem(std::string_view word) { return lexeme(word).stem; }
  /// Distinct words and distinct stems known: ids are below these.
  [[nodiscard]] std::size_t words() const;
  [[nodiscard]] std::size_t stems() const;
  /// Changes whenever the lexicon is replaced; ids of different generations never compare.
  [[nodiscard]] std::uint64_t generation() const { return generation_; }
  /// Starts an empty lexicon when this one holds more than `limit` words.
  /// Texts tokenized earlier keep the old one alive. Returns true if it did.
  bool renew_if_larger_than(std::size_t limit);
  /// Shares ownership of the current lexicon.
  [[nodiscard]] std::shared_ptr<const void> keep_alive() const;

private:
  struct Lexicon;
  sb_stemmer *stemmer_;
  const LemmaTable *lemmas_ = nullptr; // mapped at the first word not yet seen
  std::shared_ptr<Lexicon> lexicon_;
  std::uint64_t generation_ = 1;
};

/// Splits text into normalised tokens and sentences (docs/scoring.md):
/// UTF-8 checked (invalid bytes become separators), case folded,
/// contractions expanded ("wouldn't" -> "would not"), hyphens and slashes
/// split words ("cache-aside" -> "cache aside"), while "n+1", "c++", "p99",
/// "3.5" and "429" stay whole.
TokenizedText tokenize(std::string_view text, Stemmer &stemmer);

/// Words as people count them: whitespace-separated runs holding a letter or
/// digit ("cache-aside" is one word).
std::size_t count_words(std::string_view text);

/// True for English function words ("the", "of", "would"...).
bool is_stopword(std::string_view word);

/// The sentence's text, whitespace-collapsed and cut to about `max_chars`.
std::string sentence_text(std::string_view text, const Sentence &s, std::size_t max_chars = 200);

} // namespace drill
