#include "bank/bank.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include <string>

using namespace drill;

namespace {

std::string bank_with(const std::string &question) {
  return R"({"format": "drill-bank", "version": 1, "role": "backend", "questions": [)"
         "\n" +
         question + "\n]}";
}

const std::string k_good = R"({"id": "a.one", "prompt": "Why?", "category": "technical", "difficulty": "beginner",
  "concepts": [{"name": "reason", "any": ["because", "since"]}]})";

std::vector<Diagnostic> problems_of(const std::string &text, Bank &bank) {
  std::vector<Diagnostic> problems;
  load_bank_text(text, "x.json", bank, problems);
  return problems;
}

std::vector<Diagnostic> problems_of(const std::string &text) {
  Bank bank;
  return problems_of(text, bank);
}

} // namespace

TEST_CASE("a valid bank loads with defaults applied") {
  Bank bank;
  std::vector<Diagnostic> problems;
  load_bank_file(DRILL_TEST_FIXTURES "/mini-bank.json", bank, problems);
  REQUIRE(problems.empty());
  REQUIRE(bank.questions().size() == 3);
  const Question *q = bank.find("t.cache-aside");
  REQUIRE(q != nullptr);
  CHECK(q->roles == std::vector<std::string>{"backend"});
  CHECK(q->time_limit_s == 180);
  CHECK_FALSE(q->star);
  CHECK(q->concepts.at(1).weight == 1.0);
  const Question *b = bank.find("t.conflict");
  REQUIRE(b != nullptr);
  CHECK(b->star); // behavioral defaults to STAR
  CHECK(b->time_limit_s == 240);
  CHECK(b->for_role("frontend")); // "any" serves every role
  CHECK(bank.find("t.spike")->time_limit_s == 300);
  CHECK(bank.roles() == std::vector<std::string>{"backend"});
}

TEST_CASE("syntax errors name line and column") {
  auto problems = problems_of("{\n  \"format\": \"drill-bank\",\n  \"version\": 1\n  \"role\": \"x\"\n}");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].position.line == 4);
  CHECK(problems[0].position.column == 3);
  CHECK_THAT(problems[0].to_string(), Catch::StartsWith("x.json:4:3: invalid JSON"));
}

// Found by fuzz_bank: nlohmann reports a number too large for a double as
// out_of_range, not parse_error, and it escaped the loader as an internal error.
TEST_CASE("a number too large for a double is a syntax error with a position") {
  auto problems = problems_of(bank_with(R"({"id": "a.one", "prompt": "Why?", "time_limit_s": 1e400,
  "concepts": [{"name": "reason", "any": ["because"]}]})"));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].position.line == 2);
  CHECK(problems[0].position.column == 51);
  CHECK(problems[0].message == "invalid JSON: number overflow parsing '1e400'");

  // The input the fuzzer found (fuzz/regressions/bank/number-overflow.json).
  const std::string found("1e400o\0\\\"\0]\n", 12);
  problems = problems_of(found);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].to_string() == "x.json:1:1: invalid JSON: number overflow parsing '1e400'");
}

TEST_CASE("an empty file gets its own message") {
  auto problems = problems_of("  \n");
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::Contains("file is empty"));
}

TEST_CASE("schema errors name the question, the key and its position") {
  SECTION("unknown key with did-you-mean, pointing at the key") {
    auto text = bank_with(R"({"id": "a.one", "prompt": "Why?", "category": "technical", "difficulty": "beginner",
  "concpets": []})");
    auto problems = problems_of(text);
    REQUIRE(problems.size() == 2); // the typo, and no concepts / model answer
    CHECK(problems[0].to_string() == "x.json:3:3: question 'a.one': unknown key 'concpets' (did you mean 'concepts'?)");
  }
  SECTION("bad enum value lists the allowed values") {
    auto problems = problems_of(bank_with(R"({"id": "a.one", "prompt": "Why?", "category": "technical",
  "difficulty": "expert", "model_answer": "x"})"));
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message,
               Catch::Contains("unknown difficulty 'expert'") && Catch::Contains("beginner, intermediate, advanced"));
    CHECK(problems[0].position.line == 3);
    CHECK(problems[0].position.column == 17);
  }
  SECTION("wrong types and empty values") {
    auto problems = problems_of(bank_with(R"({"id": "A B", "prompt": "", "category": 3, "difficulty": "beginner",
  "time_limit_s": 2.5, "concepts": [{"name": "x", "any": [], "weight": -1}]})"));
    std::string all;
    for (const auto &p : problems)
      all += p.message + "\n";
    CHECK_THAT(all, Catch::Contains("may use only lowercase"));
    CHECK_THAT(all, Catch::Contains("'prompt' must not be empty"));
    CHECK_THAT(all, Catch::Contains("'category' must be a string, not a number"));
    CHECK_THAT(all, Catch::Contains("'time_limit_s' must be a whole number"));
    CHECK_THAT(all, Catch::Contains("empty 'any'"));
    CHECK_THAT(all, Catch::Contains("'weight' must be a number from above 0 to 100"));
  }
  SECTION("misconceptions are checked like concepts, with positions and did-you-mean") {
    auto problems = problems_of(bank_with(R"({"id": "a.one", "prompt": "Why?", "category": "technical",
  "difficulty": "beginner", "model_answer": "x",
  "misconceptions": [{"claim": "c", "any": ["x y"], "corection": "r", "weight": 4}]})"));
    std::string all;
    for (const auto &p : problems)
      all += p.to_string() + "\n";
    CHECK_THAT(all, Catch::Contains("x.json:4:53: question 'a.one': unknown key 'corection' (did you mean "
                                    "'correction'?)"));
    CHECK_THAT(all, Catch::Contains("misconception 1 needs a non-empty string 'correction'"));
    CHECK_THAT(all, Catch::Contains("'weight' must be a number from above 0 to 3"));
  }
  SECTION("a question needs concepts or a model answer") {
    auto problems = problems_of(bank_with(R"({"id": "a.one", "prompt": "Why?", "category": "technical",
  "difficulty": "beginner"})"));
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("needs 'concepts'"));
  }
  SECTION("a question without an id is named by its number") {
    auto problems = problems_of(bank_with(R"({"prompt": "Why?", "category": "technical", "difficulty": "beginner",
  "model_answer": "x"})"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "question #1: missing required key 'id'");
  }
}

