#pragma once

// The practice history: every graded answer and every session, kept in a
// SQLite database, with one FSRS memory state per question derived from the
// answers. See docs/history.md for the location, the schema and the rules.

#include "history/answer_record.hpp"
#include "history/fsrs.hpp"
#include "history/sqlite.hpp"
#include "scoring/corrections.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

struct CorrectionLine;
struct RescoreLine;
struct PhrasingLine;

/// The start and end of one practice session.
struct SessionRecord {
  std::string id;
  std::string mode;
  std::string role;
  std::int64_t started_at_ms = 0;
  std::optional<std::int64_t> ended_at_ms; ///< empty while running, or when it never ended cleanly
  int answered = 0;                        ///< answers recorded in it
  std::optional<double> average_score;     ///< empty when nothing was answered
};

/// The history file: `overridden` when not empty (--history or DRILL_HISTORY),
/// else $XDG_STATE_HOME/drill/history.db.
std::filesystem::path history_path(const std::string &overridden);

/// The SQL that upgrades the schema from `version - 1` to `version` (1 to 4);
/// version 2 also replays the answers into memory states, in C++.
const char *history_schema_sql(int version);

/// Local calendar day "YYYY-MM-DD" of a UTC time in ms.
std::string local_day(std::int64_t utc_ms);

/// A question's memory state, with what is needed to list it.
struct DueQuestion {
  std::string question_id;
  MemoryState memory;
  double last_score = 0;
};

/// Which stored answers to visit; an empty field does not filter.
struct AnswerFilter {
  std::string role;
  std::string since;                     ///< first local day, YYYY-MM-DD
  std::vector<std::string> question_ids; ///< any of these questions
};

/// A recorded answer with its row id.
struct StoredAnswer {
  std::int64_t id = 0;
  AnswerRecord record;
};

/// A new grade for a stored answer (see History::apply_regrades).
struct Regrade {
  std::int64_t answer_id = 0;
  double score = 0; ///< what counts: the person's corrections applied, when there are any
  nlohmann::json breakdown;
  std::string question_hash; ///< the question as graded this time
  /// drill's own grade, when the answer has corrections that change it.
  std::optional<double> auto_score{};
  nlohmann::json auto_breakdown{};
};

/// Names one recorded answer: its session, question and time.
struct AnswerKey {
  std::string session_id;
  std::string question_id;
  std::int64_t answered_at_ms = 0;
};

/// What a person said about one recorded grade (docs/history.md, "Corrections").
struct Correction {
  enum class Kind {
    made,     ///< a key point drill marked missed was made; `target` names it
    not_said, ///< a wrong claim drill heard was not made; `target` names it
    rating,   ///< the person's own 1-4 rating, used for the schedule
    agree,    ///< the grade is right
  };
  Kind kind = Kind::agree;
  std::string target; ///< concept name or claim; "" for rating and agree
  std::string words;  ///< for `made`: the words that made the point, or ""
  int rating = 0;     ///< for `rating`: 1 again, 2 hard, 3 good, 4 easy
  std::int64_t made_at_ms = 0;
};

/// The spelling of a correction kind in the history and the transcript.
std::string_view to_string(Correction::Kind kind);
/// The kind spelled `text`, if any.
std::optional<Correction::Kind> correction_kind(std::string_view text);

/// A recorded answer's corrections, oldest first, with what they add up to.
struct AnswerCorrections {
  std::int64_t answer_id = 0;
  std::vector<Correction> list;
  Corrections scoring;              ///< the made and not-said ones, for the scorer
  std::optional<int> rating;        ///< the latest self-rating
  std::optional<double> auto_score; ///< drill's own score, when a correction changed it
};

/// Which answers a summary query counts: those for `role` (every role when
/// empty) on local days from `since` ("YYYY-MM-DD"; every day when empty).
struct SummaryFilter {
  std::string role;
  std::string since;
};

/// The answers of one category and difficulty, summed.
struct ScoreTotals {
  std::string category;
  std::string difficulty;
  std::int64_t answers = 0;
  double score_sum = 0;
  std::int64_t timed = 0;      ///< answers with a time and a limit
  std::int64_t over_limit = 0; ///< of those, answers that took longer than the limit
};

/// The answers in one group (a category, topic or difficulty).
struct ScoreGroup {
  std::string name;
  std::int64_t answers = 0;
  double average = 0;
};

/// A concept the scorer looked for: how often it was missed, out of how often asked.
struct ConceptMisses {
  std::string name;
  std::int64_t missed = 0;
  std::int64_t asked = 0;
};

