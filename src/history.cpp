#include "drill/history.hpp"

#include "drill/error.hpp"
#include "drill/json_locate.hpp"
#include "drill/paths.hpp"
#include "drill/suggest.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <set>
#include <thread>

namespace drill {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t k_import_batch = 500;

// Schema version 1: the log of sessions and answers, plus the topics and
// concepts of each answer copied out with the columns the statistics filter
// on (role, local day). Every statistic reads one covering index and never
// the answer text, which is most of a row's size. The indexes lead with the
// GROUP BY columns (after role, when a role is asked for) so that SQLite
// aggregates as it scans instead of sorting a million rows first; the
// day-first ones serve the trend and the streak.
constexpr const char *k_schema_v1 = R"sql(
CREATE TABLE sessions (
  id            TEXT PRIMARY KEY NOT NULL,
  mode          TEXT NOT NULL,
  role          TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL,
  ended_at_ms   INTEGER,
  answered      INTEGER NOT NULL DEFAULT 0,
  score_sum     REAL NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_start ON sessions (started_at_ms);
CREATE TABLE answers (
  id             INTEGER PRIMARY KEY,
  session_id     TEXT NOT NULL,
  mode           TEXT NOT NULL,
  question_id    TEXT NOT NULL,
  question_hash  TEXT NOT NULL,
  role           TEXT NOT NULL,
  category       TEXT NOT NULL,
  difficulty     TEXT NOT NULL,
  topics         TEXT NOT NULL,
  answered_at_ms INTEGER NOT NULL,
  local_day      TEXT NOT NULL,
  elapsed_s      REAL,
  time_limit_s   INTEGER NOT NULL,
  score          REAL NOT NULL,
  breakdown      TEXT NOT NULL,
  answer         TEXT NOT NULL,
  UNIQUE (session_id, question_id, answered_at_ms)
);
CREATE INDEX answers_by_question ON answers (question_id, role);
CREATE INDEX answers_by_day
  ON answers (local_day, category, difficulty, score, elapsed_s, time_limit_s);
CREATE INDEX answers_by_role_day
  ON answers (role, local_day, category, difficulty, score, elapsed_s, time_limit_s);
CREATE INDEX answers_by_group
  ON answers (category, difficulty, role, local_day, score, elapsed_s, time_limit_s);
CREATE INDEX answers_by_role_group
  ON answers (role, category, difficulty, local_day, score, elapsed_s, time_limit_s);
CREATE TABLE answer_topics (
  answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  topic     TEXT NOT NULL,
  role      TEXT NOT NULL,
  local_day TEXT NOT NULL,
  score     REAL NOT NULL,
  PRIMARY KEY (answer_id, topic)
) WITHOUT ROWID;
CREATE INDEX answer_topics_by_topic ON answer_topics (topic, role, local_day, score);
CREATE INDEX answer_topics_by_role_topic ON answer_topics (role, topic, local_day, score);
CREATE TABLE answer_concepts (
  answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  concept   TEXT NOT NULL,
  missed    INTEGER NOT NULL,
  role      TEXT NOT NULL,
  local_day TEXT NOT NULL,
  PRIMARY KEY (answer_id, concept)
) WITHOUT ROWID;
CREATE INDEX answer_concepts_by_concept ON answer_concepts (concept, role, local_day, missed);
CREATE INDEX answer_concepts_by_role_concept ON answer_concepts (role, concept, local_day, missed);
)sql";

// Schema version 2: one FSRS memory state per question, derived from the
// answers; the migration replays the answers already recorded.
constexpr const char *k_schema_v2 = R"sql(
CREATE TABLE memory (
  question_id    TEXT PRIMARY KEY NOT NULL,
  stability      REAL NOT NULL,
  difficulty     REAL NOT NULL,
  reps           INTEGER NOT NULL,
  lapses         INTEGER NOT NULL,
  last_review_ms INTEGER NOT NULL,
  due_ms         INTEGER NOT NULL,
  last_score     REAL NOT NULL
);
CREATE INDEX memory_by_due ON memory (due_ms);
)sql";

constexpr const char *k_answer_columns =
    "session_id, mode, question_id, question_hash, role, category, difficulty, topics, answered_at_ms, elapsed_s, "
    "time_limit_s, score, breakdown, answer";

// Creates the file with mode 0600 before SQLite does, since SQLite would use
// 0644; its -wal and -shm files then copy these permissions.
void ensure_private_file(const fs::path &file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  if (errno != EEXIST)
    throw Error(ExitStatus::io, fmt::format("{}: cannot create the history: {}", file.string(), std::strerror(errno)));
}

