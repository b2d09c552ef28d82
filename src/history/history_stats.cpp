// What the statistics read: queries over the summary tables that every write
// keeps current (history_summary.cpp, docs/history.md). The schema stays in
// src/history; stats.cpp works with the rows these return.

#include "history/history.hpp"
#include "history/history_summary.hpp"

#include <fmt/format.h>

namespace drill {

namespace {

// The WHERE clause of a summary filter: ?1 is the role, ?2 the first day.
std::string where(const SummaryFilter &f) {
  std::string clause = " WHERE 1";
  if (!f.role.empty()) clause += " AND role = ?1";
  if (!f.since.empty()) clause += " AND local_day >= ?2";
  return clause;
}

void bind(Statement &st, const SummaryFilter &f) {
  if (!f.role.empty()) st.bind(1, f.role);
  if (!f.since.empty()) st.bind(2, f.since);
}

} // namespace

std::vector<ScoreTotals> History::score_totals(const SummaryFilter &filter) {
  Statement st(db_, "SELECT category, difficulty, sum(answers) AS n, sum(score_sum), sum(timed), sum(over_limit) "
                    "FROM day_scores" +
                        where(filter) + " GROUP BY category, difficulty HAVING n > 0");
  bind(st, filter);
  std::vector<ScoreTotals> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.integer(2), st.real(3), st.integer(4), st.integer(5)});
  return out;
}

std::int64_t History::count_sessions(std::string_view role, std::optional<std::int64_t> from_ms) {
  std::string sql = "SELECT count(*) FROM sessions WHERE 1";
  if (!role.empty()) sql += " AND role = ?1";
  if (from_ms) sql += " AND started_at_ms >= ?2";
  Statement st(db_, sql);
  if (!role.empty()) st.bind(1, std::string(role));
  if (from_ms) st.bind(2, *from_ms);
  return st.step() ? st.integer(0) : 0;
}

// Without a first day the all-time totals answer; with one, the days from then on.
std::vector<ScoreGroup> History::topic_scores(const SummaryFilter &filter) {
  Statement st(db_, fmt::format("SELECT topic, sum(answers) AS n, sum(score_sum) / sum(answers) FROM {}{} "
                                "GROUP BY topic HAVING n > 0",
                                filter.since.empty() ? "topic_totals" : "day_topics", where(filter)));
  bind(st, filter);
  std::vector<ScoreGroup> out;
  while (st.step())
    out.push_back({st.text(0), st.integer(1), st.real(2)});
  return out;
}

// With a first day, the months after that day's month come whole from
// month_concepts, and only the days of that first month from day_concepts.
// Local days sort as text, so a day is on or after `since` exactly when its
// month is later than since's month, or is the same and the day is not
// earlier; the same-month days lie below `month_end`, which is since's month
// with its last character raised by one. The counts are integers, so the
// sums, and so the order, are those of summing the days alone.
std::vector<ConceptMisses> History::most_missed_concepts(const SummaryFilter &filter, int limit) {
  std::string month, month_end;
  std::string from = "concept_totals" + where(filter);
  if (!filter.since.empty()) {
    month = std::string(summary_month(filter.since));
    month_end = month;
    ++month_end.back();
    std::string role = filter.role.empty() ? "" : " AND role = ?1";
    from = fmt::format("(SELECT concept, asked, missed FROM month_concepts WHERE month > ?3{0} UNION ALL "
                       "SELECT concept, asked, missed FROM day_concepts WHERE local_day >= ?2 AND local_day < ?4{0})",
                       role);
  }
  Statement st(db_, fmt::format("SELECT concept, sum(missed) AS m, sum(asked) AS n FROM {} "
                                "GROUP BY concept HAVING m > 0 ORDER BY m DESC, 1.0 * m / n DESC, concept LIMIT {}",
                                from, limit));
  bind(st, filter);
  if (!filter.since.empty()) st.bind(3, month).bind(4, month_end);
  std::vector<ConceptMisses> out;
  while (st.step())
    out.push_back({st.text(0), st.integer(1), st.integer(2)});
  return out;
}

std::vector<std::string> History::answer_days(std::string_view role) {
  Statement st(db_, role.empty() ? "SELECT DISTINCT local_day FROM day_scores WHERE answers > 0 "
                                   "ORDER BY local_day DESC"
                                 : "SELECT DISTINCT local_day FROM day_scores WHERE role = ?1 AND answers > 0 "
                                   "ORDER BY local_day DESC");
  if (!role.empty()) st.bind(1, std::string(role));
  std::vector<std::string> out;
  while (st.step())
    out.push_back(st.text(0));
  return out;
}

std::vector<DayTotals> History::day_totals(const SummaryFilter &filter) {
  Statement st(db_, "SELECT local_day, sum(answers) AS n, sum(score_sum) FROM day_scores" + where(filter) +
                        " GROUP BY local_day HAVING n > 0");
  bind(st, filter);
  std::vector<DayTotals> out;
  while (st.step())
    out.push_back({st.text(0), st.integer(1), st.real(2)});
  return out;
}

} // namespace drill
