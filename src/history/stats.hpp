#pragma once

// Progress statistics over the practice history, from the summary queries
// of History (history_stats.cpp), so that they stay fast with a million answers.

#include "history/history.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// What to count: answers for `role` (all when empty) on local days from
/// `since` (all when empty), as seen on local day `today` ("YYYY-MM-DD").
struct StatsQuery {
  std::string role;
  std::string since;
  std::string today;
};

/// One step of the trend: the day or the week (starting Monday) from `start`.
struct TrendPoint {
  std::string start;
  std::int64_t answers = 0;
  std::optional<double> average; ///< empty when nothing was answered
};

enum class TrendStep { day, week };

struct Stats {
  std::int64_t answers = 0;
  std::int64_t sessions = 0;
  std::optional<double> average;
  int streak_days = 0;                   ///< consecutive days with an answer, ending today or yesterday
  std::string last_day;                  ///< the last day with an answer, "" when none
  std::vector<ScoreGroup> by_category;   ///< lowest average first
  std::vector<ScoreGroup> by_difficulty; ///< beginner, intermediate, advanced
  std::vector<ScoreGroup> by_topic;      ///< lowest average first
  TrendStep trend_step = TrendStep::day;
  std::vector<TrendPoint> trend;               ///< every step from the first to today, oldest first
  std::vector<ConceptMisses> weakest_concepts; ///< most often missed first, at most 10
  std::int64_t timed_answers = 0;              ///< answers with a time and a limit
  std::int64_t over_limit = 0;                 ///< of those, answers that took longer than the limit
};

/// True for a real calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view s);

/// Days since 1970-01-01 of a YYYY-MM-DD date, and back.
std::int64_t days_from_iso(std::string_view date);
std::string iso_from_days(std::int64_t days);

/// The statistics for `query`. The trend goes by day over up to five weeks,
/// by week beyond that; the streak ignores `query.since`.
Stats compute_stats(History &history, const StatsQuery &query);

} // namespace drill
