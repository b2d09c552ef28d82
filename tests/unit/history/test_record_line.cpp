#include "history/record_line.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace drill;
using nlohmann::json;

namespace {

AnswerRecord answer() {
  AnswerRecord a;
  a.session_id = "9f2c0a1b2c3d4e5f";
  a.mode = "piped";
  a.question_id = "db.n-plus-one";
  a.question_hash = "0123456789abcdef";
  a.role = "backend";
  a.category = "technical";
  a.difficulty = "beginner";
  a.topics = {"databases"};
  a.answered_at_ms = 1'700'000'000'000;
  a.elapsed_s = 12.5;
  a.time_limit_s = 180;
  a.score = 72.5;
  a.breakdown = {{"concepts", {{"hit", {"batching"}}, {"missed", json::array()}}}, {"star", nullptr}};
  a.answer = "Load them in one query.";
  return a;
}

// The problems parse_record_line() finds in `j`, as "field: problem".
std::vector<std::string> problems_of(const json &j) {
  std::vector<FieldProblem> problems;
  auto line = parse_record_line(j, problems);
  std::vector<std::string> out;
  for (const auto &p : problems)
    out.push_back(p.field + ": " + p.problem);
  CHECK(line.has_value() == out.empty());
  return out;
}

bool names(const json &j, const std::string &field) {
  for (const auto &p : problems_of(j))
    if (p.rfind(field + ":", 0) == 0) return true;
  return false;
}

} // namespace

TEST_CASE("every kind of line reads back as it was written") {
  SECTION("answer, with and without the corrected grade") {
    AnswerRecord a = answer();
    std::vector<FieldProblem> problems;
    auto back = parse_record_line(to_json(a), problems);
    REQUIRE(back);
    CHECK(std::get<AnswerRecord>(*back) == a);
    a.auto_score = 60;
    a.auto_breakdown = {{"concepts", {{"hit", json::array()}, {"missed", {"batching"}}}}};
    a.rating = 3;
    back = parse_record_line(to_json(a), problems);
    REQUIRE(back);
    CHECK(std::get<AnswerRecord>(*back) == a);
  }
  SECTION("the session log's extra fields are allowed and not kept") {
    json j = to_json(answer(), nullptr);
    j["time"] = "2023-11-14T22:13:20.000Z";
    j["prompt"] = "Why?";
    j["hints_used"] = 1;
    CHECK(problems_of(j).empty());
  }
  SECTION("a line without a type is an answer, as older exports wrote them") {
    json j = to_json(answer());
    j.erase("type");
    CHECK(problems_of(j).empty());
  }
  SECTION("session, correction, rescore and phrasing") {
    SessionRecord s{"9f2c0a1b2c3d4e5f", "worksheet", "backend", 1000, 2000, 0, std::nullopt};
    CorrectionLine c;
    c.answer = {"9f2c0a1b2c3d4e5f", "db.n-plus-one", 1500};
    c.correction.kind = Correction::Kind::rating;
    c.correction.rating = 4;
    c.correction.made_at_ms = 1600;
    RescoreLine r{{"9f2c0a1b2c3d4e5f", "db.n-plus-one", 1500}, 1700, "0123456789abcdef", 40, 55, json::object()};
    PhrasingLine p{"db.n-plus-one", "batching", "one query", 1600};
    for (const RecordLine &line : std::vector<RecordLine>{s, c, r, p}) {
      std::vector<FieldProblem> problems;
      auto back = parse_record_line(to_json(line), problems);
      REQUIRE(back);
      CHECK(to_json(*back) == to_json(line));
    }
  }
}

TEST_CASE("a line that breaks a rule names the field and stores nothing") {
  json good = to_json(answer());
  auto with = [&](const char *key, json value) {
    json j = good;
    j[key] = std::move(value);
    return j;
  };
  auto without = [&](const char *key) {
    json j = good;
    j.erase(key);
    return j;
  };
  CHECK(names(with("question_id", "../../etc/passwd"), "question_id"));
  CHECK(names(with("session_id", ""), "session_id"));
  CHECK(names(with("role", "Back End"), "role"));
  CHECK(names(with("category", "cooking"), "category"));
  CHECK(names(with("difficulty", "impossible"), "difficulty"));
  CHECK(names(with("mode", "hacker"), "mode"));
  CHECK(names(with("time_limit_s", 0), "time_limit_s"));
  CHECK(names(with("time_limit_s", 86401), "time_limit_s"));
  CHECK(names(without("answer"), "answer"));
  CHECK(names(with("answer", nullptr), "answer"));
  CHECK(names(with("answer", std::string(128 * 1024 + 1, 'a')), "answer"));
  CHECK(names(with("breakdown", "x"), "breakdown"));
  CHECK(names(with("breakdown", json{{"concepts", {{"hit", 3}}}}), "breakdown"));
  CHECK(names(with("answered_at_ms", std::numeric_limits<std::uint64_t>::max()), "answered_at_ms"));
  CHECK(names(with("answered_at_ms", -1), "answered_at_ms"));
  CHECK(names(with("answered_at_ms", 1.5), "answered_at_ms"));
  CHECK(names(with("score", 100.5), "score"));
  CHECK(names(with("score", -0.1), "score"));
  CHECK(names(with("score", "90"), "score"));
  CHECK(names(with("elapsed_s", -1), "elapsed_s"));
  CHECK(names(with("topics", {"Caching!"}), "topics"));
  CHECK(names(with("question_hash", "xyz"), "question_hash"));
  CHECK(names(with("rating", 5), "rating"));
  CHECK(names(with("scroe", 1), "scroe"));
  CHECK_THAT(problems_of(with("scroe", 1)).front(), Catch::Contains("did you mean 'score'?"));
  CHECK(names(with("type", "bogus"), "type"));
  SECTION("a key that is not a plain name is quoted, so an empty one still shows") {
    CHECK(names(with("", 1), "\"\""));
    CHECK(names(with("a b", 1), "\"a b\""));
    CHECK(names(with("\x1b[2J", 1), "\"\\u001b[2J\""));
  }
  CHECK(names(json::array(), "line"));
  SECTION("every broken rule of a line is named at once") {
    json j = with("role", "Back End");
    j["mode"] = "hacker";
    CHECK(problems_of(j).size() == 2);
  }
}

TEST_CASE("session and correction lines are checked too") {
  json s = to_json(SessionRecord{"s1", "piped", "backend", 2000, 1000, 0, std::nullopt}, nullptr);
  CHECK(names(s, "ended_at_ms"));
  CorrectionLine c;
  c.answer = {"s1", "q.a", 1500};
  c.correction.kind = Correction::Kind::made;
  c.correction.made_at_ms = 1600;
  CHECK(names(to_json(c), "target"));
  json bad_kind = to_json(c);
  bad_kind["kind"] = "veto";
  CHECK(names(bad_kind, "kind"));
}
