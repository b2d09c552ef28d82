#include "util/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace drill {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  // Optimal string alignment: Levenshtein plus swapping two adjacent
  // characters at cost 1, since "paln" for "plan" is one slip, not two.
  // Three rolling rows over the shorter string.
  std::vector<std::size_t> before(a.size() + 1), prev(a.size() + 1), cur(a.size() + 1);
  std::iota(prev.begin(), prev.end(), std::size_t{0});
  for (std::size_t j = 1; j <= b.size(); ++j) {
    cur[0] = j;
    std::size_t row_min = cur[0];
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[i] = std::min({prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[i] = std::min(cur[i], before[i - 2] + 1);
      row_min = std::min(row_min, cur[i]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[a.size()], limit + 1);
}

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string> &candidates) {
  const std::size_t bound = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = bound + 1;
  for (const auto &candidate : candidates) {
    std::size_t d = edit_distance(word, candidate, bound);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean_suffix(std::string_view word, const std::vector<std::string> &candidates) {
  auto best = did_you_mean(word, candidates);
  return best ? " (did you mean '" + *best + "'?)" : std::string{};
}

std::string join(const std::vector<std::string> &items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

} // namespace drill
