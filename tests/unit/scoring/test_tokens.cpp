#include "scoring/tokens.hpp"

#include <catch2/catch.hpp>

using namespace drill;

namespace {
std::vector<std::string> words(std::string_view text) {
  Stemmer stemmer;
  std::vector<std::string> out;
  for (const auto &t : tokenize(text, stemmer).tokens)
    out.emplace_back(t.word);
  return out;
}
} // namespace

TEST_CASE("tokens: case, hyphens and punctuation") {
  CHECK(words("Cache-Aside, read/write!") == std::vector<std::string>{"cache", "aside", "read", "write"});
  CHECK(words("N+1 queries, p99 of 429s, C++ and 3.5 s") ==
        std::vector<std::string>{"n+1", "queries", "p99", "of", "429s", "c++", "and", "3.5", "s"});
  CHECK(words("1,000 users at 40%") == std::vector<std::string>{"1000", "users", "at", "40%"});
}

TEST_CASE("tokens: contractions are expanded, straight or curly") {
  CHECK(words("I wouldn't") == std::vector<std::string>{"i", "would", "not"});
  CHECK(words("I can\xE2\x80\x99t and won't") == std::vector<std::string>{"i", "can", "not", "and", "will", "not"});
  CHECK(words("I'd say it's") == std::vector<std::string>{"i", "would", "say", "it"});
  CHECK(words("SIGKILL cannot be caught") == std::vector<std::string>{"sigkill", "can", "not", "be", "caught"});
}

TEST_CASE("tokens: an irregular form is stemmed as the word it is a form of") {
  Stemmer stemmer;
  CHECK(stemmer.stem("wrote") == stemmer.stem("write"));
  CHECK(stemmer.stem("led") == stemmer.stem("lead"));
  CHECK(stemmer.stem("indices") == stemmer.stem("index"));
  CHECK(stemmer.stem("left") != stemmer.stem("leave"));
}

TEST_CASE("tokens: invalid UTF-8 is a separator, never garbage") {
  Stemmer stemmer;
  auto t = tokenize("cache\xff\xfe"
                    "aside \xC3\x28 ok \xED\xA0\x80 end",
                    stemmer);
  std::vector<std::string> w;
  for (const auto &tok : t.tokens)
    w.emplace_back(tok.word);
  CHECK(w == std::vector<std::string>{"cache", "aside", "ok", "end"});
  CHECK(t.invalid_bytes == 6);
  CHECK(words("naïve café") == std::vector<std::string>{"naïve", "café"});
}

TEST_CASE("tokens: stems and sentences") {
  Stemmer stemmer;
  auto t = tokenize("Parameterised queries stop injection. Use indexes!\nThen measure", stemmer);
  REQUIRE(t.sentences.size() == 3);
  CHECK(t.tokens[0].stem == stemmer.stem("parameterised"));
  CHECK(t.tokens[1].stem == "queri");
  CHECK(sentence_text("  a   b\n c ", Sentence{0, 12}) == "a b c");
}

TEST_CASE("tokens: the lexicon gives equal words and equal stems equal ids") {
  Stemmer stemmer;
  auto t = tokenize("Statements, statement; STATEMENTS and indexes", stemmer);
  REQUIRE(t.tokens.size() == 5);
  CHECK(t.tokens[0].word_id == t.tokens[2].word_id);
  CHECK(t.tokens[0].word_id != t.tokens[1].word_id);
  CHECK(t.tokens[0].stem_id == t.tokens[1].stem_id);
  CHECK(t.tokens[0].stem_id != t.tokens[4].stem_id);
  CHECK(t.tokens[3].stopword);
  CHECK_FALSE(t.tokens[4].stopword);
  // Numbers and names keep their spelling as their stem.
  CHECK(stemmer.stem("n+1") == "n+1");
  CHECK(stemmer.stem("429s") == "429s");
  CHECK(stemmer.lexeme("429s").numeric);
}

TEST_CASE("tokens: a renewed lexicon leaves earlier texts readable") {
  Stemmer stemmer;
  auto before = tokenize("prepared statements stop injection", stemmer);
  const auto generation = before.generation;
  CHECK_FALSE(stemmer.renew_if_larger_than(Stemmer::k_lexicon_limit));
  CHECK(stemmer.renew_if_larger_than(1));
  CHECK(stemmer.generation() != generation);
  CHECK(stemmer.words() == 0);
  auto after = tokenize("injection", stemmer);
  CHECK(after.tokens[0].word_id == 0);
  // The old text still reads its own words, from the lexicon it keeps alive.
  CHECK(before.tokens[3].word == "injection");
  CHECK(before.tokens[1].stem == "statement");
}

TEST_CASE("tokens: evidence sentences drop list markers and are cut at a word") {
  const std::string item = "- * \n  First   we cached\tthe hot keys";
  CHECK(sentence_text(item, Sentence{0, item.size()}) == "First we cached the hot keys");
  // Cut at the last space within the limit, with an ellipsis.
  const std::string long_one = "alpha beta gamma delta epsilon";
  CHECK(sentence_text(long_one, Sentence{0, long_one.size()}, 14) == "alpha beta...");
  CHECK(sentence_text(long_one, Sentence{0, long_one.size()}, 30) == long_one);
  // No space in the second half of the limit: cut hard, and never inside a
  // UTF-8 character ("é" is two bytes).
  const std::string word = "a r\xC3\xA9sum\xC3\xA9s-and-more";
  CHECK(sentence_text(word, Sentence{0, word.size()}, 4) == "a r...");
  CHECK(sentence_text(word, Sentence{0, word.size()}, 8) == "a r\xC3\xA9sum...");
  CHECK(sentence_text(word, Sentence{2, 6}, 100) == "r\xC3\xA9s");
}
