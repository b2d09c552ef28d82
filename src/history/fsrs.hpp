#pragma once

// Spaced repetition with FSRS-5 (the Free Spaced Repetition Scheduler,
// version 5), with its published default parameters. See docs/history.md.

#include <array>
#include <cstdint>
#include <optional>

namespace drill {

/// How well a question was answered, as FSRS grades a review.
enum class Rating { again = 1, hard = 2, good = 3, easy = 4 };

/// Score (0..100) to rating: again below 40, hard 40 to under 65, good 65 to
/// under 85, easy 85 and up.
Rating rating_for_score(double score);

/// FSRS-5's 19 weights w0..w18, and the retention the intervals aim for.
struct FsrsParameters {
  std::array<double, 19> w;
  double desired_retention = 0.9;
  int maximum_interval_days = 36500;
};

/// The published FSRS-5 defaults, with a requested retention of 0.9.
const FsrsParameters &default_fsrs_parameters();

/// R = (1 + FACTOR * t / S)^DECAY with DECAY = -0.5 and FACTOR = 19/81, so
/// that R is 0.9 when t equals S.
inline constexpr double k_fsrs_decay = -0.5;
inline constexpr double k_fsrs_factor = 19.0 / 81.0;

/// What the scheduler knows about one question.
struct MemoryState {
  double stability = 0;  ///< days until recall probability falls to 90 %
  double difficulty = 0; ///< 1 (easy) .. 10 (hard)
  int reps = 0;          ///< reviews so far
  int lapses = 0;        ///< reviews rated again after the first
  std::int64_t last_review_ms = 0;
  std::int64_t due_ms = 0; ///< last review + the next interval
};

inline constexpr std::int64_t k_day_ms = 86'400'000;
/// The last moment a schedule deals in: the end of the year 9999 UTC. Any
/// time past it (or before 1970) is a damaged record, clamped into range so
/// that no interval arithmetic can overflow.
inline constexpr std::int64_t k_max_time_ms = 253'402'300'799'999;

/// `ms` clamped to 0..k_max_time_ms.
[[nodiscard]] constexpr std::int64_t clamp_time_ms(std::int64_t ms) {
  return ms < 0 ? 0 : (ms > k_max_time_ms ? k_max_time_ms : ms);
}

/// The probability of recall after `elapsed_days` with stability `stability`.
double retrievability(double elapsed_days, double stability);

/// Whole days until retrievability falls to the desired retention, at least 1.
int next_interval_days(double stability, const FsrsParameters &p = default_fsrs_parameters());

/// The state after a review rated `rating` at `now_ms`; `previous` is empty
/// for a question never reviewed. Reviews on the day of the previous one use
/// FSRS-5's short-term stability update.
MemoryState review(const std::optional<MemoryState> &previous, Rating rating, std::int64_t now_ms,
                   const FsrsParameters &p = default_fsrs_parameters());

} // namespace drill