int read_user_version(Database &db) {
  Statement st(db, "PRAGMA user_version");
  return st.step() ? static_cast<int>(st.integer(0)) : 0;
}

std::vector<std::string> names_in(const json &breakdown, const char *which) {
  std::vector<std::string> out;
  if (!breakdown.is_object()) return out;
  auto concepts = breakdown.find("concepts");
  if (concepts == breakdown.end() || !concepts->is_object()) return out;
  auto list = concepts->find(which);
  if (list == concepts->end() || !list->is_array()) return out;
  for (const auto &name : *list)
    if (name.is_string()) out.push_back(name.get<std::string>());
  return out;
}

json parse_stored_json(const std::string &text, const fs::path &file) {
  json j = json(json::value_t::discarded);
  if (excess_nesting(text) == std::string::npos) j = json::parse(text, nullptr, false);
  if (j.is_discarded())
    throw Error(ExitStatus::data, fmt::format("{}: the history holds malformed JSON in an answer", file.string()));
  return j;
}

AnswerRecord read_answer(const Statement &st, const fs::path &file) {
  AnswerRecord a;
  a.session_id = st.text(0);
  a.mode = st.text(1);
  a.question_id = st.text(2);
  a.question_hash = st.text(3);
  a.role = st.text(4);
  a.category = st.text(5);
  a.difficulty = st.text(6);
  json topics = parse_stored_json(st.text(7), file);
  if (topics.is_array())
    for (const auto &t : topics)
      if (t.is_string()) a.topics.push_back(t.get<std::string>());
  a.answered_at_ms = st.integer(8);
  a.elapsed_s = st.optional_real(9);
  a.time_limit_s = static_cast<int>(st.integer(10));
  a.score = st.real(11);
  a.breakdown = parse_stored_json(st.text(12), file);
  a.answer = st.text(13);
  return a;
}

MemoryState read_memory(const Statement &st, int first) {
  MemoryState m;
  m.stability = st.real(first);
  m.difficulty = st.real(first + 1);
  m.reps = static_cast<int>(st.integer(first + 2));
  m.lapses = static_cast<int>(st.integer(first + 3));
  m.last_review_ms = st.integer(first + 4);
  m.due_ms = st.integer(first + 5);
  return m;
}

void write_memory(Database &db, const std::string &question_id, const MemoryState &m, double last_score) {
  Statement st(db, "INSERT OR REPLACE INTO memory (question_id, stability, difficulty, reps, lapses, last_review_ms, "
                   "due_ms, last_score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.bind(1, question_id)
      .bind(2, m.stability)
      .bind(3, m.difficulty)
      .bind(4, std::int64_t{m.reps})
      .bind(5, std::int64_t{m.lapses})
      .bind(6, m.last_review_ms)
      .bind(7, m.due_ms)
      .bind(8, last_score)
      .run();
}

const char *k_role_filter = " AND EXISTS (SELECT 1 FROM answers a WHERE a.question_id = m.question_id AND a.role = ?2)";

} // namespace

// ---------------------------------------------------------------------------
// Free functions

const char *history_schema_sql(int version) {
  if (version == 1) return k_schema_v1;
  if (version == 2) return k_schema_v2;
  throw Error(ExitStatus::software, fmt::format("no schema version {}", version));
}

fs::path history_path(const std::string &overridden) {
  if (!overridden.empty()) return overridden;
  return state_dir() / "history.db";
}

