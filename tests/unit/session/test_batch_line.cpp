#include "session/batch_line.hpp"

#include "support/batch_line_reference.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace drill;
using nlohmann::json;

namespace {

void check_agrees(const std::string &line) {
  INFO("line: " << line);
  auto fast = read_batch_line(line);
  if (!fast) return; // declined: the full parser takes it
  auto slow = batch_line_reference(line);
  REQUIRE(slow.has_value());
  CHECK(fast->answer == slow->answer);
  CHECK(fast->id == slow->id);
  CHECK(fast->key_json == slow->key_json);
  CHECK(fast->elapsed_s == slow->elapsed_s);
}

} // namespace

TEST_CASE("batch line: the usual lines are read without the full parser") {
  auto a = read_batch_line(
      R"({"key": 7, "id": "be.sql", "answer": "Use \"prepared\" statements\u2019 \ud83d\ude00\n", "elapsed_s": 42.5})");
  REQUIRE(a.has_value());
  CHECK(a->id == "be.sql");
  CHECK(a->answer == "Use \"prepared\" statements\xE2\x80\x99 \xF0\x9F\x98\x80\n");
  CHECK(a->key_json == "7");
  CHECK(a->elapsed_s == 42.5);

  auto b = read_batch_line(
      " {\"answer\":\"caf\xC3\xA9\",\"id\":\"x\",\"key\":\"k\\t1\",\"grade\":[1,{\"a\":null}],\"elapsed_s\":null}\r");
  REQUIRE(b.has_value());
  CHECK(b->answer == "caf\xC3\xA9");
  CHECK(b->key_json == R"("k\t1")");
  CHECK_FALSE(b->elapsed_s.has_value());
  CHECK(read_batch_line(R"({"id":"x","answer":""})")->key_json.empty());
}

TEST_CASE("batch line: anything unusual is left to the full parser") {
  for (const char *line : {
           R"({"id":"x"})",                                // no answer
           R"({"answer":"a"})",                            // no id
           R"({"id":"x","answer":"a","question":{}})",     // inline question
           R"({"id":"x","answer":"a","answer":"b"})",      // repeated member
           R"({"id":7,"answer":"a"})",                     // id not a string
           R"({"id":"x","answer":"a","elapsed_s":-1})",    // negative time: an error to word
           R"({"id":"x","answer":"a","elapsed_s":"5"})",   // time as a string
           R"({"id":"x","answer":"a","elapsed_s":1e400})", // out of range
           R"({"id":"x","answer":"a","key":1.5})",         // reformatted by dump
           R"({"id":"x","answer":"a","key":-0})",          // dumps as 0
           R"({"id":"x","answer":"a","key":123456789012345678901})",
           R"({"id":"x","answer":"a",})",       // trailing comma
           R"({"id":"x","answer":"a"} x)",      // trailing text
           R"({"id":"x","answer":"a\ud800"})",  // lone surrogate
           R"({"id":"x","answer":"a\x"})",      // bad escape
           R"({"id":"x","answer":"a","n":01})", // leading zero
           R"({"id":"x","answer":"a","n":tru})",
           "{\"id\":\"x\",\"answer\":\"a\tb\"}",             // raw control character
           "{\"id\":\"x\",\"answer\":\"\xC0\xAF\"}",         // overlong UTF-8
           "{\"id\":\"x\",\"answer\":\"\xED\xA0\x80\"}",     // UTF-8 surrogate
           "{\"id\":\"x\",\"answer\":\"\xF4\x90\x80\x80\"}", // past U+10FFFF
           "{\"id\":\"x\",\"answer\":\"\xE2\x80\"}",         // cut short
           R"([{"id":"x","answer":"a"}])",
           "",
       }) {
    INFO("line: " << line);
    CHECK_FALSE(read_batch_line(line).has_value());
  }
  std::string deep = R"({"id":"x","answer":"a","n":)" + std::string(200, '[') + std::string(200, ']') + "}";
  CHECK_FALSE(read_batch_line(deep).has_value());
}

TEST_CASE("batch line: whatever it accepts, the full parser reads the same way") {
  // The scoring corpus as batch lines, then every line cut, spliced and
  // poked at each position: a disagreement anywhere fails.
  std::vector<std::string> lines;
  std::ifstream corpus(DRILL_TEST_FIXTURES "/../scoring/corpus.jsonl");
  std::string text;
  std::size_t n = 0;
  while (std::getline(corpus, text) && n < 40) {
    json item = json::parse(text);
    json line = {{"key", n++}, {"id", item["id"]}, {"answer", item["answer"]}, {"elapsed_s", 61.25}};
    lines.push_back(line.dump());
    lines.push_back(line.dump(-1, ' ', true)); // \u escapes for everything past ASCII
  }
  REQUIRE(lines.size() == 80);
  std::size_t accepted = 0;
  for (const auto &line : lines) {
    check_agrees(line);
    if (read_batch_line(line)) ++accepted;
    for (std::size_t at = 0; at < line.size(); at += 3) {
      check_agrees(line.substr(0, at) + line.substr(at + 1));
      for (const char *poke : {"\"", "\\", ",", "}", "-", "\\u00e9", "\\ud83d", "\xC3", "0", " "}) {
        std::string mutated = line;
        mutated.insert(at, poke);
        check_agrees(mutated);
      }
    }
  }
  CHECK(accepted == lines.size());
}
