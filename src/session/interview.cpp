#include "session/interview.hpp"

#include "scoring/follow_up.hpp"

#include <algorithm>
#include <cmath>

namespace drill {

namespace {

constexpr int k_min_limit_s = 30;

// The questions of `stage` for the role, in the order the seed gives, with
// the preferred ones first.
std::vector<const Question *> pool(const Bank &bank, const Filter &filter, Stage stage, std::uint64_t seed,
                                   const std::vector<const Question *> &preferred) {
  Filter f = filter;
  f.topics.clear();
  f.difficulties = filter.difficulties;
  switch (stage) {
  case Stage::technical: f.categories = {"technical", "situational"}; break;
  case Stage::design: f.categories = {"system-design"}; break;
  default: f.categories = {"behavioral"}; break;
  }
  std::vector<const Question *> all = matching(bank, f);
  if (stage == Stage::behavioral)
    all.erase(
        std::remove_if(all.begin(), all.end(),
                       [](const Question *q) { return !q->star || q->id == k_opener_id || q->id == k_closing_id; }),
        all.end());
  std::vector<const Question *> shuffled = pick(all, all.size(), seed + static_cast<std::uint64_t>(stage));
  // The preferred ones first, in their own order; then the rest as drawn.
  std::vector<const Question *> out;
  for (const Question *q : preferred)
    if (std::find(all.begin(), all.end(), q) != all.end()) out.push_back(q);
  for (const Question *q : shuffled)
    if (std::find(preferred.begin(), preferred.end(), q) == preferred.end()) out.push_back(q);
  return out;
}

} // namespace

std::string_view to_string(Stage s) {
  switch (s) {
  case Stage::opener: return "opener";
  case Stage::technical: return "technical";
  case Stage::design: return "system design";
  case Stage::behavioral: return "behavioral";
  case Stage::closing: return "closing";
  }
  return "technical";
}

int interview_cost_s(int time_limit_s, int follow_ups) {
  return time_limit_s + (follow_ups > 0 ? follow_up_limit_s(time_limit_s) : 0);
}

InterviewPlan plan_interview(const Bank &bank, const Filter &filter, int minutes, int follow_ups, std::uint64_t seed,
                             const std::vector<const Question *> &preferred) {
  InterviewPlan plan;
  plan.budget_s = minutes * 60;
  auto add = [&](const Question *q, Stage stage) { plan.items.push_back({q, stage, q->time_limit_s}); };

  const Question *opener = bank.find(std::string(k_opener_id));
  const Question *closing = bank.find(std::string(k_closing_id));
  auto technical = pool(bank, filter, Stage::technical, seed, preferred);
  auto design = pool(bank, filter, Stage::design, seed, preferred);
  auto behavioral = pool(bank, filter, Stage::behavioral, seed, preferred);

  // The shape first: everything but the technical questions, which fill the rest.
  if (opener)
    add(opener, Stage::opener);
  else
    plan.notes.push_back("no opener: the banks have no question " + std::string(k_opener_id));
  if (!technical.empty()) add(technical.front(), Stage::technical);
  if (!design.empty())
    add(design.front(), Stage::design);
  else
    plan.notes.push_back("no system-design question for this role");
  for (std::size_t i = 0; i < std::min<std::size_t>(2, behavioral.size()); ++i)
    add(behavioral[i], Stage::behavioral);
  if (closing) add(closing, Stage::closing);

  auto cost = [&](const InterviewItem &item) {
    // The closing question gets no follow-up: the candidate asks there.
    return item.stage == Stage::closing ? item.time_limit_s : interview_cost_s(item.time_limit_s, follow_ups);
  };
  auto total = [&] {
    int sum = 0;
    for (const auto &item : plan.items)
      sum += cost(item);
    return sum;
  };
  // A second story only when the time allows one more technical question after it.
  if (std::count_if(plan.items.begin(), plan.items.end(), [](const auto &i) { return i.stage == Stage::behavioral; }) ==
          2 &&
      !technical.empty() && total() + interview_cost_s(technical.front()->time_limit_s, follow_ups) > plan.budget_s) {
    auto second = std::find_if(plan.items.rbegin(), plan.items.rend(),
                               [](const auto &i) { return i.stage == Stage::behavioral; });
    plan.items.erase(std::next(second).base());
  }
  // More technical questions while they fit, after the first.
  auto after_technical = [&] {
    auto it = std::find_if(plan.items.begin(), plan.items.end(),
                           [](const auto &i) { return i.stage != Stage::opener && i.stage != Stage::technical; });
    return it;
  };
  for (std::size_t i = 1; i < technical.size(); ++i) {
    const int extra = interview_cost_s(technical[i]->time_limit_s, follow_ups);
    if (total() + extra > plan.budget_s) break;
    plan.items.insert(after_technical(), InterviewItem{technical[i], Stage::technical, technical[i]->time_limit_s});
  }
  // Too little time even for the shape: every limit shrinks alike.
  if (const int natural = total(); natural > plan.budget_s && natural > 0) {
    const double scale = static_cast<double>(plan.budget_s) / natural;
    for (auto &item : plan.items)
      item.time_limit_s = std::max(k_min_limit_s, static_cast<int>(std::floor(item.time_limit_s * scale)));
    plan.notes.push_back("time limits shortened to fit the time budget");
  }
  plan.planned_s = total();
  return plan;
}

} // namespace drill
