#include "history/history.hpp"
#include "history/stats.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace drill;
using test::TempDir;

namespace {

constexpr std::int64_t k_t0 = 1'700'000'000'000;

AnswerRecord answer(std::string session, std::string question, std::int64_t at, double score) {
  AnswerRecord a;
  a.session_id = std::move(session);
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

} // namespace

TEST_CASE("removing a session takes its answers out of every derived table") {
  TempDir tmp;
  History h(tmp.path / "a.db");
  h.record(answer("keep", "q.a", k_t0, 80));
  h.record(answer("gone", "q.a", k_t0 + 1000, 20));
  h.record(answer("gone", "q.b", k_t0 + 2000, 30));
  Correction rating;
  rating.kind = Correction::Kind::rating;
  rating.rating = 1;
  h.correct({"gone", "q.b", k_t0 + 2000}, rating, std::nullopt, k_t0 + 3000);

  History fresh(tmp.path / "b.db");
  fresh.record(answer("keep", "q.a", k_t0, 80));

  CHECK(h.remove_sessions({"gone"}) == 2);
  CHECK_FALSE(h.session("gone"));
  CHECK(h.session("keep"));
  CHECK_FALSE(h.memory("q.b"));
  REQUIRE(h.memory("q.a"));
  CHECK(h.memory("q.a")->due_ms == fresh.memory("q.a")->due_ms);
  CHECK(h.corrections({"gone", "q.b", k_t0 + 2000}).list.empty());
  const StatsQuery all{"", "", "2030-01-01"};
  Stats after = compute_stats(h, all);
  Stats expected = compute_stats(fresh, all);
  CHECK(after.answers == expected.answers);
  CHECK(after.sessions == expected.sessions);
  CHECK(*after.average == Approx(*expected.average));
  CHECK(h.remove_sessions({"gone"}) == 0);
}
