#include "history/fsrs.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace drill;

// The expected values below were worked out by hand from the FSRS-5 formulas
// (see src/fsrs.cpp and docs/history.md) with the default weights
//   w = 0.40255 1.18385 3.173 15.69105 7.1949 0.5345 1.4604 0.0046 1.54575
//       0.1192 1.01925 1.9395 0.11 0.29605 2.2698 0.2315 2.9898 0.51655 0.6621
// and a requested retention of 0.9, for which the interval is round(S) days.

namespace {
constexpr std::int64_t k_t0 = 1'700'000'000'000;
}

TEST_CASE("scores map to ratings at 40, 65 and 85") {
  CHECK(rating_for_score(0) == Rating::again);
  CHECK(rating_for_score(39.9) == Rating::again);
  CHECK(rating_for_score(40) == Rating::hard);
  CHECK(rating_for_score(64.9) == Rating::hard);
  CHECK(rating_for_score(65) == Rating::good);
  CHECK(rating_for_score(84.9) == Rating::good);
  CHECK(rating_for_score(85) == Rating::easy);
  CHECK(rating_for_score(100) == Rating::easy);
}

TEST_CASE("retrievability is 0.9 after S days and the interval for 0.9 is S") {
  CHECK(retrievability(10, 10) == Approx(0.9));
  CHECK(retrievability(0, 3) == Approx(1.0));
  // 19/81 * 3 / 3.173 = 0.234568 * 0.945477 = 0.221779; 1.221779^-0.5 = 0.904698
  CHECK(retrievability(3, 3.173) == Approx(0.904698).epsilon(1e-6));
  CHECK(next_interval_days(3.173) == 3);
  CHECK(next_interval_days(15.69105) == 16);
  CHECK(next_interval_days(0.2) == 1);
  CHECK(next_interval_days(1e9) == 36500);
}

TEST_CASE("a first review takes S0 = w[G-1] and D0 = w4 - e^(w5 (G-1)) + 1") {
  struct Case {
    Rating rating;
    double stability, difficulty;
    int interval;
  };
  // D0(1) = 7.1949 - 1 + 1 = 7.1949; D0(2) = 7.1949 - e^0.5345 + 1 = 6.4883;
  // D0(3) = 7.1949 - e^1.069 + 1 = 5.2824; D0(4) = 7.1949 - e^1.6035 + 1 = 3.2245.
  Case cases[] = {{Rating::again, 0.40255, 7.1949, 1},
                  {Rating::hard, 1.18385, 6.4883, 1},
                  {Rating::good, 3.173, 5.2824, 3},
                  {Rating::easy, 15.69105, 3.2245, 16}};
  for (const auto &c : cases) {
    CAPTURE(static_cast<int>(c.rating));
    MemoryState s = review(std::nullopt, c.rating, k_t0);
    CHECK(s.stability == Approx(c.stability).epsilon(1e-4));
    CHECK(s.difficulty == Approx(c.difficulty).epsilon(1e-4));
    CHECK(s.due_ms == k_t0 + c.interval * k_day_ms);
    CHECK(s.reps == 1);
    CHECK(s.lapses == 0);
  }
}

