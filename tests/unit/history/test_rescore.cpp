#include "history/rescore.hpp"
#include "history/stats.hpp"
#include "support/history_db.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace drill;

namespace {

using test::TempDir;

constexpr std::int64_t k_t0 = 1'700'000'000'000;
constexpr std::int64_t k_now = k_t0 + 40 * k_day_ms;

Bank mini_bank() {
  Bank bank;
  std::vector<Diagnostic> problems;
  load_bank_file(DRILL_TEST_FIXTURES "/mini-bank.json", bank, problems);
  REQUIRE(problems.empty());
  return bank;
}

// An answer to `question` as the session would record it, but with a
// `stored` score that the current scorer does not give it.
AnswerRecord stored(const Bank &bank, std::string session, std::string question, std::int64_t at, double score,
                    std::string text) {
  AnswerRecord a;
  a.session_id = std::move(session);
  a.mode = "piped";
  a.question_id = question;
  if (const Question *q = bank.find(question)) {
    a.question_hash = question_hash(*q);
    a.category = to_string(q->category);
    a.difficulty = to_string(q->difficulty);
    a.topics = q->topics;
    a.time_limit_s = q->time_limit_s;
  } else {
    a.question_hash = "0000000000000000";
    a.category = "technical";
    a.difficulty = "beginner";
    a.topics = {"gone"};
    a.time_limit_s = 180;
  }
  a.role = "backend";
  a.answered_at_ms = at;
  a.score = score;
  a.breakdown = {{"concepts", {{"hit", nlohmann::json::array()}, {"missed", {"old concept"}}}},
                 {"star", nullptr},
                 {"over_time", false}};
  a.answer = std::move(text);
  return a;
}

const char *k_full = "I check the cache first; on a cache miss I load from the database and store it with a TTL.";

double stored_score(History &h, const std::string &session) { return h.session_answers(session).at(0).score; }

std::int64_t count(History &h, const char *sql) {
  Database db = test::inspect(h);
  Statement st(db, sql);
  REQUIRE(st.step());
  return st.integer(0);
}

} // namespace

