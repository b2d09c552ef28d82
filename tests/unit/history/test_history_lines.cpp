#include "history/history.hpp"
#include "history/record_line.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace drill;
using test::TempDir;

namespace {

constexpr std::int64_t k_t0 = 1'700'000'000'000;

AnswerRecord answer(std::string question, std::int64_t at, double score) {
  AnswerRecord a;
  a.session_id = "s1";
  a.mode = "piped";
  a.question_id = std::move(question);
  a.role = "backend";
  a.category = "technical";
  a.difficulty = "beginner";
  a.topics = {"http"};
  a.answered_at_ms = at;
  a.time_limit_s = 180;
  a.score = score;
  a.breakdown = {{"concepts", {{"hit", nlohmann::json::array()}, {"missed", {"ttl"}}}}};
  a.answer = "An answer.";
  return a;
}

// Every line the history exports, in order, as JSON.
std::vector<nlohmann::json> exported(History &h) {
  std::vector<nlohmann::json> out;
  h.for_each_session([&](const SessionRecord &s) { out.push_back(to_json(s, nullptr)); });
  h.for_each_answer([&](const AnswerRecord &a) { out.push_back(to_json(a)); });
  h.for_each_rescore([&](const RescoreLine &r) { out.push_back(to_json(r)); });
  h.for_each_correction([&](const CorrectionLine &c) { out.push_back(to_json(c)); });
  h.for_each_phrasing([&](const PhrasingLine &p) { out.push_back(to_json(p)); });
  return out;
}

} // namespace

TEST_CASE("sessions, rescores, corrections and phrasings restore once, exactly") {
  TempDir tmp;
  History h(tmp.path / "a.db");
  h.record(answer("q.a", k_t0, 40));
  h.end_session("s1", k_t0 + 5000);
  Correction made;
  made.kind = Correction::Kind::made;
  made.target = "ttl";
  made.words = "expire after";
  h.correct({"s1", "q.a", k_t0}, made, Regrade{0, 70, {{"concepts", {{"hit", {"ttl"}}}}}, {}}, k_t0 + 1000);
  Correction rating;
  rating.kind = Correction::Kind::rating;
  rating.rating = 2;
  h.correct({"s1", "q.a", k_t0}, rating, std::nullopt, k_t0 + 2000);
  const auto lines = exported(h);

  History copy(tmp.path / "b.db");
  for (const auto &j : lines) {
    std::vector<FieldProblem> problems;
    auto line = parse_record_line(j, problems);
    REQUIRE(line);
    if (auto *a = std::get_if<AnswerRecord>(&*line)) copy.record_many(std::vector<AnswerRecord>{*a});
  }
  std::size_t added = 0;
  for (int round = 0; round < 2; ++round)
    for (const auto &j : lines) {
      std::vector<FieldProblem> problems;
      auto line = parse_record_line(j, problems);
      std::visit(
          [&](const auto &l) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(l)>, AnswerRecord>)
              if (copy.restore(l)) ++added;
          },
          *line);
    }
  // The session's end and the two corrections; the phrasing came with its
  // correction, and the second round adds nothing.
  CHECK(added == 3);
  CHECK(exported(copy) == lines);
  REQUIRE(copy.memory("q.a"));
  CHECK(copy.memory("q.a")->due_ms == h.memory("q.a")->due_ms); // the self-rating drives both schedules
}

TEST_CASE("a correction or rescore of an answer that is not there is not stored") {
  TempDir tmp;
  History h(tmp.path / "a.db");
  CorrectionLine c;
  c.answer = {"s1", "q.a", k_t0};
  c.correction.made_at_ms = k_t0;
  CHECK_FALSE(h.restore(c));
  RescoreLine r{{"s1", "q.a", k_t0}, k_t0, "", 10, 20, nlohmann::json::object()};
  CHECK_FALSE(h.restore(r));
}
