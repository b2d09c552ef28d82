#include "bank/bank_reader.hpp"

#include "support/bank_differential.hpp"
#include "support/temp_dir.hpp"

#include "bank/bank.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace drill;
using drill::test::parsers_disagree;
namespace fs = std::filesystem;

namespace {

std::string bank_with(const std::string &questions) {
  return R"({"format": "drill-bank", "version": 1, "role": "backend", "questions": [)" + questions + "]}";
}

const std::string k_good = R"({"id": "a.one", "prompt": " Why? ", "category": "technical", "difficulty": "beginner",
  "concepts": [{"name": "reason", "any": ["because", "since"], "weight": 2.5}]})";

// What the fast reader made of each element: the question, or nothing when
// it left the element to parse_question. Empty when it declined the document.
struct Read {
  bool accepted = false;
  std::vector<std::optional<Question>> questions;
};

Read read(std::string_view text) {
  Read out;
  out.accepted = read_bank_text(text, [&](BankElement &e) {
    out.questions.push_back(std::move(e.question));
    return true;
  });
  return out;
}

std::vector<fs::path> files_in(const fs::path &dir) {
  std::vector<fs::path> out;
  for (const auto &entry : fs::directory_iterator(dir))
    out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("the fast reader fills every question of the bundled banks itself") {
  for (const auto &file : bank_files({DRILL_TEST_DATA "/banks"})) {
    INFO(file.string());
    std::string text = read_file(file);
    Read r = read(text);
    REQUIRE(r.accepted);
    REQUIRE_FALSE(r.questions.empty());
    for (const auto &q : r.questions)
      CHECK(q.has_value());
  }
}

TEST_CASE("both parsers agree on the bundled banks, the fixtures and the fuzz corpus") {
  std::vector<fs::path> files = bank_files({DRILL_TEST_DATA "/banks"});
  files.emplace_back(DRILL_TEST_FIXTURES "/mini-bank.json");
  for (const auto &f : files_in(DRILL_TEST_SOURCE "/fuzz/corpus/bank"))
    files.push_back(f);
  REQUIRE(files.size() > 20);
  Bank bundled;
  std::vector<Diagnostic> problems;
  for (const auto &f : bank_files({DRILL_TEST_DATA "/banks"}))
    load_bank_file(f, bundled, problems);
  REQUIRE(problems.empty());
  for (const auto &file : files) {
    INFO(file.string());
    std::string text = read_file(file);
    CHECK(parsers_disagree(text, file.string()) == "");
    // Loaded after the bundled banks: every id there is a duplicate.
    CHECK(parsers_disagree(text, "again.json", bundled) == "");
  }
}

TEST_CASE("both parsers agree on a synthetic bank, which the fast reader reads alone") {
  test::TempDir dir;
  fs::path file = dir.path / "bank.json";
  std::string cmd = fmt::format("/usr/bin/python3 '{}/bench/gen_bank.py' 300 '{}'", DRILL_TEST_SOURCE, file.string());
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::string text = read_file(file);
  Read r = read(text);
  REQUIRE(r.accepted);
  REQUIRE(r.questions.size() == 300);
  for (const auto &q : r.questions)
    CHECK(q.has_value());
  CHECK(parsers_disagree(text) == "");
}

TEST_CASE("both parsers agree on questions the fast reader leaves to parse_question") {
  const std::vector<std::string> questions{
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "tpoics": []})",
      R"({"id": "a.one", "id": "a.two", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M"})",
      R"({"id": "A.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M"})",
      R"({"id": "a.one", "prompt": "  ", "category": "technical", "difficulty": "beginner", "model_answer": "M"})",
      R"({"id": "a.one", "prompt": "P", "category": "technicl", "difficulty": "beginner", "model_answer": "M"})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": 3, "model_answer": "M"})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner"})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [], "model_answer": "M"})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": []})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "roles": []})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "roles": ["any", "Back End"]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "topics": ["any", 4]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "time_limit_s": 60.0})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "time_limit_s": 86401})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "time_limit_s": 86400})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "time_limit_s": -0})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "time_limit_s": 123456789012345678901})",
      R"({"id": "a.one", "prompt": "P", "category": "behavioral", "difficulty": "beginner", "model_answer": "M", "star": null})",
      R"({"id": "a.one", "prompt": "P", "category": "behavioral", "difficulty": "beginner", "model_answer": "M", "star": false})",
      R"({"id": "a.one", "prompt": "P", "category": "system-design", "difficulty": "advanced", "model_answer": " M\n"})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": ""})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "tips": ["", "x"], "follow_ups": "x", "model_answer": "M"})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": " ", "any": ["x"]}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": []}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "wieght": 1}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "any": ["y"]}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "weight": 0}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "weight": 1e-3}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "weight": 18446744073709551617}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "weight": true}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [7, {"name": "n", "any": ["x"]}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": "c", "any": ["x y"], "correction": "r"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": "c", "any": ["x y"], "correction": "r", "weight": 3}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": "c", "any": ["x y"], "correction": "r", "weight": 3.5}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": "c", "any": ["x y"], "correction": "r", "weight": 0}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": "c", "any": [], "correction": "r"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": "c", "any": ["x"]}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": " ", "any": ["x"], "correction": "r"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": "c", "any": ["x"], "correction": "r", "corection": "r"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [{"claim": "c", "any": ["x"], "correction": "r", "claim": "d"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": [7]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "probe": "How would it resume?"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "probe": " "}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "probe": 3}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "prob": "q?"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "problem": true}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "problem": false}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "problem": "yes"}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "concepts": [{"name": "n", "any": ["x"], "problem": null}]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "references": ["A plain answer.", "Another."]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "references": []})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "references": "one"})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "references": [" "]})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": {}})",
      R"({"id": "a.one", "prompt": "P", "category": "technical", "difficulty": "beginner", "model_answer": "M", "misconceptions": []})",
      R"({"\u0069d": "a.one", "prompt": "caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t", "category": "technical", "difficulty": "beginner", "model_answer": "M"})",
      R"({"id": "a.one", "prompt": "nul \u0000 here", "category": "technical", "difficulty": "beginner", "model_answer": "M"})",
      R"({"id": "a.one", "prompt": "é ☃ 😀", "category": "technical", "difficulty": "beginner", "model_answer": "M"})",
      R"({})",
      R"([])",
      R"("a question")",
      R"(null)",
      R"(-1.5e3)",
  };
  for (const auto &q : questions) {
    INFO(q);
    CHECK(parsers_disagree(bank_with(q)) == "");
    CHECK(parsers_disagree(bank_with(k_good + ", " + q)) == "");
    CHECK(read(bank_with(q)).accepted);
  }
}

