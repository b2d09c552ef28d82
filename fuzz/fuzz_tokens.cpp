// Feeds bytes to the tokenizer every answer and model answer goes through.

#include "fuzz_support.hpp"

#include "scoring/tokens.hpp"

using namespace drill;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static Stemmer stemmer;
  std::string_view text = fuzz::as_text(data, size);
  stemmer.renew_if_larger_than(Stemmer::k_lexicon_limit);
  TokenizedText t = tokenize(text, stemmer);
  FUZZ_CHECK(t.invalid_bytes <= text.size());
  std::size_t previous_end = 0;
  for (const auto &s : t.sentences) {
    FUZZ_CHECK(s.begin <= s.end && s.end <= text.size());
    FUZZ_CHECK(s.begin >= previous_end);
    previous_end = s.end;
    std::string shown = sentence_text(text, s, 40);
    FUZZ_CHECK(shown.size() <= 43);
  }
  std::uint32_t previous_sentence = 0;
  for (const auto &tok : t.tokens) {
    FUZZ_CHECK(!tok.word.empty());
    FUZZ_CHECK(tok.word_id < stemmer.words() && tok.stem_id < stemmer.stems());
    FUZZ_CHECK(stemmer.lexeme(tok.word).stem == tok.stem); // the views still read the live lexicon
    FUZZ_CHECK(tok.sentence < t.sentences.size());
    FUZZ_CHECK(tok.sentence >= previous_sentence);
    previous_sentence = tok.sentence;
    for (char c : tok.word)
      FUZZ_CHECK(!(c >= 'A' && c <= 'Z')); // case folded
  }
  FUZZ_CHECK(count_words(text) <= text.size());
  return 0;
}
