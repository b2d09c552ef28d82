#include "history/history.hpp"
#include "history/stats.hpp"
#include "support/history_db.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

using namespace drill;
namespace fs = std::filesystem;

namespace {

using test::TempDir;

constexpr std::int64_t k_t0 = 1'700'000'000'000;

AnswerRecord answer(std::string session, std::string question, std::int64_t at, double score) {
  AnswerRecord a;
  a.session_id = std::move(session);
  a.mode = "interactive";
  a.question_id = std::move(question);
  a.question_hash = "0123456789abcdef";
  a.role = "backend";
  a.category = "technical";
  a.difficulty = "beginner";
  a.topics = {"http", "caching"};
  a.answered_at_ms = at;
  a.elapsed_s = 42.5;
  a.time_limit_s = 180;
  a.score = score;
  a.breakdown = {{"concepts", {{"hit", {"ttl"}}, {"missed", {"invalidation"}}}}, {"star", nullptr}};
  a.answer = "Cache with a TTL, \"quoted\",\nover two lines.";
  return a;
}

std::string slurp(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void raw_exec(const fs::path &file, const std::string &sql) {
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  char *message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

ExitStatus status_of_opening(const fs::path &file) {
  try {
    History h(file);
    return ExitStatus::ok;
  } catch (const Error &e) {
    return e.status();
  }
}

} // namespace

TEST_CASE("a new history is private and at the current schema version") {
  TempDir tmp;
  fs::path file = tmp.path / "state" / "drill" / "history.db";
  History h(file);
  CHECK(h.schema_version() == History::k_schema_version);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat(file.parent_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(h.sessions("").empty());
}

TEST_CASE("answers are recorded once and read back unchanged") {
  TempDir tmp;
  History h(tmp.path / "history.db");
  h.begin_session({"s1", "interactive", "backend", k_t0 - 1000, {}, 0, {}});
  AnswerRecord a = answer("s1", "http.caching", k_t0, 70);
  CHECK(h.record(a));
  CHECK_FALSE(h.record(a));
  AnswerRecord b = answer("s1", "db.index", k_t0 + 5000, 30);
  b.elapsed_s.reset();
  CHECK(h.record(b));
  h.end_session("s1", k_t0 + 9000);

  auto answers = h.session_answers("s1");
  REQUIRE(answers.size() == 2);
  CHECK(answers[0] == a);
  CHECK(answers[1] == b);

  auto sessions = h.sessions("");
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].started_at_ms == k_t0 - 1000);
  CHECK(sessions[0].ended_at_ms == k_t0 + 9000);
  CHECK(sessions[0].answered == 2);
  CHECK(sessions[0].average_score == Approx(50));
  CHECK(h.sessions("frontend").empty());
}

TEST_CASE("roles lists every role with an answer, once each") {
  TempDir tmp;
  History h(tmp.path / "history.db");
  CHECK(h.roles().empty());
  AnswerRecord a = answer("s1", "q1", k_t0, 50);
  h.record(a);
  a.role = "data";
  a.answered_at_ms += 1;
  h.record(a);
  a.role = "backend";
  a.answered_at_ms += 1;
  h.record(a);
  CHECK(h.roles() == std::vector<std::string>{"backend", "data"});
}

TEST_CASE("an answer without a session row creates one") {
  TempDir tmp;
  History h(tmp.path / "history.db");
  h.record(answer("lonely", "q1", k_t0, 90));
  auto sessions = h.sessions("backend");
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].id == "lonely");
  CHECK(sessions[0].started_at_ms == k_t0);
  CHECK(sessions[0].answered == 1);
}

TEST_CASE("each answer updates its question's memory state") {
  TempDir tmp;
  History h(tmp.path / "history.db");
  h.record(answer("s1", "q1", k_t0, 70));
  auto first = review(std::nullopt, Rating::good, k_t0);
  auto m = h.memory("q1");
  REQUIRE(m);
  CHECK(m->stability == Approx(first.stability));
  CHECK(m->due_ms == first.due_ms);

  SECTION("in order") {
    h.record(answer("s2", "q1", k_t0 + 3 * k_day_ms, 90));
    auto second = review(first, Rating::easy, k_t0 + 3 * k_day_ms);
    CHECK(h.memory("q1")->due_ms == second.due_ms);
  }
  SECTION("an older answer arriving late is replayed in time order") {
    h.record(answer("s0", "q1", k_t0 - 3 * k_day_ms, 20));
    auto replayed = review(review(std::nullopt, Rating::again, k_t0 - 3 * k_day_ms), Rating::good, k_t0);
    CHECK(h.memory("q1")->stability == Approx(replayed.stability));
    CHECK(h.memory("q1")->reps == 2);
  }
  SECTION("due questions come most overdue first") {
    h.record(answer("s1", "q2", k_t0 - 10 * k_day_ms, 10));
    auto due = h.due("", k_t0 + 30 * k_day_ms);
    REQUIRE(due.size() == 2);
    CHECK(due[0].question_id == "q2");
    CHECK(due[1].question_id == "q1");
    CHECK(h.due("", k_t0 + 1).size() == 0 + (h.memory("q2")->due_ms <= k_t0 + 1 ? 1 : 0));
    CHECK(h.due("frontend", k_t0 + 30 * k_day_ms).empty());
  }
}

