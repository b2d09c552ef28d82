#include "history/fsrs.hpp"

#include <algorithm>
#include <cmath>

namespace drill {

Rating rating_for_score(double score) {
  if (score < 40) return Rating::again;
  if (score < 65) return Rating::hard;
  if (score < 85) return Rating::good;
  return Rating::easy;
}

const FsrsParameters &default_fsrs_parameters() {
  static const FsrsParameters p{{0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192,
                                 1.01925, 1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621}};
  return p;
}

double retrievability(double elapsed_days, double stability) {
  return std::pow(1.0 + k_fsrs_factor * elapsed_days / stability, k_fsrs_decay);
}

int next_interval_days(double stability, const FsrsParameters &p) {
  double days = stability / k_fsrs_factor * (std::pow(p.desired_retention, 1.0 / k_fsrs_decay) - 1.0);
  return static_cast<int>(std::clamp(std::round(days), 1.0, static_cast<double>(p.maximum_interval_days)));
}

// The FSRS-5 update rules. G is the rating 1..4 and w the weights.
//   D0(G)   = w4 - e^(w5 (G - 1)) + 1
//   D'      = D + (-w6 (G - 3)) (10 - D) / 9           (linear damping)
//   D''     = w7 D0(4) + (1 - w7) D'                    (mean reversion)
//   S'r     = S (e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1) h b + 1)
//             with h = w15 for hard, b = w16 for easy, else 1
//   S'f     = min(w11 D^-w12 ((S + 1)^w13 - 1) e^(w14 (1 - R)), S / e^(w17 w18))
//   S'short = S e^(w17 (G - 3 + w18))                   (same-day review)
// Stability updates use the difficulty from before the review, as the
// reference schedulers do; D stays within 1..10.
namespace {

double clamp_difficulty(double d) { return std::clamp(d, 1.0, 10.0); }

double initial_difficulty(const FsrsParameters &p, int g) { return p.w[4] - std::exp(p.w[5] * (g - 1)) + 1.0; }

double next_difficulty(const FsrsParameters &p, double d, int g) {
  double damped = d + (-p.w[6] * (g - 3)) * (10.0 - d) / 9.0;
  return clamp_difficulty(p.w[7] * initial_difficulty(p, 4) + (1.0 - p.w[7]) * damped);
}

double recall_stability(const FsrsParameters &p, double d, double s, double r, Rating rating) {
  double hard = rating == Rating::hard ? p.w[15] : 1.0;
  double easy = rating == Rating::easy ? p.w[16] : 1.0;
  return s *
         (std::exp(p.w[8]) * (11.0 - d) * std::pow(s, -p.w[9]) * (std::exp(p.w[10] * (1.0 - r)) - 1.0) * hard * easy +
          1.0);
}

double forget_stability(const FsrsParameters &p, double d, double s, double r) {
  double long_term =
      p.w[11] * std::pow(d, -p.w[12]) * (std::pow(s + 1.0, p.w[13]) - 1.0) * std::exp(p.w[14] * (1.0 - r));
  return std::min(long_term, s / std::exp(p.w[17] * p.w[18]));
}

} // namespace

MemoryState review(const std::optional<MemoryState> &previous, Rating rating, std::int64_t now_ms,
                   const FsrsParameters &p) {
  int g = static_cast<int>(rating);
  now_ms = clamp_time_ms(now_ms);
  MemoryState next;
  if (!previous) {
    next.stability = p.w[static_cast<std::size_t>(g - 1)];
    next.difficulty = clamp_difficulty(initial_difficulty(p, g));
  } else {
    const MemoryState &prev = *previous;
    next = prev;
    std::int64_t elapsed_days = std::max<std::int64_t>(0, (now_ms - clamp_time_ms(prev.last_review_ms)) / k_day_ms);
    if (elapsed_days == 0) {
      next.stability = prev.stability * std::exp(p.w[17] * (g - 3 + p.w[18]));
    } else {
      double r = retrievability(static_cast<double>(elapsed_days), prev.stability);
      next.stability = rating == Rating::again ? forget_stability(p, prev.difficulty, prev.stability, r)
                                               : recall_stability(p, prev.difficulty, prev.stability, r, rating);
    }
    next.difficulty = next_difficulty(p, prev.difficulty, g);
    if (rating == Rating::again) ++next.lapses;
  }
  next.stability = std::max(next.stability, 0.01);
  ++next.reps;
  next.last_review_ms = now_ms;
  next.due_ms = std::min(now_ms + next_interval_days(next.stability, p) * k_day_ms, k_max_time_ms);
  return next;
}

} // namespace drill