TEST_CASE("both parsers agree on documents the fast reader declines") {
  const std::vector<std::string> documents{
      "",
      "   ",
      "\xEF\xBB\xBF" + bank_with(k_good),
      bank_with(k_good) + " x",
      bank_with(k_good + ","),
      bank_with(k_good + " " + k_good),
      R"({"format": "drill-bank", "version": 4, "role": "backend", "questions": []})",
      R"({"format": "drill-bank", "version": 1, "role": "Backend", "questions": []})",
      R"({"format": "drill-bank", "version": 1, "questions": [], "role": "backend"})",
      R"({"questions": [{"id": 1}], "format": "drill-bank", "version": 1, "role": "backend"})",
      R"({"format": "drill-bank", "version": 1, "role": "backend", "questions": [], "extra": 1})",
      R"({"format": "drill-bank", "version": 1, "role": "backend", "role": "sre", "questions": []})",
      R"({"format": "drill-bak", "version": 1, "role": "backend", "questions": []})",
      R"({"format": "drill-bank", "version": 1, "role": "backend"})",
      R"({"format": "drill-bank", "version": 1, "role": "backend", "questions": {}})",
      R"({"format": "drill-bank", "version": 1.0, "role": "backend", "questions": []})",
      bank_with(R"({"id": "a", "x": 1e400})"),
      bank_with(R"({"id": "a", "x": 1e-400})"),
      bank_with(R"({"id": "a", "x": 01})"),
      bank_with(R"({"id": "a", "x": -})"),
      bank_with(R"({"id": "a", "x": 1.})"),
      bank_with(R"({"id": "a", "x": tru})"),
      bank_with(R"({"id": "a", "x": "\ud83d"})"),
      bank_with(R"({"id": "a", "x": "\ude00"})"),
      bank_with(R"({"id": "a", "x": "\x"})"),
      bank_with(R"({"id": "a", "x": "\u12"})"),
      bank_with("{\"id\": \"a\", \"x\": \"tab\there\"}"),
      bank_with("{\"id\": \"\xC3\x28\"}"),
      bank_with("{\"id\": \"\xED\xA0\x80\"}"),
      bank_with("{\"id\": \"\xF4\x90\x80\x80\"}"),
      bank_with("{\"id\": \"\xE0\x80\xAF\"}"),
      bank_with("{\"id\": \"a\xE2\x82\"}"),
      bank_with(R"({"id": "a")"),
      "[1, 2]",
      "{\"format\"",
      bank_with(std::string(70, '[') + std::string(70, ']')),
      bank_with(std::string(62, '[') + std::string(62, ']')),
      bank_with(std::string(63, '[') + std::string(63, ']')),
  };
  for (const auto &d : documents) {
    INFO(d);
    CHECK(parsers_disagree(d) == "");
  }
  CHECK_FALSE(read(bank_with(std::string(63, '[') + std::string(63, ']'))).accepted);
  CHECK(read(bank_with(std::string(62, '[') + std::string(62, ']'))).accepted);
}

TEST_CASE("the fast reader decodes escapes and keeps UTF-8 as written") {
  Read r = read(bank_with(
      R"({"\u0069d": "a.one", "prompt": "caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \t.", "category": "technical", "difficulty": "beginner", "model_answer": "ß"})"));
  REQUIRE(r.accepted);
  REQUIRE(r.questions.size() == 1);
  REQUIRE(r.questions[0].has_value());
  CHECK(r.questions[0]->id == "a.one");
  CHECK(r.questions[0]->prompt == "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ / \t.");
  CHECK(r.questions[0]->model_answer == "\xC3\x9F");
  CHECK(r.questions[0]->roles == std::vector<std::string>{"backend"});
  CHECK(r.questions[0]->time_limit_s == 180);
}

TEST_CASE("both parsers agree on every one-byte damage to a small bank") {
  std::string text = read_file(DRILL_TEST_FIXTURES "/mini-bank.json");
  const std::string inserts[] = {"\"", "\\", ",", "}", "]", "1", "-", "\xC3"};
  std::size_t disagreements = 0;
  std::string first;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::vector<std::string> variants{text.substr(0, i) + text.substr(i + 1)};
    for (const auto &s : inserts)
      variants.push_back(text.substr(0, i) + s + text.substr(i));
    for (const auto &v : variants) {
      std::string why = parsers_disagree(v);
      if (why.empty()) continue;
      if (disagreements++ == 0) first = v + "\n" + why;
    }
  }
  INFO(first);
  CHECK(disagreements == 0);
}