TEST_CASE("migrating from version 1 replays recorded answers into memory states") {
  TempDir tmp;
  fs::path file = tmp.path / "history.db";
  raw_exec(file, std::string(history_schema_sql(1)) +
                     "INSERT INTO answers (session_id, mode, question_id, question_hash, role, category, difficulty, "
                     "topics, answered_at_ms, local_day, elapsed_s, time_limit_s, score, breakdown, answer) VALUES "
                     "('s1', 'piped', 'q1', 'h', 'backend', 'technical', 'beginner', '[]', 1700000000000, "
                     "'2023-11-14', NULL, 60, 70, 'null', 'text');"
                     "PRAGMA user_version = 1;");
  History h(file);
  CHECK(h.schema_version() == History::k_schema_version);
  auto m = h.memory("q1");
  REQUIRE(m);
  CHECK(m->due_ms == review(std::nullopt, Rating::good, k_t0).due_ms);
}

TEST_CASE("migrating from version 2 adds the rescore log and the summaries, from the answers already there") {
  TempDir tmp;
  fs::path file = tmp.path / "history.db";
  raw_exec(file, std::string(history_schema_sql(1)) + history_schema_sql(2) +
                     "INSERT INTO answers (id, session_id, mode, question_id, question_hash, role, category, "
                     "difficulty, topics, answered_at_ms, local_day, elapsed_s, time_limit_s, score, breakdown, "
                     "answer) VALUES "
                     "(1, 's1', 'piped', 'q1', 'h', 'backend', 'technical', 'beginner', '[\"db\"]', 1700000000000, "
                     "'2023-11-14', 200, 180, 70, '{}', 'text'),"
                     "(2, 's1', 'piped', 'q2', 'h', 'sre', 'technical', 'beginner', '[\"db\"]', 1700000100000, "
                     "'2023-11-14', NULL, 180, 30, '{}', 'text');"
                     "INSERT INTO answer_topics VALUES (1, 'db', 'backend', '2023-11-14', 70),"
                     "(2, 'db', 'sre', '2023-11-14', 30);"
                     "INSERT INTO answer_concepts VALUES (1, 'index', 0, 'backend', '2023-11-14'),"
                     "(2, 'index', 1, 'sre', '2023-11-14');"
                     "PRAGMA user_version = 2;");
  History h(file);
  CHECK(h.schema_version() == History::k_schema_version);
  Database db = test::inspect(h);
  auto count = [&](const char *sql) {
    Statement st(db, sql);
    REQUIRE(st.step());
    return st.integer(0);
  };
  CHECK(count("SELECT count(*) FROM rescores") == 0);
  CHECK(count("SELECT count(*) FROM sqlite_master WHERE name IN ('answer_topics', 'answer_concepts')") == 0);
  CHECK(count("SELECT sum(answers) FROM day_scores") == 2);
  CHECK(count("SELECT sum(timed) FROM day_scores") == 1);
  CHECK(count("SELECT sum(over_limit) FROM day_scores") == 1);
  CHECK(count("SELECT missed FROM concept_totals WHERE role = 'sre' AND concept = 'index'") == 1);
  CHECK(count("SELECT missed FROM month_concepts WHERE month = '2023-11' AND role = 'sre' AND concept = 'index'") == 1);
  CHECK(h.roles() == std::vector<std::string>{"backend", "sre"});
  CHECK(h.topic_averages("").at("db") == Approx(50));
  CHECK(h.topic_averages("sre").at("db") == Approx(30));
  // Answers recorded after the migration add to the same summaries.
  AnswerRecord later = answer("s2", "q1", 1700000200000, 90);
  later.topics = {"db"};
  h.record(later);
  CHECK(h.topic_averages("backend").at("db") == Approx(80));
}

