#include "bank/lexicon.hpp"

#include "scoring/scorer.hpp"

#include <catch2/catch.hpp>

using namespace drill;

namespace {

std::vector<Diagnostic> problems_of(const std::string &text, Lexicon &lexicon) {
  std::vector<Diagnostic> problems;
  load_lexicon_text(text, "lexicon.json", lexicon, problems);
  return problems;
}

std::string all(const std::vector<Diagnostic> &problems) {
  std::string out;
  for (const auto &p : problems)
    out += p.to_string() + "\n";
  return out;
}

} // namespace

TEST_CASE("lexicon: a valid file loads its groups") {
  Lexicon lexicon;
  auto problems = problems_of(R"({"format": "drill-lexicon", "version": 1, "groups": [
  {"words": ["lock", "freeze"], "note": "holding rows"},
  {"words": ["stale", "outdated", "old"]}]})",
                              lexicon);
  REQUIRE(problems.empty());
  REQUIRE(lexicon.groups.size() == 2);
  CHECK(lexicon.groups[0].words == std::vector<std::string>{"lock", "freeze"});
  CHECK(lexicon.groups[0].note == "holding rows");
  CHECK(lexicon.groups[1].words.size() == 3);
}

TEST_CASE("lexicon: problems name line and column, and nothing is loaded") {
  Lexicon lexicon;
  auto problems = problems_of(R"({"format": "drill-lexicon", "version": 1, "groups": [
  {"words": ["lock", "freeze"]},
  {"words": ["copy", "replica"], "note": 3},
  {"words": ["replica", "mirror"]},
  {"words": ["fan-out", "broadcast"]},
  {"words": ["two words", "x"]},
  {"words": ["alone"]},
  {"wrods": ["a", "b"]}]})",
                              lexicon);
  CHECK(lexicon.groups.empty());
  const std::string text = all(problems);
  CHECK_THAT(text, Catch::Contains("lexicon.json:3:42: group 2: \"note\" must be a string"));
  CHECK_THAT(text, Catch::Contains("lexicon.json:4:14: group 3: 'replica' is already in group 2"));
  CHECK_THAT(text, Catch::Contains("lexicon.json:5:14: group 4: word 1 must be one lower-case word"));
  CHECK_THAT(text, Catch::Contains("a hyphen splits a word in two"));
  CHECK_THAT(text, Catch::Contains("a group holds single words"));
  CHECK_THAT(text, Catch::Contains("group 6 needs \"words\": an array of two or more"));
  CHECK_THAT(text, Catch::Contains("lexicon.json:8:4: group 7: unknown key 'wrods' (did you mean 'words'?)"));
}

TEST_CASE("lexicon: syntax errors and wrong headers are reported with positions") {
  Lexicon lexicon;
  CHECK_THAT(all(problems_of("{\"format\": \"drill-lexicon\",\n \"version\": 1 \"groups\": []}", lexicon)),
             Catch::Contains("lexicon.json:2:15: invalid JSON"));
  CHECK_THAT(all(problems_of(R"({"format": "drill-lexicon", "version": 2, "groups": []})", lexicon)),
             Catch::Contains("this lexicon uses format version 2, but this drill understands only version 1"));
  CHECK_THAT(all(problems_of(R"({"format": "drill-bank", "version": 1, "groups": []})", lexicon)),
             Catch::Contains("\"format\" must be \"drill-lexicon\""));
  CHECK(looks_like_lexicon(R"({"format": "drill-lexicon"})"));
  CHECK_FALSE(looks_like_lexicon(R"({"format": "drill-bank"})"));
}

TEST_CASE("lexicon: a phrasing word also matches the other words of its group") {
  Lexicon lexicon;
  REQUIRE(problems_of(R"({"format": "drill-lexicon", "version": 1, "groups": [
  {"words": ["lock", "freeze"]}, {"words": ["replica", "copy"]}]})",
                      lexicon)
              .empty());
  Question q;
  q.id = "t.index";
  q.prompt = "How do you add an index to a busy table?";
  q.category = Category::technical;
  q.time_limit_s = 180;
  q.source = "test";
  q.concepts = {{"without locking writes", {"without locking the table"}, 2},
                {"read from replicas", {"read replicas"}, 1}};
  const std::string answer = "Build it concurrently, without freezing the table, and send reads to copies.";
  Scorer plain;
  Scorer with_lexicon(nullptr, &lexicon);
  Feedback before = plain.grade(q, answer);
  Feedback after = with_lexicon.grade(q, answer);
  CHECK_FALSE(before.concepts[0].hit);
  CHECK(after.concepts[0].hit);
  CHECK(after.concepts[1].hit); // "reads ... copies", any order, "copy" for "replica"
  CHECK(after.score > before.score);
}
