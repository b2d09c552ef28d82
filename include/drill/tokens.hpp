#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sb_stemmer;

namespace drill {

/// One word of a text, normalised for matching.
struct Token {
  std::string word;        ///< case-folded surface form ("statements", "n+1", "p99")
  std::string stem;        ///< Snowball English stem ("statement"); == word for numbers
  std::uint32_t sentence = 0; ///< index into TokenizedText::sentences
  bool numeric = false;    ///< contains a digit
  bool after_comma = false; ///< a comma, colon or dash stands just before it (a clause edge)
};

/// A sentence as a byte range of the original text.
struct Sentence {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct TokenizedText {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::size_t invalid_bytes = 0; ///< bytes that were not valid UTF-8 (treated as spaces)
};

/// Snowball's English stemmer with a per-word cache. Not thread-safe.
class Stemmer {
public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer &) = delete;
  Stemmer &operator=(const Stemmer &) = delete;
  /// The stem of a lower-case word.
  const std::string &stem(const std::string &word);

private:
  sb_stemmer *stemmer_;
  std::unordered_map<std::string, std::string> cache_;
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
