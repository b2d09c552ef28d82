#include "history/history.hpp"
#include "history/history_rows.hpp"

#include "history/history_summary.hpp"
#include "util/error.hpp"
#include "util/json_locate.hpp"
#include "util/paths.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <set>
#include <thread>

namespace drill {

namespace fs = std::filesystem;
using nlohmann::json;

// The row helpers history_rows.hpp declares, shared with history_corrections.cpp.
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

namespace {

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
  Statement st(db,
               "INSERT OR REPLACE INTO memory (question_id, stability, difficulty, reps, lapses, last_review_ms, "
               "due_ms, last_score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
               Reuse::cached);
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

// The whole INSERT for an answer row, kept as one string so that the
// statement cache sees the same text each time.
const std::string k_insert_answer = fmt::format("INSERT OR IGNORE INTO answers ({}, local_day) VALUES "
                                                "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                                k_answer_columns);

// "dril": the application_id in the header of every history drill writes.
constexpr std::int64_t k_application_id = 0x6472696c;

// Every table drill's schema has made, in any version.
constexpr const char *k_drill_tables =
    "'sessions', 'answers', 'answer_topics', 'answer_concepts', 'memory', 'rescores', 'day_scores', 'day_topics', "
    "'day_concepts', 'topic_totals', 'concept_totals', 'month_concepts', 'corrections', 'phrasings'";

const char *k_role_filter = " AND EXISTS (SELECT 1 FROM answers a WHERE a.question_id = m.question_id AND a.role = ?2)";

} // namespace

// ---------------------------------------------------------------------------
// Free functions

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
      if (e.status() != ExitStatus::temp_fail || std::chrono::steady_clock::now() >= deadline || busy_waits_stopped())
        throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

// Whose file this is must be settled before anything is written to it (the
// switch to WAL is a write). drill's files carry its application_id; files
// from before it had one are adopted when they hold drill's tables and
// nothing else. Anything else is another program's and is left untouched.
void History::prepare() {
  // One statement reads everything, so that it all comes from the same
  // snapshot even while another drill is creating the schema.
  int version = 0;
  std::int64_t application_id = 0, tables = 0, drill_tables = 0, foreign_tables = 0;
  {
    Statement st(db_, fmt::format("SELECT (SELECT user_version FROM pragma_user_version), "
                                  "(SELECT application_id FROM pragma_application_id), "
                                  "(SELECT count(*) FROM sqlite_master), "
                                  "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({0})), "
                                  "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN ({0}) "
                                  "AND name NOT LIKE 'sqlite%')",
                                  k_drill_tables));
    if (st.step()) {
      version = static_cast<int>(st.integer(0));
      application_id = st.integer(1);
      tables = st.integer(2);
      drill_tables = st.integer(3);
      foreign_tables = st.integer(4);
    }
  }
  const bool ours = application_id == k_application_id;
  if (!ours && application_id != 0)
    throw Error(ExitStatus::data, fmt::format("{}: this SQLite database belongs to another program (application_id "
                                              "{:#x}). It was left as it is: point --history elsewhere",
                                              db_.file().string(), static_cast<std::uint32_t>(application_id)));
  // Newer first: a newer drill may have added tables this one does not know.
  if (version > k_schema_version)
    throw Error(ExitStatus::data,
                fmt::format("{}: the history has schema version {}, newer than this drill knows ({}). It was left as "
                            "it is: upgrade drill, or point --history elsewhere",
                            db_.file().string(), version, k_schema_version));
  if (version < 0 || (!ours && tables > 0 && (drill_tables < 2 || foreign_tables > 0)))
    throw Error(ExitStatus::data,
                fmt::format("{}: this SQLite database is not a drill history (user_version {}, "
                            "{} table{} drill does not know). It was left as it is: point "
                            "--history elsewhere",
                            db_.file().string(), version, foreign_tables, foreign_tables == 1 ? "" : "s"));
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
  if (!ours) db_.exec(fmt::format("PRAGMA application_id = {}", k_application_id));
}

History::History(const fs::path &file, int busy_timeout_ms)
    : History(
          [&file, busy_timeout_ms] {
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
  if (version < 1) db_.exec(history_schema_sql(1));
  if (version < 2) db_.exec(history_schema_sql(2));
  if (version < 3) db_.exec(history_schema_sql(3));
  if (version < 4) db_.exec(history_schema_sql(4));
  if (version < 5) db_.exec(history_schema_sql(5));
  if (version < 2) {
    // Version 2 brought the memory states: replay the answers already
    // there, once the columns the replay reads exist.
    Statement questions(db_, "SELECT DISTINCT question_id FROM answers");
    std::vector<std::string> ids;
    while (questions.step())
      ids.push_back(questions.text(0));
    for (const auto &id : ids)
      rebuild_memory(id);
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

bool History::insert_answer(const AnswerRecord &a, const std::string &day) {
  Statement insert(db_, k_insert_answer, Reuse::cached);
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
  // Only an import carries these, so the common path writes one row.
  if (a.auto_score || a.rating) {
    Statement extra(db_, "UPDATE answers SET auto_score = ?2, auto_breakdown = ?3, rating = ?4 WHERE id = ?1");
    extra.bind(1, db_.last_insert_id()).bind(2, a.auto_score);
    if (a.auto_score)
      extra.bind(3, dump_line(a.auto_breakdown));
    else
      extra.bind_null(3);
    if (a.rating)
      extra.bind(4, std::int64_t{*a.rating});
    else
      extra.bind_null(4);
    extra.run();
  }
  return true;
}

// The new reviews are folded into the stored state in time order (ties in
// the order recorded), which is what replaying every answer would give as
// long as none is older than the latest review already in the state; an
// older one (an import, or a clock set back) makes the whole replay needed.
void History::update_memory(const std::string &question_id, std::vector<NewReview> reviews) {
  if (reviews.empty()) return;
  Statement st(db_,
               "SELECT stability, difficulty, reps, lapses, last_review_ms, due_ms FROM memory "
               "WHERE question_id = ?1",
               Reuse::cached);
  st.bind(1, question_id);
  std::optional<MemoryState> state;
  if (st.step()) state = read_memory(st, 0);
  st.reset();
  for (const auto &r : reviews) {
    if (state && r.at_ms < state->last_review_ms) {
      rebuild_memory(question_id);
      return;
    }
  }
  std::stable_sort(reviews.begin(), reviews.end(),
                   [](const NewReview &x, const NewReview &y) { return x.at_ms < y.at_ms; });
  for (const auto &r : reviews)
    state = review(state, rating_for_score(r.score), r.at_ms);
  if (state) write_memory(db_, question_id, *state, reviews.back().score);
}

void History::rebuild_memory(const std::string &question_id) {
  Statement st(db_, "SELECT answered_at_ms, score, rating FROM answers WHERE question_id = ?1 "
                    "ORDER BY answered_at_ms, id");
  st.bind(1, question_id);
  std::optional<MemoryState> state;
  double last_score = 0;
  while (st.step()) {
    last_score = st.real(1);
    // The person's own rating, when they gave one, as Anki would use it.
    const auto rated = st.optional_integer(2);
    const Rating rating =
        rated && *rated >= 1 && *rated <= 4 ? static_cast<Rating>(*rated) : rating_for_score(last_score);
    state = review(state, rating, st.integer(0));
  }
  if (state) write_memory(db_, question_id, *state, last_score);
}

bool History::record(const AnswerRecord &a) {
  Transaction t(db_);
  std::string day = local_day(a.answered_at_ms);
  bool inserted = insert_answer(a, day);
  if (inserted) {
    SummaryUpdate summaries(db_);
    summaries.add_answer(a, day);
    summaries.write();
    update_memory(a.question_id, {{a.answered_at_ms, a.score}});
  }
  t.commit();
  return inserted;
}

std::size_t History::record_many(const std::vector<AnswerRecord> &answers, std::size_t batch_size) {
  std::size_t i = 0;
  return record_many(
      [&]() -> std::optional<AnswerRecord> {
        if (i == answers.size()) return std::nullopt;
        return answers[i++];
      },
      batch_size);
}

// Each batch is one transaction that leaves the history as record() would
// have left it after the batch's last answer: the rows that several answers
// share (sessions, summaries, memory states) are written once per batch
// rather than once per answer, which is where an import spends its time.
std::size_t History::record_many(const std::function<std::optional<AnswerRecord>()> &next, std::size_t batch_size) {
  std::size_t added = 0;
  for (bool more = true; more;) {
    Transaction t(db_);
    SummaryUpdate summaries(db_);
    std::map<std::string, std::vector<NewReview>> reviews;
    std::set<std::string> rated; // a self-rating outranks the score: replayed whole
    for (std::size_t n = 0; n < batch_size; ++n) {
      auto a = next();
      if (!a) {
        more = false;
        break;
      }
      std::string day = local_day(a->answered_at_ms);
      if (!insert_answer(*a, day)) continue;
      ++added;
      summaries.add_answer(*a, day);
      reviews[a->question_id].push_back({a->answered_at_ms, a->score});
      if (a->rating) rated.insert(a->question_id);
    }
    summaries.write();
    for (auto &[question_id, list] : reviews)
      if (rated.count(question_id) == 0) update_memory(question_id, std::move(list));
    for (const auto &question_id : rated)
      rebuild_memory(question_id);
    t.commit();
  }
  return added;
}

std::vector<std::string> History::roles() {
  // The daily summary has a row per day, role and group: a few thousand rows
  // however many answers there are.
  Statement st(db_, "SELECT DISTINCT role FROM day_scores WHERE answers > 0 ORDER BY role");
  std::vector<std::string> out;
  while (st.step())
    out.push_back(st.text(0));
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
  while (st.step())
    out.push_back({st.text(0), read_memory(st, 2), st.real(1)});
  return out;
}

std::map<std::string, MemoryState> History::memories(std::string_view role) {
  std::string sql = "SELECT question_id, stability, difficulty, reps, lapses, last_review_ms, due_ms FROM memory m "
                    "WHERE 1";
  if (!role.empty()) sql += k_role_filter;
  Statement st(db_, sql);
  if (!role.empty()) st.bind(2, role);
  std::map<std::string, MemoryState> out;
  while (st.step())
    out.emplace(st.text(0), read_memory(st, 1));
  return out;
}

std::map<std::string, double> History::topic_averages(std::string_view role) {
  Statement st(db_, role.empty()
                        ? "SELECT topic, sum(score_sum) / sum(answers) FROM topic_totals GROUP BY topic "
                          "HAVING sum(answers) > 0"
                        : "SELECT topic, score_sum / answers FROM topic_totals WHERE role = ?1 AND answers > 0");
  if (!role.empty()) st.bind(1, role);
  std::map<std::string, double> out;
  while (st.step())
    out.emplace(st.text(0), st.real(1));
  return out;
}

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

std::vector<SessionRecord> History::sessions(std::string_view role, std::size_t limit) {
  std::string sql = fmt::format("SELECT {} FROM sessions", k_session_columns);
  if (!role.empty()) sql += " WHERE role = ?1";
  sql += " ORDER BY started_at_ms DESC, id";
  if (limit > 0) sql += fmt::format(" LIMIT {}", limit);
  Statement st(db_, sql);
  if (!role.empty()) st.bind(1, role);
  std::vector<SessionRecord> out;
  while (st.step())
    out.push_back(read_session(st));
  return out;
}

SessionRecord History::find_session(std::string_view prefix) {
  if (prefix.empty()) throw Error(ExitStatus::usage, "give a session id, or the first few characters of one");
  Statement st(
      db_, fmt::format("SELECT {} FROM sessions WHERE substr(id, 1, ?2) = ?1 ORDER BY id LIMIT 6", k_session_columns));
  st.bind(1, prefix).bind(2, static_cast<std::int64_t>(prefix.size()));
  std::vector<SessionRecord> found;
  while (st.step())
    found.push_back(read_session(st));
  if (found.size() == 1) return found.front();
  if (found.size() > 1) {
    std::vector<std::string> ids;
    for (const auto &s : found)
      ids.push_back(s.id);
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
  throw Error(ExitStatus::usage, fmt::format("no session '{}'{}; 'drill history' lists the sessions", prefix, hint));
}

std::vector<AnswerRecord> History::session_answers(std::string_view session_id) {
  Statement st(
      db_, fmt::format("SELECT {} FROM answers WHERE session_id = ?1 ORDER BY answered_at_ms, id", k_answer_columns));
  st.bind(1, session_id);
  std::vector<AnswerRecord> out;
  while (st.step())
    out.push_back(read_answer(st, db_.file()));
  return out;
}

std::vector<StoredAnswer> History::answers_after(const AnswerFilter &filter, std::int64_t after_id, std::size_t limit) {
  std::string sql = fmt::format("SELECT {}, id FROM answers WHERE id > ?1", k_answer_columns);
  if (!filter.role.empty()) sql += " AND role = ?2";
  if (!filter.since.empty()) sql += " AND local_day >= ?3";
  if (!filter.question_ids.empty()) sql += " AND question_id IN (SELECT value FROM json_each(?4))";
  sql += fmt::format(" ORDER BY id LIMIT {}", limit);
  Statement st(db_, sql);
  st.bind(1, after_id);
  if (!filter.role.empty()) st.bind(2, filter.role);
  if (!filter.since.empty()) st.bind(3, filter.since);
  if (!filter.question_ids.empty()) st.bind(4, json(filter.question_ids).dump());
  std::vector<StoredAnswer> out;
  while (st.step())
    out.push_back({st.integer(14), read_answer(st, db_.file())});
  return out;
}

std::size_t History::apply_regrades(const std::vector<Regrade> &regrades, std::int64_t now_ms) {
  std::size_t changed = 0;
  Transaction t(db_);
  SummaryUpdate summaries(db_);
  for (const auto &r : regrades) {
    // The answer as it is now, inside the write lock: another rescore may
    // have changed it since it was read.
    Statement current(db_, fmt::format("SELECT {}, local_day, auto_score FROM answers WHERE id = ?1", k_answer_columns),
                      Reuse::cached);
    current.bind(1, r.answer_id);
    if (!current.step()) continue; // gone since it was read
    AnswerRecord before = read_answer(current, db_.file());
    std::string day = current.text(14);
    std::string old_breakdown = current.text(12);
    std::string new_breakdown = dump_line(r.breakdown);
    if (before.score == r.score && old_breakdown == new_breakdown && current.optional_real(15) == r.auto_score)
      continue;

    Statement keep(db_,
                   "INSERT INTO rescores (answer_id, rescored_at_ms, question_hash, old_score, new_score, "
                   "old_breakdown) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   Reuse::cached);
    keep.bind(1, r.answer_id).bind(2, now_ms).bind(3, r.question_hash).bind(4, before.score).bind(5, r.score);
    keep.bind(6, old_breakdown).run();
    Statement update(db_, "UPDATE answers SET score = ?2, breakdown = ?3 WHERE id = ?1", Reuse::cached);
    update.bind(1, r.answer_id).bind(2, r.score).bind(3, new_breakdown).run();
    if (r.auto_score) {
      // Corrected answers keep drill's own new grade beside the corrected one.
      Statement own(db_, "UPDATE answers SET auto_score = ?2, auto_breakdown = ?3 WHERE id = ?1", Reuse::cached);
      own.bind(1, r.answer_id).bind(2, *r.auto_score).bind(3, dump_line(r.auto_breakdown)).run();
    }
    Statement session(db_, "UPDATE sessions SET score_sum = score_sum + ?2 WHERE id = ?1", Reuse::cached);
    session.bind(1, before.session_id).bind(2, r.score - before.score).run();

    summaries.add_summaries(before, day, -1);
    AnswerRecord after = std::move(before);
    after.score = r.score;
    after.breakdown = r.breakdown;
    summaries.add_summaries(after, day, 1);
    ++changed;
  }
  summaries.write();
  t.commit();
  return changed;
}

void History::rebuild_memories(const std::set<std::string> &question_ids) {
  Transaction t(db_);
  for (const auto &id : question_ids)
    rebuild_memory(id);
  t.commit();
}

void History::for_each_answer(const std::function<void(const AnswerRecord &)> &f) {
  Statement st(db_,
               fmt::format("SELECT {}, auto_score, auto_breakdown, rating FROM answers ORDER BY id", k_answer_columns));
  while (st.step()) {
    AnswerRecord a = read_answer(st, db_.file());
    a.auto_score = st.optional_real(14);
    if (a.auto_score) a.auto_breakdown = parse_stored_json(st.text(15), db_.file());
    if (auto r = st.optional_integer(16)) a.rating = static_cast<int>(*r);
    f(a);
  }
}

} // namespace drill