TEST_CASE("a newer format version says drill is too old") {
  auto problems = problems_of(R"({"format": "drill-bank", "version": 4, "role": "backend", "questions": [{}]})");
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::Contains("version 4") && Catch::Contains("upgrade drill"));
}

TEST_CASE("duplicate ids are reported with both places") {
  Bank bank;
  auto first = problems_of(bank_with(k_good), bank);
  REQUIRE(first.empty());
  std::vector<Diagnostic> problems;
  // Same file name: the first definition is found in this text.
  load_bank_text(bank_with(k_good + ",\n" + k_good), "x.json", bank, problems);
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0].message, Catch::Contains("duplicate id"));
}

TEST_CASE("bank_files expands directories and rejects missing paths") {
  auto files = bank_files({DRILL_TEST_FIXTURES});
  CHECK(std::find(files.begin(), files.end(), std::filesystem::path(DRILL_TEST_FIXTURES "/mini-bank.json")) !=
        files.end());
  try {
    bank_files({"/no/such/path"});
    FAIL("expected an error");
  } catch (const Error &e) {
    CHECK(e.status() == ExitStatus::no_input);
  }
}

TEST_CASE("the question parser is usable on its own (inline questions)") {
  auto json = nlohmann::json::parse(k_good);
  std::vector<Problem> problems;
  auto q = parse_question(json, "backend", {}, problems);
  REQUIRE(q.has_value());
  CHECK(problems.empty());
  CHECK(q->id == "a.one");
  auto round = parse_question(to_json(*q), "frontend", {}, problems);
  REQUIRE(round.has_value());
  CHECK(round->roles == q->roles);
  CHECK(round->concepts.size() == 1);
}

TEST_CASE("a byte-order mark is skipped, and positions stay right") {
  auto problems = problems_of("\xEF\xBB\xBF" + bank_with(R"({"id": "a.one", "prompt": "Why?", "category": "technical",
  "difficulty": "expert", "model_answer": "x"})"));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].position.line == 3);
}

TEST_CASE("empty concepts need a model answer") {
  auto problems = problems_of(bank_with(R"({"id": "a.one", "prompt": "Why?", "category": "technical",
  "difficulty": "beginner", "concepts": []})"));
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::Contains("needs 'concepts'"));
}

TEST_CASE("nesting deeper than the limit is refused before parsing, with its position") {
  SECTION("the scan finds the first bracket past the limit, ignoring brackets in strings") {
    CHECK(excess_nesting("[[[]]]", 3) == std::string_view::npos);
    CHECK(excess_nesting("[[[[]]]]", 3) == 3);
    CHECK(excess_nesting(R"(["[[[[\"[[[", {"a": [1]}])", 3) == std::string_view::npos);
    CHECK(excess_nesting(std::string(1'000'000, '['), 64) == 64);
  }
  SECTION("a bank 100,000 levels deep gets one problem, not a crash") {
    std::string deep =
        bank_with(R"({"id": "a.deep", "tips": )" + std::string(100'000, '[') + std::string(100'000, ']') + "}");
    auto problems = problems_of(deep);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].position.line == 2);
    CHECK_THAT(problems[0].message, Catch::StartsWith("nested deeper than 64 levels"));
  }
}

TEST_CASE("add_if_new adds a new id and names the holder of a taken one") {
  Bank bank;
  Question first;
  first.id = "a.one";
  first.prompt = "first";
  CHECK(bank.add_if_new(first) == nullptr);
  Question second;
  second.id = "a.one";
  second.prompt = "second";
  const Question *holder = bank.add_if_new(second);
  REQUIRE(holder != nullptr);
  CHECK(holder->prompt == "first");
  CHECK(second.prompt == "second"); // left as it was
  CHECK(bank.questions().size() == 1);
  CHECK(bank.find("a.one") == holder);
}
