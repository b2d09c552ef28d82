#include "history/stats.hpp"

#include "history/history_summary.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>

namespace drill {

namespace {

constexpr std::int64_t k_daily_trend_days = 35;
constexpr int k_weakest_concepts = 10;

// Howard Hinnant's days_from_civil and civil_from_days: proleptic Gregorian
// calendar, exact for every date drill will see.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<std::array<int, 3>> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  std::array<int, 3> parts{};
  std::array<std::string_view, 3> fields = {s.substr(0, 4), s.substr(5, 2), s.substr(8, 2)};
  for (std::size_t i = 0; i < 3; ++i) {
    auto f = fields[i];
    auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), parts[i]);
    if (ec != std::errc{} || ptr != f.data() + f.size()) return std::nullopt;
  }
  return parts;
}

// The WHERE clause shared by every statistic: ?1 is the role, ?2 the first day.
std::string where(const StatsQuery &q) {
  std::string clause = " WHERE 1";
  if (!q.role.empty()) clause += " AND role = ?1";
  if (!q.since.empty()) clause += " AND local_day >= ?2";
  return clause;
}

void bind_query(Statement &st, const StatsQuery &q) {
  if (!q.role.empty()) st.bind(1, q.role);
  if (!q.since.empty()) st.bind(2, q.since);
}

std::vector<ScoreGroup> groups(Database &db, const StatsQuery &q, const std::string &sql) {
  Statement st(db, sql);
  bind_query(st, q);
  std::vector<ScoreGroup> out;
  while (st.step())
    out.push_back({st.text(0), st.integer(1), st.real(2)});
  return out;
}

std::int64_t local_midnight_ms(std::string_view date) {
  auto parts = parse_date(date);
  std::tm tm{};
  tm.tm_year = (*parts)[0] - 1900;
  tm.tm_mon = (*parts)[1] - 1;
  tm.tm_mday = (*parts)[2];
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm)) * 1000;
}

void by_average(std::vector<ScoreGroup> &groups) {
  std::stable_sort(groups.begin(), groups.end(),
                   [](const ScoreGroup &a, const ScoreGroup &b) { return a.average < b.average; });
}

} // namespace

bool is_iso_date(std::string_view s) {
  auto parts = parse_date(s);
  if (!parts) return false;
  auto [y, m, d] = *parts;
  if (m < 1 || m > 12 || d < 1 || y < 1900) return false;
  return iso_from_days(days_from_iso(s)) == s;
}

std::int64_t days_from_iso(std::string_view date) {
  auto parts = parse_date(date);
  if (!parts) throw Error(ExitStatus::usage, fmt::format("'{}' is not a date in the form YYYY-MM-DD", date));
  return days_from_civil((*parts)[0], static_cast<unsigned>((*parts)[1]), static_cast<unsigned>((*parts)[2]));
}

std::string iso_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

