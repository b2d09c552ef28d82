// The history's schema, one step per version; see docs/history.md.
#include "history/history.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

namespace drill {

namespace {

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

// Schema version 3: `drill rescore`, and statistics that no longer grow with
// the number of answers.
//
// Every rescore that changes an answer first copies the answer's score and
// breakdown into `rescores`, so the score an answer got when it was recorded
// is never lost.
//
// The statistics read summary tables that each write keeps current: one row
// per local day, role and group (category and difficulty, topic, concept)
// holding counts and sums, and all-time totals per role for topics and
// concepts. A year of daily practice is a few thousand summary rows whatever
// the number of answers, so `drill stats` reads those instead of a million
// index entries. The per-answer topic and concept tables and the covering
// indexes of version 1 served only the statistics; they are dropped.
constexpr const char *k_schema_v3 = R"sql(
CREATE TABLE rescores (
  id             INTEGER PRIMARY KEY,
  answer_id      INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  rescored_at_ms INTEGER NOT NULL,
  question_hash  TEXT NOT NULL,
  old_score      REAL NOT NULL,
  new_score      REAL NOT NULL,
  old_breakdown  TEXT NOT NULL
);
CREATE INDEX rescores_by_answer ON rescores (answer_id);
CREATE TABLE day_scores (
  local_day  TEXT NOT NULL,
  role       TEXT NOT NULL,
  category   TEXT NOT NULL,
  difficulty TEXT NOT NULL,
  answers    INTEGER NOT NULL,
  score_sum  REAL NOT NULL,
  timed      INTEGER NOT NULL,
  over_limit INTEGER NOT NULL,
  PRIMARY KEY (local_day, role, category, difficulty)
) WITHOUT ROWID;
CREATE TABLE day_topics (
  local_day TEXT NOT NULL,
  role      TEXT NOT NULL,
  topic     TEXT NOT NULL,
  answers   INTEGER NOT NULL,
  score_sum REAL NOT NULL,
  PRIMARY KEY (local_day, role, topic)
) WITHOUT ROWID;
CREATE TABLE day_concepts (
  local_day TEXT NOT NULL,
  role      TEXT NOT NULL,
  concept   TEXT NOT NULL,
  asked     INTEGER NOT NULL,
  missed    INTEGER NOT NULL,
  PRIMARY KEY (local_day, role, concept)
) WITHOUT ROWID;
CREATE TABLE topic_totals (
  role      TEXT NOT NULL,
  topic     TEXT NOT NULL,
  answers   INTEGER NOT NULL,
  score_sum REAL NOT NULL,
  PRIMARY KEY (role, topic)
) WITHOUT ROWID;
CREATE TABLE concept_totals (
  role    TEXT NOT NULL,
  concept TEXT NOT NULL,
  asked   INTEGER NOT NULL,
  missed  INTEGER NOT NULL,
  PRIMARY KEY (role, concept)
) WITHOUT ROWID;
INSERT INTO day_scores
  SELECT local_day, role, category, difficulty, count(*), sum(score),
         count(elapsed_s IS NOT NULL AND time_limit_s > 0 OR NULL),
         count(elapsed_s > time_limit_s AND time_limit_s > 0 OR NULL)
  FROM answers GROUP BY local_day, role, category, difficulty;
INSERT INTO day_topics
  SELECT local_day, role, topic, count(*), sum(score) FROM answer_topics GROUP BY local_day, role, topic;
INSERT INTO day_concepts
  SELECT local_day, role, concept, count(*), sum(missed) FROM answer_concepts GROUP BY local_day, role, concept;
INSERT INTO topic_totals
  SELECT role, topic, sum(answers), sum(score_sum) FROM day_topics GROUP BY role, topic;
INSERT INTO concept_totals
  SELECT role, concept, sum(asked), sum(missed) FROM day_concepts GROUP BY role, concept;
DROP TABLE answer_topics;
DROP TABLE answer_concepts;
DROP INDEX answers_by_day;
DROP INDEX answers_by_role_day;
DROP INDEX answers_by_group;
DROP INDEX answers_by_role_group;
)sql";

// Schema version 4: `drill stats --since` without reading a row per day.
//
// With --since, the weakest concepts come from the per-day concept counts,
// a row per day, role and concept: hundreds of thousands of rows for a few
// months of a long history. `month_concepts` holds the same counts per
// calendar month (the first seven characters of the local day), so a range
// reads whole months there and only the days of its first, partial month in
// `day_concepts`. The counts are integers, so the sums come out exactly as
// summing the days would. Each write adds to both in the same transaction.
//
// Counting a role's sessions since a date used the index on the start time
// and looked up every session's row to test its role; the index on role and
// start answers it alone.
constexpr const char *k_schema_v4 = R"sql(
CREATE TABLE month_concepts (
  month   TEXT NOT NULL,
  role    TEXT NOT NULL,
  concept TEXT NOT NULL,
  asked   INTEGER NOT NULL,
  missed  INTEGER NOT NULL,
  PRIMARY KEY (month, role, concept)
) WITHOUT ROWID;
INSERT INTO month_concepts
  SELECT substr(local_day, 1, 7), role, concept, sum(asked), sum(missed)
  FROM day_concepts GROUP BY 1, 2, 3;
CREATE INDEX sessions_by_role_start ON sessions (role, started_at_ms);
)sql";

// Schema version 5: the person's corrections of drill's grades.
//
// A correction never replaces the grade drill gave: the first one that
// changes an answer's score copies the automatic score and breakdown into
// `auto_score` and `auto_breakdown`, and `score` and `breakdown` then hold
// the corrected view, which every summary, statistic and memory state reads.
// `rating` is the person's own 1-4 rating, which the schedule uses in place
// of the one the score implies. `corrections` lists each statement, oldest
// first, and `phrasings` keeps the words that made a point drill missed, for
// grading that person's later answers.
constexpr const char *k_schema_v5 = R"sql(
ALTER TABLE answers ADD COLUMN auto_score REAL;
ALTER TABLE answers ADD COLUMN auto_breakdown TEXT;
ALTER TABLE answers ADD COLUMN rating INTEGER;
CREATE TABLE corrections (
  id         INTEGER PRIMARY KEY,
  answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  made_at_ms INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  target     TEXT NOT NULL,
  words      TEXT NOT NULL,
  rating     INTEGER
);
CREATE INDEX corrections_by_answer ON corrections (answer_id);
CREATE TABLE phrasings (
  question_id TEXT NOT NULL,
  concept     TEXT NOT NULL,
  phrasing    TEXT NOT NULL,
  added_at_ms INTEGER NOT NULL,
  PRIMARY KEY (question_id, concept, phrasing)
) WITHOUT ROWID;
)sql";

} // namespace

const char *history_schema_sql(int version) {
  switch (version) {
  case 1: return k_schema_v1;
  case 2: return k_schema_v2;
  case 3: return k_schema_v3;
  case 4: return k_schema_v4;
  case 5: return k_schema_v5;
  default: throw Error(ExitStatus::software, fmt::format("no schema version {}", version));
  }
}

} // namespace drill
