// The batch grader writes JSON itself; these check that it prints exactly
// what nlohmann::json would, so that switching paths changes no byte.
#include "bank/bank.hpp"
#include "scoring/scorer.hpp"
#include "util/json_writer.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace drill;
using nlohmann::json;

namespace {

std::string nlohmann_dump(const json &j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string written(const std::string &s) {
  std::string out;
  JsonWriter(out).value(std::string_view(s));
  return out;
}

std::string written(double d) {
  std::string out;
  JsonWriter(out).value(d);
  return out;
}

} // namespace

TEST_CASE("json writer: strings are escaped as nlohmann escapes them") {
  for (std::string s : {std::string("plain"), std::string("quote \" and \\ backslash"), std::string("tab\tnew\nline\r"),
                        std::string("\x01\x1f\x7f control"), std::string("caf\xc3\xa9 \xe2\x80\x94 dash"),
                        std::string("broken \xe9 byte"), std::string("cut \xe2\x80"), std::string("\xff\xfe"),
                        std::string("a\0b", 3), std::string()})
    CHECK(written(s) == nlohmann_dump(json(s)));
}

TEST_CASE("json writer: numbers read as nlohmann writes them") {
  for (double d : {0.0, 1.0, 2.0, 0.5, 0.667, 0.001, 7.1, 1e-7, 1e21, 123456789.25, -3.0})
    CHECK(written(d) == nlohmann_dump(json(d)));
  for (int k = 0; k <= 1000; ++k) {
    double d = std::round(k / 1000.0 * 1000.0) / 1000.0;
    REQUIRE(written(d) == nlohmann_dump(json(d)));
  }
}

TEST_CASE("json writer: nested containers and keys") {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a"), w.value(std::vector<std::string>{"x", "y"});
  w.key("b"), w.begin_array(), w.value(true), w.null(), w.value(std::int64_t{-4}), w.end_array();
  w.key("c"), w.begin_object(), w.end_object();
  w.key("d"), w.raw("{\"k\":1}");
  w.end_object();
  CHECK(out == R"({"a":["x","y"],"b":[true,null,-4],"c":{},"d":{"k":1}})");
}

TEST_CASE("write_json(feedback) prints what to_json(feedback) dumps, for every corpus answer") {
  Bank bank;
  std::vector<Diagnostic> problems;
  for (const auto &file : bank_files({DRILL_TEST_DATA "/banks"}))
    load_bank_file(file, bank, problems);
  REQUIRE(problems.empty());
  Scorer scorer(&bank);
  std::ifstream in(DRILL_TEST_FIXTURES "/../scoring/corpus.jsonl");
  REQUIRE(in);
  std::string line;
  std::size_t checked = 0;
  while (std::getline(in, line)) {
    json item = json::parse(line);
    const Question *q = bank.find(item["id"].get<std::string>());
    REQUIRE(q);
    Feedback fb = scorer.grade(*q, item["answer"].get<std::string>(), 200.0);
    json expected = to_json(fb);
    expected["id"] = q->id;
    expected["key"] = checked;
    std::string out;
    JsonWriter w(out);
    write_json(w, fb, q->id, std::to_string(checked));
    REQUIRE(out == nlohmann_dump(expected));
    ++checked;
  }
  CHECK(checked >= 125);
}