/// The answers of one local day, summed.
struct DayTotals {
  std::string day; ///< "YYYY-MM-DD", as recorded
  std::int64_t answers = 0;
  double score_sum = 0;
};

/// An open history database. Each write is one short BEGIN IMMEDIATE
/// transaction; no transaction stays open between calls. Errors are
/// drill::Error: temp_fail (75) when the database stays locked, io (74) when
/// it cannot be written, data (65) when it is damaged or too new.
class History {
public:
  /// The schema version this drill writes (PRAGMA user_version).
  static constexpr int k_schema_version = 5;
  /// How long a write waits for another drill's lock by default.
  static constexpr int k_busy_timeout_ms = 5000;

  /// Opens the history at `file`, creating it (0600, in a 0700 directory when
  /// the directory is new) and migrating its schema as needed. A file that is
  /// not a SQLite database, is damaged, or has a newer schema is left untouched.
  /// A write waits up to `busy_timeout_ms` for another process's lock.
  explicit History(const std::filesystem::path &file, int busy_timeout_ms = k_busy_timeout_ms);

  /// Opens the history only when `file` exists; empty means nothing recorded
  /// yet. A history drill cannot write is opened read-only, as last written.
  static std::optional<History> open_existing(const std::filesystem::path &file,
                                              int busy_timeout_ms = k_busy_timeout_ms);

  /// The file's schema version (PRAGMA user_version).
  int schema_version();

  /// Records the start of a session. Recording it again changes nothing.
  void begin_session(const SessionRecord &s);
  /// Records the end of a session, with its count and average from its answers.
  void end_session(std::string_view session_id, std::int64_t ended_at_ms);

  /// Records one answer and updates its question's memory state. Returns
  /// false, changing nothing, when the same session, question and time are
  /// already there. Creates the session row when begin_session() was skipped.
  bool record(const AnswerRecord &a);

  /// How many answers record_many() writes per transaction by default.
  static constexpr std::size_t k_import_batch = 5000;

  /// Records many answers (for import), `batch_size` per transaction. Each
  /// transaction leaves the history as recording its answers one by one with
  /// record() would, memory states included, so an import stopped part way
  /// keeps whole batches and running it again completes it. Returns how many
  /// answers were new.
  std::size_t record_many(const std::vector<AnswerRecord> &answers, std::size_t batch_size = k_import_batch);
  /// The same, pulling answers from `next` until it returns nothing, so that
  /// a large import never holds every answer in memory.
  std::size_t record_many(const std::function<std::optional<AnswerRecord>()> &next,
                          std::size_t batch_size = k_import_batch);

  /// Every role with an answer, sorted.
  std::vector<std::string> roles();

  /// The memory state of a question, if it has been answered.
  std::optional<MemoryState> memory(std::string_view question_id);

  /// Questions due at `now_ms` (practised for `role` when not empty), most
  /// overdue first.
  std::vector<DueQuestion> due(std::string_view role, std::int64_t now_ms);

  /// Every memory state (for questions practised for `role` when not empty).
  std::map<std::string, MemoryState> memories(std::string_view role);

  /// Average score per topic (for `role` when not empty).
  std::map<std::string, double> topic_averages(std::string_view role);

  /// Sessions, newest first (for `role` when not empty); at most `limit` of
  /// them unless `limit` is 0.
  std::vector<SessionRecord> sessions(std::string_view role, std::size_t limit = 0);

  /// The one session whose id starts with `prefix`. Throws Error(usage) for
  /// no match (with a did-you-mean) or several.
  SessionRecord find_session(std::string_view prefix);

  /// The session whose id is exactly `id`, if it is recorded.
  std::optional<SessionRecord> session(std::string_view id);

  /// Removes each session with its answers and their rescores and
  /// corrections, in one transaction; the summaries give back the answers'
  /// share and the memory state of every question they touched is replayed
  /// from the answers left. Returns how many answers were removed.
  std::size_t remove_sessions(const std::vector<std::string> &ids);

  /// A session's answers, oldest first.
  std::vector<AnswerRecord> session_answers(std::string_view session_id);

  /// Up to `limit` answers that `filter` lets through, with row ids above
  /// `after_id`, in the order they were recorded.
  std::vector<StoredAnswer> answers_after(const AnswerFilter &filter, std::int64_t after_id, std::size_t limit);

  /// Gives each answer its new score and breakdown, in one transaction. An
  /// answer whose score or breakdown changes keeps its previous ones in the
  /// rescores table, and the session totals and summaries follow; the rest
  /// are left alone. Returns how many answers changed. Memory states are
  /// left to rebuild_memories().
  std::size_t apply_regrades(const std::vector<Regrade> &regrades, std::int64_t now_ms);