Stats compute_stats(History &history, const StatsQuery &q) {
  if (!q.since.empty() && !is_iso_date(q.since))
    throw Error(ExitStatus::usage, fmt::format("'{}' is not a date in the form YYYY-MM-DD", q.since));
  Database &db = history.database();
  Stats stats;
  const std::string filter = where(q);

  // Totals, difficulty and category come from one scan, grouped by both.
  {
    Statement st(db, "SELECT category, difficulty, sum(answers) AS n, sum(score_sum), sum(timed), sum(over_limit) "
                     "FROM day_scores" +
                         filter + " GROUP BY category, difficulty HAVING n > 0");
    bind_query(st, q);
    std::map<std::string, std::pair<std::int64_t, double>> category, difficulty;
    double total = 0;
    while (st.step()) {
      std::int64_t n = st.integer(2);
      double sum = st.real(3);
      stats.answers += n;
      total += sum;
      stats.timed_answers += st.integer(4);
      stats.over_limit += st.integer(5);
      auto &c = category[st.text(0)];
      c.first += n;
      c.second += sum;
      auto &d = difficulty[st.text(1)];
      d.first += n;
      d.second += sum;
    }
    if (stats.answers > 0) stats.average = total / static_cast<double>(stats.answers);
    for (const auto &[name, v] : category)
      stats.by_category.push_back({name, v.first, v.second / static_cast<double>(v.first)});
    by_average(stats.by_category);
    for (const char *level : {"beginner", "intermediate", "advanced"}) {
      if (auto it = difficulty.find(level); it != difficulty.end()) {
        stats.by_difficulty.push_back(
            {level, it->second.first, it->second.second / static_cast<double>(it->second.first)});
        difficulty.erase(it);
      }
    }
    for (const auto &[name, v] : difficulty)
      stats.by_difficulty.push_back({name, v.first, v.second / static_cast<double>(v.first)});
  }

  {
    std::string sql = "SELECT count(*) FROM sessions WHERE 1";
    if (!q.role.empty()) sql += " AND role = ?1";
    if (!q.since.empty()) sql += " AND started_at_ms >= ?2";
    Statement st(db, sql);
    if (!q.role.empty()) st.bind(1, q.role);
    if (!q.since.empty()) st.bind(2, local_midnight_ms(q.since));
    if (st.step()) stats.sessions = st.integer(0);
  }

  // Without --since the all-time totals answer; with it, the days from then on.
  stats.by_topic = groups(db, q,
                          fmt::format("SELECT topic, sum(answers) AS n, sum(score_sum) / sum(answers) FROM {}{} "
                                      "GROUP BY topic HAVING n > 0",
                                      q.since.empty() ? "topic_totals" : "day_topics", filter));
  by_average(stats.by_topic);

  // With --since, the months after the first day's month come whole from
  // month_concepts, and only the days of that first month from day_concepts.
  // Local days sort as text, so a day is on or after `since` exactly when its
  // month is later than since's month, or is the same and the day is not
  // earlier; the same-month days lie below `month_end`, which is since's
  // month with its last character raised by one. The counts are integers, so
  // the sums, and so the order, are those of summing the days alone.
  {
    std::string month, month_end;
    std::string from = "concept_totals" + filter;
    if (!q.since.empty()) {
      month = std::string(summary_month(q.since));
      month_end = month;
      ++month_end.back();
      std::string role = q.role.empty() ? "" : " AND role = ?1";
      from = fmt::format("(SELECT concept, asked, missed FROM month_concepts WHERE month > ?3{0} UNION ALL "
                         "SELECT concept, asked, missed FROM day_concepts WHERE local_day >= ?2 AND local_day < ?4{0})",
                         role);
    }
    Statement st(db, fmt::format("SELECT concept, sum(missed) AS m, sum(asked) AS n FROM {} "
                                 "GROUP BY concept HAVING m > 0 ORDER BY m DESC, 1.0 * m / n DESC, concept LIMIT {}",
                                 from, k_weakest_concepts));
    bind_query(st, q);
    if (!q.since.empty()) st.bind(3, month).bind(4, month_end);
    while (st.step())
      stats.weakest_concepts.push_back({st.text(0), st.integer(1), st.integer(2)});
  }

  // The streak walks the distinct days backwards from the newest, so it reads
  // only as many index entries as the streak is long (plus one day's worth).
  {
    Statement st(db, q.role.empty() ? "SELECT DISTINCT local_day FROM day_scores WHERE answers > 0 "
                                      "ORDER BY local_day DESC"
                                    : "SELECT DISTINCT local_day FROM day_scores WHERE role = ?1 AND answers > 0 "
                                      "ORDER BY local_day DESC");
    if (!q.role.empty()) st.bind(1, q.role);
    std::int64_t today = days_from_iso(q.today);
    std::optional<std::int64_t> expected;
    while (st.step()) {
      std::string day = st.text(0);
      if (!is_iso_date(day)) continue;
      std::int64_t d = days_from_iso(day);
      if (d > today) continue; // recorded on a clock ahead of this one
      if (stats.last_day.empty()) {
        stats.last_day = day;
        if (d < today - 1) break;
        expected = d;
      }
      if (d != *expected) break;
      ++stats.streak_days;
      *expected = d - 1;
    }
  }

  // The trend: per-day sums from SQL, folded into weeks here when the range
  // is long, with empty steps kept so the chart shows the gaps.
  {
    Statement st(db, "SELECT local_day, sum(answers) AS n, sum(score_sum) FROM day_scores" + filter +
                         " GROUP BY local_day HAVING n > 0");
    bind_query(st, q);
    std::map<std::int64_t, std::pair<std::int64_t, double>> by_day;
    while (st.step()) {
      std::string day = st.text(0);
      if (!is_iso_date(day)) continue;
      auto &v = by_day[days_from_iso(day)];
      v.first += st.integer(1);
      v.second += st.real(2);
    }
    std::int64_t today = days_from_iso(q.today);
    std::int64_t first = q.since.empty() ? (by_day.empty() ? today : by_day.begin()->first) : days_from_iso(q.since);
    if (!by_day.empty()) today = std::max(today, by_day.rbegin()->first);
    stats.trend_step = today - first + 1 > k_daily_trend_days ? TrendStep::week : TrendStep::day;
    auto step_start = [&](std::int64_t d) {
      if (stats.trend_step == TrendStep::day) return d;
      std::int64_t weekday = ((d % 7) + 7 + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
      return d - weekday;
    };
    std::int64_t step = stats.trend_step == TrendStep::day ? 1 : 7;
    std::map<std::int64_t, std::pair<std::int64_t, double>> steps;
    for (std::int64_t s = step_start(first); s <= today; s += step)
      steps[s];
    for (const auto &[d, v] : by_day) {
      auto &slot = steps[step_start(d)];
      slot.first += v.first;
      slot.second += v.second;
    }
    for (const auto &[s, v] : steps) {
      TrendPoint p{iso_from_days(s), v.first, std::nullopt};
      if (v.first > 0) p.average = v.second / static_cast<double>(v.first);
      stats.trend.push_back(p);
    }
  }
  return stats;
}

} // namespace drill