TEST_CASE("a second review on the due day follows the recall and forget formulas") {
  // First review rated good: S = 3.173, D = 5.2824, due in 3 days, where
  // R = 0.904698 (see above) and e^(w10 (1 - R)) - 1 = e^(1.01925 * 0.095302) - 1
  // = e^0.097137 - 1 = 0.102011.
  MemoryState first = review(std::nullopt, Rating::good, k_t0);
  std::int64_t later = k_t0 + 3 * k_day_ms;

  SECTION("good: S' = S (e^w8 (11 - D) S^-w9 * 0.102005 + 1) = 10.7389, 11 days") {
    MemoryState s = review(first, Rating::good, later);
    CHECK(s.stability == Approx(10.7389).epsilon(1e-4));
    // D' = 5.2824 (G = 3 leaves it), D'' = 0.0046 * 3.2245 + 0.9954 * 5.2824 = 5.2730
    CHECK(s.difficulty == Approx(5.2730).epsilon(1e-4));
    CHECK(s.due_ms == later + 11 * k_day_ms);
    CHECK(s.reps == 2);
  }
  SECTION("hard: the same with the hard penalty w15 = 0.2315 gives 4.9245, 5 days") {
    MemoryState s = review(first, Rating::hard, later);
    CHECK(s.stability == Approx(4.9245).epsilon(1e-4));
    CHECK(s.difficulty == Approx(6.0350).epsilon(1e-4));
    CHECK(s.due_ms == later + 5 * k_day_ms);
  }
  SECTION("easy: the same with the easy bonus w16 = 2.9898 gives 25.7936, 26 days") {
    MemoryState s = review(first, Rating::easy, later);
    CHECK(s.stability == Approx(25.7936).epsilon(1e-4));
    CHECK(s.difficulty == Approx(4.5110).epsilon(1e-4));
    CHECK(s.due_ms == later + 26 * k_day_ms);
  }
  SECTION("again: S' = min(w11 D^-w12 ((S+1)^w13 - 1) e^(w14 (1-R)), S / e^(w17 w18)) = 1.0556") {
    MemoryState s = review(first, Rating::again, later);
    CHECK(s.stability == Approx(1.0556).epsilon(1e-4));
    CHECK(s.difficulty == Approx(6.7969).epsilon(1e-4));
    CHECK(s.due_ms == later + 1 * k_day_ms);
    CHECK(s.lapses == 1);
  }
  SECTION("a first review rated easy, then good after 16 days: S' = 60.7083, 61 days") {
    MemoryState easy = review(std::nullopt, Rating::easy, k_t0);
    std::int64_t due = k_t0 + 16 * k_day_ms;
    MemoryState s = review(easy, Rating::good, due);
    CHECK(s.stability == Approx(60.7083).epsilon(1e-4));
    CHECK(s.due_ms == due + 61 * k_day_ms);
  }
  SECTION("a first review rated again, then good a day later: S' = 2.265, 2 days") {
    MemoryState again = review(std::nullopt, Rating::again, k_t0);
    MemoryState s = review(again, Rating::good, k_t0 + k_day_ms);
    CHECK(s.stability == Approx(2.2650).epsilon(1e-4));
    CHECK(s.due_ms == k_t0 + k_day_ms + 2 * k_day_ms);
  }
}