TEST_CASE("a history the binary cannot understand is refused and left untouched") {
  TempDir tmp;
  fs::path file = tmp.path / "history.db";
  SECTION("a newer schema version") {
    raw_exec(file, "CREATE TABLE future (x); PRAGMA user_version = 99;");
    std::string before = slurp(file);
    try {
      History h(file);
      FAIL("expected an error");
    } catch (const Error &e) {
      CHECK(e.status() == ExitStatus::data);
      CHECK_THAT(e.what(), Catch::Contains("schema version 99"));
    }
    CHECK(slurp(file) == before);
    CHECK_FALSE(fs::exists(file.string() + "-wal"));
  }
  SECTION("a file that is not a database") {
    std::string junk(8192, 'x');
    std::ofstream(file, std::ios::binary) << junk;
    CHECK(status_of_opening(file) == ExitStatus::data);
    CHECK(slurp(file) == junk);
  }
  SECTION("another program's SQLite database") {
    raw_exec(file, "CREATE TABLE notes (body TEXT);");
    std::string before = slurp(file);
    CHECK(status_of_opening(file) == ExitStatus::data);
    CHECK(slurp(file) == before);
  }
}

TEST_CASE("a history locked by another writer fails with temp_fail once the timeout passes") {
  TempDir tmp;
  fs::path file = tmp.path / "history.db";
  History h(file, 100);
  sqlite3 *other = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  try {
    h.record(answer("s1", "q1", k_t0, 50));
    FAIL("expected an error");
  } catch (const Error &e) {
    CHECK(e.status() == ExitStatus::temp_fail);
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  // Nothing was left half-done: the same answer goes in now.
  CHECK(h.record(answer("s1", "q1", k_t0, 50)));
}

TEST_CASE("two processes writing at once each store every answer exactly once") {
  TempDir tmp;
  fs::path file = tmp.path / "history.db";
  { History create(file); }
  constexpr int k_each = 150;
  pid_t children[2];
  for (int c = 0; c < 2; ++c) {
    children[c] = ::fork();
    REQUIRE(children[c] >= 0);
    if (children[c] == 0) {
      int status = 0;
      try {
        History h(file);
        for (int i = 0; i < k_each; ++i)
          h.record(answer(fmt::format("proc{}", c), fmt::format("q{}", i % 20), k_t0 + i, i % 100));
      } catch (...) {
        status = 1;
      }
      ::_exit(status);
    }
  }
  for (pid_t child : children) {
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  History h(file);
  auto sessions = h.sessions("");
  REQUIRE(sessions.size() == 2);
  for (const auto &s : sessions) {
    CHECK(s.answered == k_each);
    CHECK(h.session_answers(s.id).size() == k_each);
  }
  CHECK(h.memories("").size() == 20);
}

TEST_CASE("two processes creating the history at once both succeed") {
  for (int round = 0; round < 8; ++round) {
    TempDir tmp;
    fs::path file = tmp.path / "history.db";
    pid_t children[2];
    for (int c = 0; c < 2; ++c) {
      children[c] = ::fork();
      REQUIRE(children[c] >= 0);
      if (children[c] == 0) {
        int status = 0;
        try {
          History h(file);
          for (int i = 0; i < 20; ++i)
            h.record(answer(fmt::format("proc{}", c), "q", k_t0 + i, 50));
        } catch (const std::exception &e) {
          std::fprintf(stderr, "child %d: %s\n", c, e.what());
          status = 1;
        }
        ::_exit(status);
      }
    }
    for (pid_t child : children) {
      int status = 0;
      REQUIRE(::waitpid(child, &status, 0) == child);
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
    }
    History h(file);
    CHECK(h.sessions("").size() == 2);
    CHECK(h.memory("q")->reps == 40);
  }
}

TEST_CASE("a session is found by a unique prefix of its id") {
  TempDir tmp;
  History h(tmp.path / "history.db");
  h.record(answer("a1b2c3", "q1", k_t0, 50));
  h.record(answer("a1f4e5", "q1", k_t0 + 1, 50));
  h.record(answer("9d8c7b", "q1", k_t0 + 2, 50));
  CHECK(h.find_session("9d").id == "9d8c7b");
  CHECK(h.find_session("a1b").id == "a1b2c3");
  CHECK(h.find_session("a1b2c3").id == "a1b2c3");
  try {
    h.find_session("a1");
    FAIL("expected an error");
  } catch (const Error &e) {
    CHECK(e.status() == ExitStatus::usage);
    CHECK_THAT(e.what(), Catch::Contains("ambiguous"));
  }
  try {
    h.find_session("9d8x7b");
    FAIL("expected an error");
  } catch (const Error &e) {
    CHECK(e.status() == ExitStatus::usage);
    CHECK_THAT(e.what(), Catch::Contains("did you mean '9d8c7b'?"));
  }
}

TEST_CASE("answers that are not valid UTF-8 are stored and exported, not refused") {
  TempDir tmp;
  History h(tmp.path / "history.db");
  AnswerRecord a = answer("s1", "q1", k_t0, 50);
  a.answer = "caf\xe9 au lait";
  a.breakdown["concepts"]["missed"] = {"na\xefve"};
  CHECK(h.record(a));
  auto back = h.session_answers("s1");
  REQUIRE(back.size() == 1);
  CHECK(back[0].answer == a.answer);
  std::string line = dump_line(to_json(back[0]));
  CHECK_THAT(line, Catch::Contains("caf\xef\xbf\xbd au lait"));
  append_fallback(a, tmp.path / "unsaved.jsonl");
}

namespace {

// Every row of every table an answer touches, each value written out exactly
// (shortest round-trip form for reals), so that two histories compare equal
// only when each sum came out bit for bit the same.
std::vector<std::string> dump_tables(History &h) {
  std::vector<std::string> rows;
  for (const char *sql : {"SELECT * FROM answers ORDER BY id", "SELECT * FROM sessions ORDER BY id",
                          "SELECT * FROM day_scores ORDER BY 1, 2, 3, 4", "SELECT * FROM day_topics ORDER BY 1, 2, 3",
                          "SELECT * FROM day_concepts ORDER BY 1, 2, 3",
                          "SELECT * FROM month_concepts ORDER BY 1, 2, 3", "SELECT * FROM topic_totals ORDER BY 1, 2",
                          "SELECT * FROM concept_totals ORDER BY 1, 2", "SELECT * FROM memory ORDER BY question_id"}) {
    sqlite3_stmt *st = nullptr;
    Database db = test::inspect(h);
    REQUIRE(sqlite3_prepare_v2(db.handle(), sql, -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row = sql;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        switch (sqlite3_column_type(st, c)) {
        case SQLITE_INTEGER: row += fmt::format(" | i{}", sqlite3_column_int64(st, c)); break;
        case SQLITE_FLOAT: row += fmt::format(" | r{}", sqlite3_column_double(st, c)); break;
        case SQLITE_NULL: row += " | null"; break;
        default: row += fmt::format(" | t{}", reinterpret_cast<const char *>(sqlite3_column_text(st, c)));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(st);
  }
  return rows;
}

// Answers shaped to catch a bulk write that drifts from per-answer writes:
// scores whose sums round, a topic named twice, a concept both hit and
// missed, untimed and over-time answers, several roles and days, answers
// that arrive older than ones already recorded, repeats of earlier ones, and
// questions answered only at the start.
std::vector<AnswerRecord> awkward_answers(std::size_t n) {
  std::mt19937_64 rng(7);
  std::vector<AnswerRecord> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 10 && rng() % 10 == 0) {
      out.push_back(out[rng() % out.size()]);
      continue;
    }
    std::int64_t at = k_t0 + static_cast<std::int64_t>(i) * 3'600'000;
    if (rng() % 6 == 0) at -= static_cast<std::int64_t>(rng() % 40) * k_day_ms;
    // Some questions are answered only early on.
    std::string question =
        i < 200 && rng() % 5 == 0 ? fmt::format("early{}", rng() % 4) : fmt::format("q{}", rng() % 13);
    AnswerRecord a = answer(fmt::format("s{}", i / 4), question, at, static_cast<double>(rng() % 1000) / 7.0);
    a.role = rng() % 3 == 0 ? "platform" : "backend";
    a.category = rng() % 2 == 0 ? "technical" : "behavioral";
    a.topics = {"http", rng() % 2 == 0 ? "http" : "db", "caching"};
    a.breakdown["concepts"]["missed"] = rng() % 2 == 0 ? nlohmann::json{"ttl"} : nlohmann::json{"invalidation"};
    if (rng() % 4 == 0) a.elapsed_s = std::nullopt;
    if (rng() % 3 == 0) a.elapsed_s = 181.0 + static_cast<double>(rng() % 100) / 3.0;
    out.push_back(std::move(a));
  }
  return out;
}

} // namespace

TEST_CASE("an import leaves the history exactly as recording its answers one by one would") {
  TempDir tmp;
  auto answers = awkward_answers(700);
  // Both histories already hold some answers, sessions and memory states.
  auto seed = [&](History &h) {
    for (std::size_t i = 0; i < 40; ++i)
      h.record(answers[i * 7]);
    h.begin_session({"s5", "interactive", "backend", k_t0 - k_day_ms, std::nullopt, 0, std::nullopt});
  };
  History one_by_one(tmp.path / "one.db");
  seed(one_by_one);
  std::size_t added_one_by_one = 0;
  for (const auto &a : answers)
    if (one_by_one.record(a)) ++added_one_by_one;
  auto expected = dump_tables(one_by_one);
  REQUIRE(added_one_by_one > 500);

  SECTION("in batches smaller than the import") {
    History imported(tmp.path / "imported.db");
    seed(imported);
    CHECK(imported.record_many(answers, 97) == added_one_by_one);
    CHECK(dump_tables(imported) == expected);
  }
  SECTION("with the default batch size") {
    History imported(tmp.path / "imported.db");
    seed(imported);
    CHECK(imported.record_many(answers) == added_one_by_one);
    CHECK(dump_tables(imported) == expected);
  }
  SECTION("stopped part way by an error, then run again") {
    History imported(tmp.path / "imported.db");
    seed(imported);
    auto rows = [&] {
      Database db = test::inspect(imported);
      Statement st(db, "SELECT count(*) FROM answers");
      REQUIRE(st.step());
      return static_cast<std::size_t>(st.integer(0));
    };
    std::size_t seeded = rows();
    std::size_t i = 0;
    auto failing = [&]() -> std::optional<AnswerRecord> {
      if (i == 450) throw Error(ExitStatus::io, "disk full");
      return answers[i++];
    };
    CHECK_THROWS_AS(imported.record_many(failing, 100), Error);
    // The batches before the error stay, and the one it broke off is gone.
    std::set<std::tuple<std::string, std::string, std::int64_t>> keys;
    for (std::size_t k = 0; k < 40; ++k)
      keys.emplace(answers[k * 7].session_id, answers[k * 7].question_id, answers[k * 7].answered_at_ms);
    std::size_t new_in_first_400 = 0;
    for (std::size_t k = 0; k < 400; ++k)
      if (keys.emplace(answers[k].session_id, answers[k].question_id, answers[k].answered_at_ms).second)
        ++new_in_first_400;
    std::size_t kept = rows() - seeded;
    CHECK(kept == new_in_first_400);
    // What was kept is whole (counted in its session, its summaries and its
    // question's memory state), so running the import again completes it.
    CHECK(imported.record_many(answers, 100) == added_one_by_one - kept);
    CHECK(dump_tables(imported) == expected);
  }
}

namespace {

std::vector<std::string> rows_of(History &h, const char *sql) {
  std::vector<std::string> rows;
  Database db = test::inspect(h);
  Statement st(db, sql);
  while (st.step())
    rows.push_back(fmt::format("{} {} {} {} {}", st.text(0), st.text(1), st.text(2), st.integer(3), st.integer(4)));
  return rows;
}

// month_concepts must hold exactly the per-day concept counts summed by
// month: the statistics add the two together for --since.
void check_months_follow_days(History &h) {
  auto months = rows_of(h, "SELECT month, role, concept, asked, missed FROM month_concepts ORDER BY 1, 2, 3");
  auto days = rows_of(h, "SELECT substr(local_day, 1, 7), role, concept, sum(asked), sum(missed) FROM day_concepts "
                         "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  REQUIRE_FALSE(days.empty());
  CHECK(months == days);
}

// The current schema taken back to version 3, as the previous drill left it.
void downgrade_to_v3(const fs::path &file) {
  raw_exec(file, "DROP TABLE month_concepts; DROP INDEX sessions_by_role_start; DROP TABLE corrections; "
                 "DROP TABLE phrasings; ALTER TABLE answers DROP COLUMN auto_score; ALTER TABLE answers DROP COLUMN "
                 "auto_breakdown; ALTER TABLE answers DROP COLUMN rating; PRAGMA user_version = 3;");
}

std::vector<std::string> schema_of(const fs::path &file) {
  std::vector<std::string> out;
  Database db(file, OpenMode::read_write, History::k_busy_timeout_ms);
  Statement st(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name");
  while (st.step())
    out.push_back(fmt::format("{} {} {}", st.text(0), st.text(1), st.is_null(2) ? "" : st.text(2)));
  return out;
}

// Every figure of the statistics, reals in their shortest exact form.
std::string describe(const Stats &s) {
  std::string out = fmt::format("{} answers, {} sessions, average {}, streak {} to {}, {} of {} over\n", s.answers,
                                s.sessions, s.average ? fmt::format("{}", *s.average) : "none", s.streak_days,
                                s.last_day, s.over_limit, s.timed_answers);
  for (const auto *groups : {&s.by_category, &s.by_difficulty, &s.by_topic}) {
    for (const auto &g : *groups)
      out += fmt::format("{} {} {}; ", g.name, g.answers, g.average);
    out += "\n";
  }
  out += s.trend_step == TrendStep::day ? "by day:" : "by week:";
  for (const auto &p : s.trend)
    out += fmt::format(" {} {} {};", p.start, p.answers, p.average ? fmt::format("{}", *p.average) : "-");
  out += "\n";
  for (const auto &c : s.weakest_concepts)
    out += fmt::format("{} {}/{}; ", c.name, c.missed, c.asked);
  return out;
}

} // namespace

TEST_CASE("every write keeps the month concept counts equal to the days summed by month") {
  TempDir tmp;
  auto answers = awkward_answers(500);
  History h(tmp.path / "history.db");
  SECTION("recording one answer at a time") {
    for (const auto &a : answers)
      h.record(a);
    check_months_follow_days(h);
  }
  SECTION("importing") {
    h.record_many(answers, 61);
    check_months_follow_days(h);
  }
  SECTION("rescoring, which moves concepts between hit and missed") {
    h.record_many(answers);
    std::vector<Regrade> regrades;
    for (const auto &stored : h.answers_after({}, 0, 1000)) {
      if (stored.id % 3 != 0) continue;
      nlohmann::json breakdown = stored.record.breakdown;
      breakdown["concepts"] = {{"hit", {"invalidation"}}, {"missed", {"ttl", "eviction"}}};
      regrades.push_back({stored.id, 12.5, breakdown, "fedcba9876543210"});
    }
    REQUIRE(h.apply_regrades(regrades, k_t0) == regrades.size());
    check_months_follow_days(h);
    Database db = test::inspect(h);
    Statement st(db, "SELECT sum(asked) FROM month_concepts WHERE concept = 'eviction'");
    REQUIRE(st.step());
    CHECK(st.integer(0) == static_cast<std::int64_t>(regrades.size()));
  }
}

TEST_CASE("a version 3 history migrates to version 4 with the same statistics") {
  TempDir tmp;
  fs::path file = tmp.path / "history.db";
  std::vector<StatsQuery> queries;
  for (const char *role : {"", "backend", "platform", "frontend"})
    for (const char *since : {"", "2023-10-01", "2023-10-20", "2023-11-01", "2023-11-14", "2023-11-30", "2023-12-01",
                              "2023-12-09", "2024-01-01"})
      queries.push_back({role, since, "2023-12-14"});
  std::vector<std::string> expected;
  {
    History h(file);
    h.record_many(awkward_answers(700));
    for (const auto &q : queries)
      expected.push_back(describe(compute_stats(h, q)));
  }
  downgrade_to_v3(file);
  // What is left is exactly the schema that version 3 creates.
  fs::path v3 = tmp.path / "v3.db";
  raw_exec(v3, std::string(history_schema_sql(1)) + history_schema_sql(2) + history_schema_sql(3) +
                   "PRAGMA user_version = 3;");
  REQUIRE(schema_of(file) == schema_of(v3));

  History h(file);
  CHECK(h.schema_version() == History::k_schema_version);
  check_months_follow_days(h);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    INFO("role '" << queries[i].role << "' since '" << queries[i].since << "'");
    CHECK(describe(compute_stats(h, queries[i])) == expected[i]);
  }
  // Counting a role's sessions since a day reads the new index alone.
  Database db = test::inspect(h);
  Statement plan(db, "EXPLAIN QUERY PLAN SELECT count(*) FROM sessions WHERE role = ?1 AND started_at_ms >= ?2");
  std::string steps;
  while (plan.step())
    steps += plan.text(3) + "\n";
  CHECK_THAT(steps, Catch::Contains("COVERING INDEX sessions_by_role_start"));
}
