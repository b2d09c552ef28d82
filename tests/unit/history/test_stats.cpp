#include "history/stats.hpp"
#include "support/history_db.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <random>

using namespace drill;
namespace fs = std::filesystem;

namespace {

using test::TempDir;

// Local days are computed in UTC here so that the fixture's days are fixed.
std::int64_t utc(std::string_view day, int hour) { return days_from_iso(day) * k_day_ms + hour * 3'600'000LL; }

AnswerRecord make(std::string session, std::string question, std::string category, std::string difficulty,
                  std::vector<std::string> topics, std::int64_t at, double score, std::optional<double> elapsed,
                  int limit, std::vector<std::string> hit, std::vector<std::string> missed) {
  AnswerRecord a;
  a.session_id = std::move(session);
  a.mode = "interactive";
  a.question_id = std::move(question);
  a.role = "backend";
  a.category = std::move(category);
  a.difficulty = std::move(difficulty);
  a.topics = std::move(topics);
  a.answered_at_ms = at;
  a.elapsed_s = elapsed;
  a.time_limit_s = limit;
  a.score = score;
  a.breakdown = {{"concepts", {{"hit", hit}, {"missed", missed}}}, {"star", nullptr}};
  return a;
}

// Five answers with known figures:
//   #  session day         category    difficulty    topics        score time/limit concepts
//   1  s1      2026-11-21  technical   beginner      http,caching  80    100/180    hit ttl, missed invalidation
//   2  s1      2026-11-21  technical   advanced      db            40    200/180    missed index, invalidation
//   3  s2      2026-11-22  behavioral  intermediate  teamwork      90    untimed    missed star-result
//   4  s3      2026-11-23  technical   beginner      http,caching  60    190/180    hit ttl, invalidation
//   5  s0      2026-11-10  technical   advanced      db            20     50/180    missed index
void load_fixture(History &h) {
  h.record(make("s1", "q1", "technical", "beginner", {"http", "caching"}, utc("2026-11-21", 10), 80, 100, 180, {"ttl"},
                {"invalidation"}));
  h.record(make("s1", "q2", "technical", "advanced", {"db"}, utc("2026-11-21", 11), 40, 200, 180, {},
                {"index", "invalidation"}));
  h.record(make("s2", "q3", "behavioral", "intermediate", {"teamwork"}, utc("2026-11-22", 9), 90, std::nullopt, 240, {},
                {"star-result"}));
  h.record(make("s3", "q1", "technical", "beginner", {"http", "caching"}, utc("2026-11-23", 20), 60, 190, 180,
                {"ttl", "invalidation"}, {}));
  h.record(make("s0", "q2", "technical", "advanced", {"db"}, utc("2026-11-10", 8), 20, 50, 180, {}, {"index"}));
}

struct UtcZone {
  std::string old;
  bool had = false;
  UtcZone() {
    if (const char *tz = std::getenv("TZ")) {
      old = tz;
      had = true;
    }
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  ~UtcZone() {
    if (had)
      ::setenv("TZ", old.c_str(), 1);
    else
      ::unsetenv("TZ");
    ::tzset();
  }
};

} // namespace

TEST_CASE("dates convert to day numbers and back") {
  CHECK(days_from_iso("1970-01-01") == 0);
  CHECK(days_from_iso("2000-03-01") == 11017);
  CHECK(iso_from_days(11017) == "2000-03-01");
  CHECK(iso_from_days(days_from_iso("2024-02-29")) == "2024-02-29");
  CHECK(is_iso_date("2024-02-29"));
  CHECK_FALSE(is_iso_date("2023-02-29"));
  CHECK_FALSE(is_iso_date("2023-13-01"));
  CHECK_FALSE(is_iso_date("2023-1-01"));
  CHECK_FALSE(is_iso_date("yesterday"));
}

TEST_CASE("statistics over a fixture with known figures") {
  UtcZone zone;
  TempDir tmp;
  History h(tmp.path / "history.db");
  load_fixture(h);

  SECTION("everything") {
    Stats s = compute_stats(h, {"", "", "2026-11-23"});
    CHECK(s.answers == 5);
    CHECK(s.sessions == 4);
    CHECK(*s.average == Approx(58)); // (80 + 40 + 90 + 60 + 20) / 5
    CHECK(s.streak_days == 3);       // 21, 22, 23; the 10th is not adjacent
    CHECK(s.last_day == "2026-11-23");

    REQUIRE(s.by_category.size() == 2);
    CHECK(s.by_category[0].name == "technical"); // lowest average first
    CHECK(s.by_category[0].answers == 4);
    CHECK(s.by_category[0].average == Approx(50)); // (80 + 40 + 60 + 20) / 4
    CHECK(s.by_category[1].name == "behavioral");
    CHECK(s.by_category[1].average == Approx(90));

    REQUIRE(s.by_difficulty.size() == 3);
    CHECK(s.by_difficulty[0].name == "beginner");
    CHECK(s.by_difficulty[0].average == Approx(70));
    CHECK(s.by_difficulty[1].name == "intermediate");
    CHECK(s.by_difficulty[1].average == Approx(90));
    CHECK(s.by_difficulty[2].name == "advanced");
    CHECK(s.by_difficulty[2].answers == 2);
    CHECK(s.by_difficulty[2].average == Approx(30));

    REQUIRE(s.by_topic.size() == 4);
    CHECK(s.by_topic[0].name == "db");
    CHECK(s.by_topic[0].average == Approx(30));
    CHECK(s.by_topic[3].name == "teamwork");
    CHECK(s.by_topic[1].answers == 2);
    CHECK(s.by_topic[1].average == Approx(70));

    REQUIRE(s.weakest_concepts.size() == 3); // ttl was never missed
    CHECK(s.weakest_concepts[0].name == "index");
    CHECK(s.weakest_concepts[0].missed == 2);
    CHECK(s.weakest_concepts[0].asked == 2);
    CHECK(s.weakest_concepts[1].name == "invalidation");
    CHECK(s.weakest_concepts[1].missed == 2);
    CHECK(s.weakest_concepts[1].asked == 3);
    CHECK(s.weakest_concepts[2].name == "star-result");

    CHECK(s.timed_answers == 4);
    CHECK(s.over_limit == 2);

    CHECK(s.trend_step == TrendStep::day);
    REQUIRE(s.trend.size() == 14); // 10th .. 23rd
    CHECK(s.trend.front().start == "2026-11-10");
    CHECK(*s.trend.front().average == Approx(20));
    CHECK_FALSE(s.trend[1].average);
    CHECK(s.trend[11].start == "2026-11-21");
    CHECK(s.trend[11].answers == 2);
    CHECK(*s.trend[11].average == Approx(60));
  }
  SECTION("since a day") {
    Stats s = compute_stats(h, {"", "2026-11-21", "2026-11-23"});
    CHECK(s.answers == 4);
    CHECK(s.sessions == 3);
    CHECK(*s.average == Approx(67.5));
    CHECK(s.trend.size() == 3);
    CHECK(s.weakest_concepts[0].name == "invalidation");
  }
  SECTION("another role has nothing") {
    Stats s = compute_stats(h, {"frontend", "", "2026-11-23"});
    CHECK(s.answers == 0);
    CHECK(s.sessions == 0);
    CHECK_FALSE(s.average);
    CHECK(s.streak_days == 0);
    CHECK(s.by_category.empty());
  }
  SECTION("a streak may end yesterday, but not the day before") {
    CHECK(compute_stats(h, {"", "", "2026-11-24"}).streak_days == 3);
    CHECK(compute_stats(h, {"", "", "2026-11-25"}).streak_days == 0);
    CHECK(compute_stats(h, {"", "", "2026-11-25"}).last_day == "2026-11-23");
  }
  SECTION("a long range goes by week, starting on Mondays") {
    Stats s = compute_stats(h, {"", "2026-09-01", "2026-11-23"});
    CHECK(s.trend_step == TrendStep::week);
    CHECK(s.trend.front().start == "2026-08-31"); // a Monday
    CHECK(s.trend.back().start == "2026-11-23");  // also a Monday
    CHECK(s.trend.back().answers == 1);
    CHECK(s.trend[s.trend.size() - 2].start == "2026-11-16");
    CHECK(s.trend[s.trend.size() - 2].answers == 3);
    CHECK(*s.trend[s.trend.size() - 2].average == Approx(70)); // (80 + 40 + 90) / 3
  }
}

namespace {

// The weakest concepts since a day and sessions for a role, as summing the
// per-day rows alone gives them.
std::vector<std::string> weakest_from_days(History &h, const StatsQuery &q) {
  std::string sql = "SELECT concept, sum(missed) AS m, sum(asked) AS n FROM day_concepts WHERE local_day >= ?2";
  if (!q.role.empty()) sql += " AND role = ?1";
  sql += " GROUP BY concept HAVING m > 0 ORDER BY m DESC, 1.0 * m / n DESC, concept LIMIT 10";
  Database db = test::inspect(h);
  Statement st(db, sql);
  if (!q.role.empty()) st.bind(1, q.role);
  st.bind(2, q.since);
  std::vector<std::string> out;
  while (st.step())
    out.push_back(fmt::format("{} {}/{}", st.text(0), st.integer(1), st.integer(2)));
  return out;
}

} // namespace

TEST_CASE("the weakest concepts since any day are those of the days summed one by one") {
  UtcZone zone;
  TempDir tmp;
  History h(tmp.path / "history.db");
  // Four months of answers, two roles, a dozen concepts with small counts so
  // that many tie on misses and on their share, and some rescored.
  std::mt19937_64 rng(11);
  const std::vector<std::string> concepts = {"acid",   "backoff", "cap",   "idempotency", "index", "ttl",
                                             "quorum", "raft",    "retry", "sharding",    "wal",   "zero-copy"};
  std::vector<AnswerRecord> answers;
  for (int i = 0; i < 400; ++i) {
    std::int64_t day = days_from_iso("2026-08-03") + static_cast<std::int64_t>(rng() % 110);
    std::vector<std::string> hit, missed;
    for (const auto &c : concepts) {
      auto roll = rng() % 9;
      if (roll == 0) missed.push_back(c);
      if (roll == 1) hit.push_back(c);
    }
    AnswerRecord a = make(fmt::format("s{}", i / 3), fmt::format("q{}", rng() % 20), "technical", "beginner", {"db"},
                          day * k_day_ms + static_cast<std::int64_t>(rng() % 86'400'000), 50, 60, 180, hit, missed);
    a.role = rng() % 3 == 0 ? "sre" : "backend";
    answers.push_back(std::move(a));
  }
  h.record_many(answers, 50);
  std::vector<Regrade> regrades;
  for (const auto &stored : h.answers_after({}, 0, 1000))
    if (stored.id % 7 == 0)
      regrades.push_back({stored.id, 30, {{"concepts", {{"hit", {"acid"}}, {"missed", {"raft"}}}}}, "0"});
  REQUIRE(h.apply_regrades(regrades, 0) > 0);

  for (std::int64_t d = days_from_iso("2026-07-28"); d <= days_from_iso("2026-11-24"); ++d) {
    for (const char *role : {"", "backend", "sre"}) {
      StatsQuery q{role, iso_from_days(d), "2026-11-24"};
      INFO("role '" << role << "' since " << q.since);
      std::vector<std::string> got;
      for (const auto &c : compute_stats(h, q).weakest_concepts)
        got.push_back(fmt::format("{} {}/{}", c.name, c.missed, c.asked));
      REQUIRE(got == weakest_from_days(h, q));
    }
  }
}
