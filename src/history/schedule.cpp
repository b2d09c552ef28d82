#include "history/schedule.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

namespace drill {

std::vector<std::string> due_first_order(const std::vector<const Question *> &candidates,
                                         const std::map<std::string, MemoryState> &memories,
                                         const std::map<std::string, double> &topic_averages, std::int64_t now_ms) {
  // Sort key: (tier, primary, seen), compared in that order.
  struct Ranked {
    int tier;
    double primary;
    bool seen;
    std::size_t position;
    const Question *question;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Question *q = candidates[i];
    auto memory = memories.find(q->id);
    bool seen = memory != memories.end();
    if (seen && memory->second.due_ms <= now_ms) {
      ranked.push_back({0, static_cast<double>(memory->second.due_ms), true, i, q});
      continue;
    }
    std::optional<double> weakest;
    for (const auto &topic : q->topics) {
      auto avg = topic_averages.find(topic);
      if (avg != topic_averages.end() && (!weakest || avg->second < *weakest)) weakest = avg->second;
    }
    if (weakest)
      ranked.push_back({1, *weakest, seen, i, q});
    else
      ranked.push_back({2, 0, seen, i, q});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked &a, const Ranked &b) {
    return std::tie(a.tier, a.primary, a.seen, a.position) < std::tie(b.tier, b.primary, b.seen, b.position);
  });
  std::vector<std::string> out;
  out.reserve(ranked.size());
  for (const auto &r : ranked)
    out.push_back(r.question->id);
  return out;
}

} // namespace drill
