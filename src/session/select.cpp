#include "session/select.hpp"

#include "util/error.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>

namespace drill {

namespace {

bool contains(const std::vector<std::string> &list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool allows(const std::vector<std::string> &wanted, std::string_view value) {
  return wanted.empty() || contains(wanted, value);
}

void check_values(std::vector<std::string> &values, const std::vector<std::string> &valid, std::string_view what,
                  std::string_view plural, const std::map<std::string, std::string> &aliases = {}) {
  for (auto &v : values) {
    if (auto alias = aliases.find(v); alias != aliases.end()) v = alias->second;
    if (contains(valid, v)) continue;
    throw Error(ExitStatus::usage, fmt::format("unknown {} '{}'{}; valid {} are: {}", what, v,
                                               did_you_mean_suffix(v, valid), plural, join(valid)));
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

} // namespace

void check_filter(const Bank &bank, Filter &filter) {
  auto roles = bank.roles();
  // With one role in the banks there is nothing to choose.
  if (filter.role.empty() && roles.size() == 1) filter.role = roles.front();
  if (filter.role.empty())
    throw Error(ExitStatus::usage,
                fmt::format("no role given, and the banks hold {}; use --role ROLE (one of: {}), "
                            "set DRILL_ROLE, or put role = \"...\" in the config file",
                            roles.empty() ? "none" : fmt::format("{} roles", roles.size()), join(roles)));
  // Other names people use for a bundled role, when no bank has a role of that name.
  static const std::vector<std::pair<std::string, std::string>> k_role_aliases{
      {"sre", "devops"}, {"data", "data-engineering"}, {"data-engineer", "data-engineering"}};
  for (const auto &[alias, role] : k_role_aliases)
    if (filter.role == alias && !contains(roles, alias) && contains(roles, role)) filter.role = role;
  if (!contains(roles, filter.role))
    throw Error(ExitStatus::usage, fmt::format("unknown role '{}'{}; valid roles are: {}", filter.role,
                                               did_you_mean_suffix(filter.role, roles), join(roles)));
  check_filter_values(bank, filter);
}

void check_filter_values(const Bank &bank, Filter &filter) {
  check_values(filter.categories, category_names(), "category", "categories",
               {{"behavioural", "behavioral"}, {"system_design", "system-design"}, {"design", "system-design"}});
  check_values(filter.difficulties, difficulty_names(), "difficulty", "difficulties");
  // Listing the topics walks every question: only when there is one to check.
  if (!filter.topics.empty()) check_values(filter.topics, bank.topics(), "topic", "topics");
}

std::vector<const Question *> matching(const Bank &bank, const Filter &filter) {
  std::vector<const Question *> out;
  for (const auto &q : bank.questions()) {
    if (!filter.role.empty() && !q.for_role(filter.role)) continue;
    if (!allows(filter.categories, to_string(q.category))) continue;
    if (!allows(filter.difficulties, to_string(q.difficulty))) continue;
    if (!filter.topics.empty() &&
        std::none_of(q.topics.begin(), q.topics.end(), [&](const auto &t) { return contains(filter.topics, t); }))
      continue;
    out.push_back(&q);
  }
  return out;
}

std::uint64_t Random::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t Random::below(std::uint64_t bound) {
  // Rejection sampling keeps the draw unbiased for any bound.
  std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  std::uint64_t r;
  do
    r = next();
  while (r >= limit);
  return r % bound;
}

std::vector<const Question *> pick(std::vector<const Question *> pool, std::size_t count, std::uint64_t seed) {
  Random random(seed);
  count = std::min(count, pool.size());
  // A partial Fisher-Yates shuffle: the first `count` slots are the sample.
  for (std::size_t i = 0; i < count; ++i) {
    auto j = i + static_cast<std::size_t>(random.below(pool.size() - i));
    std::swap(pool[i], pool[j]);
  }
  pool.resize(count);
  return pool;
}

std::vector<const Question *> pick_weighted(const std::vector<const Question *> &pool,
                                            const std::vector<std::uint64_t> &weights, std::size_t count,
                                            std::uint64_t seed) {
  std::vector<const Question *> weighted, others, out;
  std::vector<std::uint64_t> left;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    if (weights[i] > 0) {
      weighted.push_back(pool[i]);
      left.push_back(weights[i]);
    } else {
      others.push_back(pool[i]);
    }
  }
  // Weighted draws without replacement, in integers so that every platform
  // draws the same: a point in [0, total) falls in one question's share.
  Random random(seed);
  while (out.size() < count && !weighted.empty()) {
    std::uint64_t total = 0;
    for (auto w : left)
      total += w;
    std::uint64_t point = random.below(total);
    std::size_t i = 0;
    while (point >= left[i])
      point -= left[i++];
    out.push_back(weighted[i]);
    weighted.erase(weighted.begin() + static_cast<std::ptrdiff_t>(i));
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(i));
  }
  if (out.size() < count)
    for (const auto *q : pick(std::move(others), count - out.size(), random.next()))
      out.push_back(q);
  return out;
}

std::uint64_t random_seed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

std::string describe_no_match(const Bank &bank, const Filter &filter) {
  std::vector<std::string> asked{"role " + filter.role};
  if (!filter.categories.empty()) asked.push_back("category " + join(filter.categories, "/"));
  if (!filter.difficulties.empty()) asked.push_back("difficulty " + join(filter.difficulties, "/"));
  if (!filter.topics.empty()) asked.push_back("topic " + join(filter.topics, "/"));

  // Relax the narrowest filters and say what is there instead.
  Filter wider = filter;
  wider.difficulties.clear();
  wider.topics.clear();
  std::map<std::string, std::map<std::string, int>> counts;
  for (const auto *q : matching(bank, wider))
    ++counts[std::string(to_string(q->category))][std::string(to_string(q->difficulty))];
  std::vector<std::string> available;
  for (const auto &[category, by_difficulty] : counts) {
    std::vector<std::string> parts;
    for (const auto &d : difficulty_names())
      if (auto it = by_difficulty.find(d); it != by_difficulty.end())
        parts.push_back(fmt::format("{} {}", it->second, d));
    available.push_back(fmt::format("{} ({})", category, join(parts)));
  }
  std::string there = available.empty() ? fmt::format("role {} has no questions in those categories", filter.role)
                                        : fmt::format("role {} has: {}", filter.role, join(available, "; "));
  return fmt::format("no questions match {}; {}", join(asked, ", "), there);
}

} // namespace drill