TEST_CASE("a review on the same day uses the short-term update S e^(w17 (G - 3 + w18))") {
  MemoryState first = review(std::nullopt, Rating::good, k_t0);
  // 3.173 * e^(0.51655 * 0.6621) = 3.173 * 1.407772 = 4.4669
  MemoryState s = review(first, Rating::good, k_t0 + 3'600'000);
  CHECK(s.stability == Approx(4.4669).epsilon(1e-4));
  // 3.173 * e^(0.51655 * -1.3379) = 1.5898
  CHECK(review(first, Rating::again, k_t0 + 60'000).stability == Approx(1.5898).epsilon(1e-4));
}

TEST_CASE("three reviews rated good grow the interval from 3 to 11 to 35 days") {
  // Review 1 (good): S1 = w2 = 3.173, D1 = D0(3) = 5.2824, interval 3 days.
  // Review 2 (good, t = 3): S2 = 10.7389, D2 = 5.2730, interval 11 days (above).
  // Review 3 (good, t = 11):
  //   R  = (1 + 19/81 * 11 / 10.7389)^-0.5 = 1.240270^-0.5 = 0.897929
  //   e^(w10 (1 - R)) - 1 = e^(1.01925 * 0.102071) - 1 = e^0.104036 - 1 = 0.109641
  //   e^w8 = e^1.54575 = 4.691489; 11 - D2 = 5.727032; S2^-w9 = 10.7389^-0.1192 = 0.753545
  //   S3 = 10.7389 * (4.691489 * 5.727032 * 0.753545 * 0.109641 + 1) = 10.73893 * 3.219844 = 34.5776
  //   D3 = 0.0046 * 3.2245 + 0.9954 * 5.2730 = 5.2635
  //   interval = round(34.5776) = 35 days
  MemoryState s1 = review(std::nullopt, Rating::good, k_t0);
  MemoryState s2 = review(s1, Rating::good, s1.due_ms);
  MemoryState s3 = review(s2, Rating::good, s2.due_ms);
  CHECK(s2.due_ms - s1.due_ms == 11 * k_day_ms);
  CHECK(s3.stability == Approx(34.5776).epsilon(1e-5));
  CHECK(s3.difficulty == Approx(5.2635).epsilon(1e-4));
  CHECK(s3.due_ms == s2.due_ms + 35 * k_day_ms);
  CHECK(s3.reps == 3);
}

TEST_CASE("a lapse after a long gap uses the long-term forget formula") {
  // First review easy: S = 15.69105, D = D0(4) = 3.2245. Again after 16 days:
  //   R = (1 + 19/81 * 16 / 15.69105)^-0.5 = 1.239186^-0.5 = 0.898321
  //   long term = 1.9395 * 3.2245^-0.11 * (16.69105^0.29605 - 1) * e^(2.2698 * 0.101679)
  //             = 1.9395 * 0.879162 * 1.300998 * 1.259596 = 2.7943
  //   cap = S / e^(w17 w18) = 15.69105 / 1.407772 = 11.1460, so S' = 2.7943, interval 3 days
  //   D' = 3.2245 + 2 * 1.4604 * (10 - 3.2245) / 9 = 5.4234, then 0.0046 * 3.2245 + 0.9954 * 5.4234 = 5.4133
  MemoryState easy = review(std::nullopt, Rating::easy, k_t0);
  MemoryState s = review(easy, Rating::again, k_t0 + 16 * k_day_ms);
  CHECK(s.stability == Approx(2.7943).epsilon(1e-4));
  CHECK(s.difficulty == Approx(5.4133).epsilon(1e-4));
  CHECK(s.due_ms == k_t0 + 16 * k_day_ms + 3 * k_day_ms);
  CHECK(s.lapses == 1);
}

TEST_CASE("post-lapse stability never exceeds S / e^(w17 w18)") {
  // With w11 raised to 100 the long-term formula gives far more than the
  // previous stability; the cap 3.173 / e^(0.51655 * 0.6621) = 2.2539 wins.
  FsrsParameters p = default_fsrs_parameters();
  p.w[11] = 100;
  MemoryState good = review(std::nullopt, Rating::good, k_t0, p);
  MemoryState s = review(good, Rating::again, k_t0 + 3 * k_day_ms, p);
  CHECK(s.stability == Approx(2.2539).epsilon(1e-4));
  CHECK(s.due_ms == k_t0 + 3 * k_day_ms + 2 * k_day_ms);
}

TEST_CASE("the interval follows the requested retention") {
  // I = S / (19/81) * (r^(1/-0.5) - 1); for r = 0.8: 10 * 81/19 * (1/0.64 - 1) = 10 * 4.263158 * 0.5625 = 23.98
  FsrsParameters p = default_fsrs_parameters();
  p.desired_retention = 0.8;
  CHECK(next_interval_days(10, p) == 24);
  // for r = 0.95: 10 * 4.263158 * (1/0.9025 - 1) = 10 * 4.263158 * 0.108033 = 4.61
  p.desired_retention = 0.95;
  CHECK(next_interval_days(10, p) == 5);
}

TEST_CASE("times at the ends of int64 are clamped, never overflowed") {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
  MemoryState first = review(std::nullopt, Rating::good, max);
  CHECK(first.last_review_ms == k_max_time_ms);
  CHECK(first.due_ms == k_max_time_ms);
  for (std::int64_t last : {max, min, std::int64_t{-1}, std::int64_t{0}}) {
    for (std::int64_t now : {max, min, k_t0}) {
      MemoryState prev = first;
      prev.last_review_ms = last;
      prev.due_ms = last;
      MemoryState next = review(prev, Rating::easy, now);
      INFO("last " << last << ", now " << now);
      CHECK(next.last_review_ms >= 0);
      CHECK(next.due_ms >= next.last_review_ms);
      CHECK(next.due_ms <= k_max_time_ms);
      CHECK(std::isfinite(next.stability));
      CHECK(std::isfinite(next.difficulty));
    }
  }
}
