#pragma once

#include "bank/bank.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace drill {

/// Which questions a practice set draws from. Empty lists mean "any".
struct Filter {
  std::string role;
  std::vector<std::string> categories;
  std::vector<std::string> difficulties;
  std::vector<std::string> topics;
};

/// Checks every filter value against what the bank holds, and normalises
/// spelling variants ("behavioural" -> "behavioral"). Throws Error(usage)
/// naming the valid values, with a did-you-mean, for an unknown one.
void check_filter(const Bank &bank, Filter &filter);

/// check_filter without the role, which may be empty (every role).
void check_filter_values(const Bank &bank, Filter &filter);

/// The questions that pass the filter, in bank order.
std::vector<const Question *> matching(const Bank &bank, const Filter &filter);

/// A reproducible pseudo-random generator (splitmix64): the same seed picks
/// the same questions on every platform, unlike std::shuffle.
class Random {
public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  /// Uniform in [0, bound).
  std::uint64_t below(std::uint64_t bound);

private:
  std::uint64_t state_;
};

/// `count` distinct questions drawn at random from `pool` with `seed`.
std::vector<const Question *> pick(std::vector<const Question *> pool, std::size_t count, std::uint64_t seed);

/// `count` distinct questions from `pool` with `seed`: first those of
/// positive weight, each draw choosing among the rest with chance
/// proportional to its weight, then, when they run out, the others as pick
/// draws them. `weights` holds one weight per question of `pool`.
std::vector<const Question *> pick_weighted(const std::vector<const Question *> &pool,
                                            const std::vector<std::uint64_t> &weights, std::size_t count,
                                            std::uint64_t seed);

/// A fresh seed from the system's entropy source.
std::uint64_t random_seed();

/// "no questions match ...; role backend has technical: beginner (3), ..."
/// — the message for an empty match, naming what there is instead.
std::string describe_no_match(const Bank &bank, const Filter &filter);

} // namespace drill