std::string local_day(std::int64_t utc_ms) {
  std::time_t t = static_cast<std::time_t>(utc_ms / 1000 - (utc_ms % 1000 < 0 ? 1 : 0));
  std::tm tm{};
  localtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// ---------------------------------------------------------------------------
// History

History::History(Database db, int busy_timeout_ms) : db_(std::move(db)) {
  // While another drill creates the file and switches it to WAL, SQLite can
  // report busy at once instead of waiting, so the opening steps are retried
  // until the busy timeout runs out.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  for (;;) {
    try {
      prepare();
      return;
    } catch (const Error &e) {
      if (e.status() != ExitStatus::temp_fail || std::chrono::steady_clock::now() >= deadline ||
          busy_waits_stopped())
        throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

void History::prepare() {
  // One statement reads both, so that both come from the same snapshot even
  // while another drill is creating the schema.
  int version = 0;
  std::int64_t tables = 0;
  {
    Statement st(db_, "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)");
    if (st.step()) {
      version = static_cast<int>(st.integer(0));
      tables = st.integer(1);
    }
  }
  if (version > k_schema_version)
    throw Error(ExitStatus::data,
                fmt::format("{}: the history has schema version {}, newer than this drill knows ({}). It was left as "
                            "it is: upgrade drill, or point --history elsewhere",
                            db_.file().string(), version, k_schema_version));
  if (version == 0 && tables > 0)
    throw Error(ExitStatus::data, fmt::format("{}: this SQLite database is not a drill history. It was left as it "
                                              "is: point --history elsewhere",
                                              db_.file().string()));
  if (db_.read_only()) {
    if (version < k_schema_version)
      throw Error(ExitStatus::io, fmt::format("{}: the history needs upgrading to schema version {}, but it "
                                              "cannot be written; make it writable and run drill again",
                                              db_.file().string(), k_schema_version));
    return;
  }
  {
    Statement wal(db_, "PRAGMA journal_mode = WAL");
    wal.run();
  }
  db_.exec("PRAGMA foreign_keys = ON");
  if (version < k_schema_version) migrate();
}

History::History(const fs::path &file, int busy_timeout_ms)
    : History([&file, busy_timeout_ms] {
        create_private_dir(file.parent_path());
        ensure_private_file(file);
        return Database(file, OpenMode::read_write, busy_timeout_ms);
      }(),
              busy_timeout_ms) {}

std::optional<History> History::open_existing(const fs::path &file, int busy_timeout_ms) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  try {
    return History(Database(file, OpenMode::read_write, busy_timeout_ms), busy_timeout_ms);
  } catch (const Error &e) {
    // A history in a place drill cannot write (a read-only directory or
    // mount) can still be read, as it was when last written.
    if (e.status() != ExitStatus::io || ::access(file.c_str(), R_OK) != 0) throw;
    return History(Database(file, OpenMode::snapshot, busy_timeout_ms), busy_timeout_ms);
  }
}

int History::schema_version() { return read_user_version(db_); }

// Each step moves the schema up one version. They run in one transaction that
// re-reads the version first, so two drills starting at once migrate once.
void History::migrate() {
  Transaction t(db_);
  int version = read_user_version(db_);
  if (version < 1) db_.exec(k_schema_v1);
  if (version < 2) {
    db_.exec(k_schema_v2);
    Statement questions(db_, "SELECT DISTINCT question_id FROM answers");
    std::vector<std::string> ids;
    while (questions.step()) ids.push_back(questions.text(0));
    for (const auto &id : ids) rebuild_memory(id);
  }
  if (version < k_schema_version) db_.exec(fmt::format("PRAGMA user_version = {}", k_schema_version));
  t.commit();
}

void History::begin_session(const SessionRecord &s) {
  Transaction t(db_);
  Statement st(db_, "INSERT OR IGNORE INTO sessions (id, mode, role, started_at_ms) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, s.id).bind(2, s.mode).bind(3, s.role).bind(4, s.started_at_ms).run();
  t.commit();
}

void History::end_session(std::string_view session_id, std::int64_t ended_at_ms) {
  Transaction t(db_);
  Statement st(db_, "UPDATE sessions SET ended_at_ms = ?2 WHERE id = ?1");
  st.bind(1, session_id).bind(2, ended_at_ms).run();
  t.commit();
}

bool History::insert_answer(const AnswerRecord &a) {
  std::string day = local_day(a.answered_at_ms);
  Statement insert(db_, fmt::format("INSERT OR IGNORE INTO answers ({}, local_day) VALUES "
                                    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                    k_answer_columns));
  insert.bind(1, a.session_id)
      .bind(2, a.mode)
      .bind(3, a.question_id)
      .bind(4, a.question_hash)
      .bind(5, a.role)
      .bind(6, a.category)
      .bind(7, a.difficulty)
      .bind(8, dump_line(json(a.topics)))
      .bind(9, a.answered_at_ms)
      .bind(10, a.elapsed_s)
      .bind(11, std::int64_t{a.time_limit_s})
      .bind(12, a.score)
      .bind(13, dump_line(a.breakdown))
      .bind(14, a.answer)
      .bind(15, day)
      .run();
  if (db_.changes() == 0) return false;
  std::int64_t answer_id = sqlite3_last_insert_rowid(db_.handle());

  Statement session(db_, "INSERT INTO sessions (id, mode, role, started_at_ms, answered, score_sum) "
                         "VALUES (?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT (id) DO UPDATE SET "
                         "answered = answered + 1, score_sum = score_sum + ?5, "
                         "started_at_ms = min(started_at_ms, ?4)");
  session.bind(1, a.session_id).bind(2, a.mode).bind(3, a.role).bind(4, a.answered_at_ms).bind(5, a.score).run();

  Statement topic(db_, "INSERT OR IGNORE INTO answer_topics (answer_id, topic, role, local_day, score) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const auto &name : a.topics) {
    topic.bind(1, answer_id).bind(2, name).bind(3, a.role).bind(4, day).bind(5, a.score).run();
    topic.reset();
  }
  Statement concept_row(db_, "INSERT OR REPLACE INTO answer_concepts (answer_id, concept, missed, role, local_day) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const char *which : {"hit", "missed"}) {
    std::int64_t missed = std::strcmp(which, "missed") == 0 ? 1 : 0;
    for (const auto &name : names_in(a.breakdown, which)) {
      concept_row.bind(1, answer_id).bind(2, name).bind(3, missed).bind(4, a.role).bind(5, day).run();
      concept_row.reset();
    }
  }
  return true;
}

void History::update_memory(const std::string &question_id, std::int64_t at_ms, double score) {
  Statement st(db_, "SELECT stability, difficulty, reps, lapses, last_review_ms, due_ms FROM memory "
                    "WHERE question_id = ?1");
  st.bind(1, question_id);
  std::optional<MemoryState> previous;
  if (st.step()) previous = read_memory(st, 0);
  if (previous && at_ms < previous->last_review_ms) {
    // An answer older than the latest review (an import): replay them all in order.
    rebuild_memory(question_id);
    return;
  }
  write_memory(db_, question_id, review(previous, rating_for_score(score), at_ms), score);
}

void History::rebuild_memory(const std::string &question_id) {
  Statement st(db_, "SELECT answered_at_ms, score FROM answers WHERE question_id = ?1 ORDER BY answered_at_ms, id");
  st.bind(1, question_id);
  std::optional<MemoryState> state;
  double last_score = 0;
  while (st.step()) {
    last_score = st.real(1);
    state = review(state, rating_for_score(last_score), st.integer(0));
  }
  if (state) write_memory(db_, question_id, *state, last_score);
}

bool History::record(const AnswerRecord &a) {
  Transaction t(db_);
  bool inserted = insert_answer(a);
  if (inserted) update_memory(a.question_id, a.answered_at_ms, a.score);
  t.commit();
  return inserted;
}

std::size_t History::record_many(const std::vector<AnswerRecord> &answers) {
  std::size_t i = 0;
  return record_many([&]() -> std::optional<AnswerRecord> {
    if (i == answers.size()) return std::nullopt;
    return answers[i++];
  });
}

std::size_t History::record_many(const std::function<std::optional<AnswerRecord>()> &next) {
  std::size_t added = 0;
  std::set<std::string> touched;
  for (bool more = true; more;) {
    Transaction t(db_);
    for (std::size_t n = 0; n < k_import_batch; ++n) {
      auto a = next();
      if (!a) {
        more = false;
        break;
      }
      if (insert_answer(*a)) {
        ++added;
        touched.insert(a->question_id);
      }
    }
    t.commit();
  }
  if (!touched.empty()) {
    Transaction t(db_);
    for (const auto &id : touched) rebuild_memory(id);
    t.commit();
  }
  return added;
}

std::vector<std::string> History::roles() {
  // A skip-scan over the role-first index: one lookup per distinct role
  // rather than a walk over every answer.
  Statement st(db_, "WITH RECURSIVE r(role) AS (SELECT min(role) FROM answers UNION ALL "
                    "SELECT (SELECT min(role) FROM answers WHERE role > r.role) FROM r WHERE r.role IS NOT NULL) "
                    "SELECT role FROM r WHERE role IS NOT NULL");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::optional<MemoryState> History::memory(std::string_view question_id) {
  Statement st(db_, "SELECT stability, difficulty, reps, lapses, last_review_ms, due_ms FROM memory "
                    "WHERE question_id = ?1");
  st.bind(1, question_id);
  if (!st.step()) return std::nullopt;
  return read_memory(st, 0);
}

std::vector<DueQuestion> History::due(std::string_view role, std::int64_t now_ms) {
  std::string sql = "SELECT question_id, last_score, stability, difficulty, reps, lapses, last_review_ms, due_ms "
                    "FROM memory m WHERE due_ms <= ?1";
  if (!role.empty()) sql += k_role_filter;
  sql += " ORDER BY due_ms, question_id";
  Statement st(db_, sql);
  st.bind(1, now_ms);
  if (!role.empty()) st.bind(2, role);
  std::vector<DueQuestion> out;
  while (st.step()) out.push_back({st.text(0), read_memory(st, 2), st.real(1)});
  return out;
}

std::map<std::string, MemoryState> History::memories(std::string_view role) {
  std::string sql = "SELECT question_id, stability, difficulty, reps, lapses, last_review_ms, due_ms FROM memory m "
                    "WHERE 1";
  if (!role.empty()) sql += k_role_filter;
  Statement st(db_, sql);
  if (!role.empty()) st.bind(2, role);
  std::map<std::string, MemoryState> out;
  while (st.step()) out.emplace(st.text(0), read_memory(st, 1));
  return out;
}

std::map<std::string, double> History::topic_averages(std::string_view role) {
  Statement st(db_, role.empty() ? "SELECT topic, avg(score) FROM answer_topics GROUP BY topic"
                                 : "SELECT topic, avg(score) FROM answer_topics WHERE role = ?1 GROUP BY topic");
  if (!role.empty()) st.bind(1, role);
  std::map<std::string, double> out;
  while (st.step()) out.emplace(st.text(0), st.real(1));
  return out;
}

namespace {

SessionRecord read_session(const Statement &st) {
  SessionRecord s;
  s.id = st.text(0);
  s.mode = st.text(1);
  s.role = st.text(2);
  s.started_at_ms = st.integer(3);
  if (!st.is_null(4)) s.ended_at_ms = st.integer(4);
  s.answered = static_cast<int>(st.integer(5));
  if (s.answered > 0) s.average_score = st.real(6) / s.answered;
  return s;
}

constexpr const char *k_session_columns = "id, mode, role, started_at_ms, ended_at_ms, answered, score_sum";

} // namespace

std::vector<SessionRecord> History::sessions(std::string_view role, std::size_t limit) {
  std::string sql = fmt::format("SELECT {} FROM sessions", k_session_columns);
  if (!role.empty()) sql += " WHERE role = ?1";
  sql += " ORDER BY started_at_ms DESC, id";
  if (limit > 0) sql += fmt::format(" LIMIT {}", limit);
  Statement st(db_, sql);
  if (!role.empty()) st.bind(1, role);
  std::vector<SessionRecord> out;
  while (st.step()) out.push_back(read_session(st));
  return out;
}

SessionRecord History::find_session(std::string_view prefix) {
  if (prefix.empty()) throw Error(ExitStatus::usage, "give a session id, or the first few characters of one");
  Statement st(db_, fmt::format("SELECT {} FROM sessions WHERE substr(id, 1, ?2) = ?1 ORDER BY id LIMIT 6",
                                k_session_columns));
  st.bind(1, prefix).bind(2, static_cast<std::int64_t>(prefix.size()));
  std::vector<SessionRecord> found;
  while (st.step()) found.push_back(read_session(st));
  if (found.size() == 1) return found.front();
  if (found.size() > 1) {
    std::vector<std::string> ids;
    for (const auto &s : found) ids.push_back(s.id);
    throw Error(ExitStatus::usage, fmt::format("session id '{}' is ambiguous: it matches {}{}; give more characters",
                                               prefix, join(ids), found.size() > 5 ? ", ..." : ""));
  }
  // Compare the prefix with every id cut to the same length, to catch a typo.
  Statement all(db_, "SELECT id FROM sessions ORDER BY started_at_ms DESC");
  std::vector<std::string> cut, full;
  while (all.step()) {
    full.push_back(all.text(0));
    cut.push_back(full.back().substr(0, prefix.size()));
  }
  std::string hint;
  if (auto best = did_you_mean(prefix, cut)) {
    auto at = static_cast<std::size_t>(std::find(cut.begin(), cut.end(), *best) - cut.begin());
    hint = fmt::format(" (did you mean '{}'?)", full[at]);
  }
  throw Error(ExitStatus::usage,
              fmt::format("no session '{}'{}; 'drill history' lists the sessions", prefix, hint));
}

std::vector<AnswerRecord> History::session_answers(std::string_view session_id) {
  Statement st(db_, fmt::format("SELECT {} FROM answers WHERE session_id = ?1 ORDER BY answered_at_ms, id",
                                k_answer_columns));
  st.bind(1, session_id);
  std::vector<AnswerRecord> out;
  while (st.step()) out.push_back(read_answer(st, db_.file()));
  return out;
}

void History::for_each_answer(const std::function<void(const AnswerRecord &)> &f) {
  Statement st(db_, fmt::format("SELECT {} FROM answers ORDER BY id", k_answer_columns));
  while (st.step()) f(read_answer(st, db_.file()));
}

} // namespace drill