  /// Replays each question's answers into its memory state, in one transaction.
  void rebuild_memories(const std::set<std::string> &question_ids);

  /// Records a person's correction of the answer at `key`. When `regrade` is
  /// given (its answer_id is ignored), the answer takes its score and
  /// breakdown, the automatic ones are kept beside them the first time, and
  /// the session, summaries and memory state follow. A self-rating replaces
  /// the score's rating in the schedule. A `made` correction with words also
  /// keeps them as the person's phrasing for that concept. One transaction;
  /// false, changing nothing, when no such answer is recorded.
  bool correct(const AnswerKey &key, const Correction &correction, const std::optional<Regrade> &regrade,
               std::int64_t now_ms);

  /// The corrections of the answer at `key` (empty list when none, or no such answer).
  AnswerCorrections corrections(const AnswerKey &key);

  /// The made and not-said corrections of every corrected answer, by answer id.
  std::map<std::int64_t, Corrections> corrected_answers();

  /// Every phrasing the person's disputes taught, by question and concept.
  PersonalPhrasings personal_phrasings();

  /// Calls `f` with every answer, in the order they were recorded, with its
  /// automatic score and self-rating when it has them.
  void for_each_answer(const std::function<void(const AnswerRecord &)> &f);

  // The rest of what the history holds, for a lossless export
  // (history_lines.cpp). Each visits its rows in a fixed order, so that two
  // histories holding the same things export the same bytes.
  /// Every session, by start time, then id.
  void for_each_session(const std::function<void(const SessionRecord &)> &f);
  /// Every rescores row, in the order they were written.
  void for_each_rescore(const std::function<void(const RescoreLine &)> &f);
  /// Every correction, in the order they were made.
  void for_each_correction(const std::function<void(const CorrectionLine &)> &f);
  /// Every personal phrasing, by question, concept, time and words.
  void for_each_phrasing(const std::function<void(const PhrasingLine &)> &f);

  // Restoring those lines (drill import). Each is one transaction and
  // idempotent: what is already there is left alone, and the return value
  // says whether anything was added.
  /// Creates the session, or gives an existing one the mode, role, start and
  /// end of `s` (the counts stay those of its recorded answers).
  bool restore(const SessionRecord &s);
  /// Adds a rescores row; false when its answer is not recorded, or it is there.
  bool restore(const RescoreLine &r);
  /// Adds a correction. One with a score regrades its answer, as the session
  /// did; one without only joins the list (the answer line carries the grade).
  bool restore(const CorrectionLine &c);
  /// Adds a phrasing; false when it is there.
  bool restore(const PhrasingLine &p);

  // What the statistics read (history_stats.cpp), from the summary tables
  // that every write keeps current, so that they stay fast with a million answers.

  /// Answers per category and difficulty that `filter` counts; groups without answers are left out.
  std::vector<ScoreTotals> score_totals(const SummaryFilter &filter);
  /// Sessions for `role` (every role when empty) started at or after `from_ms`.
  std::int64_t count_sessions(std::string_view role, std::optional<std::int64_t> from_ms);
  /// Answers and average score per topic that `filter` counts, in no set order.
  std::vector<ScoreGroup> topic_scores(const SummaryFilter &filter);
  /// The `limit` concepts most often missed in the answers `filter` counts:
  /// most misses first, then the highest share of misses, then by name.
  std::vector<ConceptMisses> most_missed_concepts(const SummaryFilter &filter, int limit);
  /// Every local day with an answer for `role` (every role when empty), newest first.
  std::vector<std::string> answer_days(std::string_view role);
  /// Answers and score sum per local day that `filter` counts, in no set order.
  std::vector<DayTotals> day_totals(const SummaryFilter &filter);

  /// The history's file.
  [[nodiscard]] const std::filesystem::path &file() const { return db_.file(); }
  /// True when the file could be opened for reading only.
  [[nodiscard]] bool read_only() const { return db_.read_only(); }

private:
  History(Database db, int busy_timeout_ms);
  void prepare();
  void migrate();
  /// An answer's time and score, to fold into its question's memory state.
  struct NewReview {
    std::int64_t at_ms = 0;
    double score = 0;
  };
  bool insert_answer(const AnswerRecord &a, const std::string &day);
  void update_memory(const std::string &question_id, std::vector<NewReview> reviews);
  void rebuild_memory(const std::string &question_id);

  Database db_;
};

} // namespace drill
