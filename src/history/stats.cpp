#include "history/stats.hpp"

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

namespace {

// Totals, and the averages per category and per difficulty, from the
// per-category-and-difficulty sums.
void add_totals(Stats &stats, const std::vector<ScoreTotals> &rows) {
  std::map<std::string, std::pair<std::int64_t, double>> category, difficulty;
  double total = 0;
  for (const auto &r : rows) {
    stats.answers += r.answers;
    total += r.score_sum;
    stats.timed_answers += r.timed;
    stats.over_limit += r.over_limit;
    auto &c = category[r.category];
    c.first += r.answers;
    c.second += r.score_sum;
    auto &d = difficulty[r.difficulty];
    d.first += r.answers;
    d.second += r.score_sum;
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

// The streak walks the days with an answer back from the newest.
void add_streak(Stats &stats, const std::vector<std::string> &days_newest_first, std::int64_t today) {
  std::optional<std::int64_t> expected;
  for (const auto &day : days_newest_first) {
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

// The trend: per-day sums folded into weeks when the range is long, with
// empty steps kept so the chart shows the gaps.
void add_trend(Stats &stats, const std::vector<DayTotals> &days, const StatsQuery &q) {
  std::map<std::int64_t, std::pair<std::int64_t, double>> by_day;
  for (const auto &r : days) {
    if (!is_iso_date(r.day)) continue;
    auto &v = by_day[days_from_iso(r.day)];
    v.first += r.answers;
    v.second += r.score_sum;
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

} // namespace

Stats compute_stats(History &history, const StatsQuery &q) {
  if (!q.since.empty() && !is_iso_date(q.since))
    throw Error(ExitStatus::usage, fmt::format("'{}' is not a date in the form YYYY-MM-DD", q.since));
  const SummaryFilter filter{q.role, q.since};
  Stats stats;
  add_totals(stats, history.score_totals(filter));
  stats.sessions = history.count_sessions(
      q.role, q.since.empty() ? std::nullopt : std::optional<std::int64_t>(local_midnight_ms(q.since)));
  stats.by_topic = history.topic_scores(filter);
  by_average(stats.by_topic);
  stats.weakest_concepts = history.most_missed_concepts(filter, k_weakest_concepts);
  add_streak(stats, history.answer_days(q.role), days_from_iso(q.today));
  add_trend(stats, history.day_totals(filter), q);
  return stats;
}

} // namespace drill