TEST_CASE("rescore grades stored answers again and reports how the scores moved") {
  TempDir tmp;
  History h(tmp.path / "history.db");
  Bank bank = mini_bank();
  Scorer scorer(&bank);
  double full = scorer.grade(*bank.find("t.cache-aside"), k_full).score;
  REQUIRE(full > 50);

  h.record(stored(bank, "s1", "t.cache-aside", k_t0, 10, k_full));                        // goes up
  h.record(stored(bank, "s2", "t.cache-aside", k_t0 + k_day_ms, 100, "No idea, sorry.")); // goes down
  AnswerRecord edited = stored(bank, "s3", "t.spike", k_t0 + 2 * k_day_ms, 0, "We autoscale.");
  edited.question_hash = "ffffffffffffffff"; // answered to an earlier version of t.spike
  h.record(edited);
  h.record(stored(bank, "s4", "gone.question", k_t0 + 3 * k_day_ms, 55, "Whatever."));

  SECTION("a dry run reports and changes nothing") {
    RescoreReport r = rescore(h, bank, scorer, {}, RescoreWrite::dry_run, 10, k_now);
    CHECK(r.rescored == 3);
    CHECK(r.up == 2); // the full answer, and the edited t.spike one
    CHECK(r.down == 1);
    CHECK(r.unchanged == 0);
    CHECK(r.written == 0);
    CHECK(r.sum_before == Approx(110));
    REQUIRE(r.biggest.size() == 3);
    CHECK(std::fabs(r.biggest[0].after - r.biggest[0].before) >= std::fabs(r.biggest[1].after - r.biggest[1].before));
    REQUIRE(r.edited.size() == 1);
    CHECK(r.edited[0].question_id == "t.spike");
    REQUIRE(r.missing.size() == 1);
    CHECK(r.missing[0].question_id == "gone.question");
    CHECK(r.missing[0].answers == 1);
    CHECK(stored_score(h, "s1") == 10);
    CHECK(count(h, "SELECT count(*) FROM rescores") == 0);
  }

  SECTION("a real run saves the new scores and keeps the old ones") {
    RescoreReport r = rescore(h, bank, scorer, {}, RescoreWrite::write, 10, k_now);
    CHECK(r.written == 3);
    CHECK(stored_score(h, "s1") == full);
    CHECK(stored_score(h, "s4") == 55); // its question is gone: left alone
    CHECK(count(h, "SELECT count(*) FROM rescores") == 3);
    CHECK(count(h, "SELECT old_score FROM rescores r JOIN answers a ON a.id = r.answer_id "
                   "WHERE a.session_id = 's1'") == 10);
    // The new breakdown names the concepts the scorer looks for now.
    auto breakdown = h.session_answers("s1").at(0).breakdown;
    CHECK(breakdown["concepts"]["missed"].empty());
    CHECK(breakdown["concepts"]["hit"].size() == 3);
    CHECK(breakdown["over_time"] == false);
    // Session averages, statistics and the schedule follow the new scores.
    CHECK(*h.find_session("s1").average_score == full);
    Stats st = compute_stats(h, {"", "", "2023-12-31"});
    CHECK(*st.average == Approx((r.sum_after + 55) / 4));
    // Only the answer that was not rescored still misses the old concept.
    auto old = std::find_if(st.weakest_concepts.begin(), st.weakest_concepts.end(),
                            [](const ConceptMisses &c) { return c.name == "old concept"; });
    REQUIRE(old != st.weakest_concepts.end());
    CHECK(old->missed == 1);
    CHECK(old->asked == 1);
    double s2 = stored_score(h, "s2");
    CHECK(s2 < 100);
    bool found = false;
    for (const auto &d : h.due("", k_now + 3650 * k_day_ms))
      if (d.question_id == "t.cache-aside") {
        found = true;
        CHECK(d.last_score == s2); // the schedule was replayed with the new scores
        CHECK(d.memory.reps == 2);
      }
    CHECK(found);

    SECTION("running it again changes nothing") {
      RescoreReport again = rescore(h, bank, scorer, {}, RescoreWrite::write, 10, k_now);
      CHECK(again.rescored == 3);
      CHECK(again.unchanged == 3);
      CHECK(again.written == 0);
      CHECK(again.biggest.empty());
      CHECK(count(h, "SELECT count(*) FROM rescores") == 3);
    }
  }

  SECTION("filters pick the answers") {
    CHECK(rescore(h, bank, scorer, {"", "", {"t.spike"}}, RescoreWrite::dry_run, 10, k_now).rescored == 1);
    CHECK(rescore(h, bank, scorer, {"frontend", "", {}}, RescoreWrite::dry_run, 10, k_now).rescored == 0);
    std::string second_day = local_day(k_t0 + k_day_ms);
    RescoreReport since = rescore(h, bank, scorer, {"", second_day, {}}, RescoreWrite::dry_run, 10, k_now);
    CHECK(since.rescored == 2);
    CHECK(since.missing.size() == 1);
  }

  SECTION("--top caps the list of biggest changes") {
    CHECK(rescore(h, bank, scorer, {}, RescoreWrite::dry_run, 1, k_now).biggest.size() == 1);
    CHECK(rescore(h, bank, scorer, {}, RescoreWrite::dry_run, 0, k_now).biggest.empty());
  }
}

TEST_CASE("a regraded breakdown keeps what the session decided") {
  Feedback fb;
  fb.concepts.resize(2);
  fb.concepts[0].name = "a";
  fb.concepts[0].hit = true;
  fb.concepts[1].name = "b";
  nlohmann::json before = {
      {"concepts", {{"hit", {"x"}}, {"missed", nlohmann::json::array()}}}, {"star", nullptr}, {"over_time", true}};
  nlohmann::json after = regraded_breakdown(before, fb);
  CHECK(after["concepts"]["hit"] == nlohmann::json({"a"}));
  CHECK(after["concepts"]["missed"] == nlohmann::json({"b"}));
  CHECK(after["over_time"] == true);
  CHECK(after["star"].is_null());
  fb.star = StarResult{};
  fb.star->present = {true, false, true, false};
  nlohmann::json star = regraded_breakdown(nullptr, fb)["star"];
  CHECK(star == nlohmann::json({{"situation", true}, {"task", false}, {"action", true}, {"result", false}}));
}
