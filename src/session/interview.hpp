#pragma once

// A mock interview (drill interview): the questions of one interview in the
// order a real one asks them, fitted to a time budget (docs/session.md).

#include "bank/bank.hpp"
#include "session/select.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// The parts of an interview, in the order they come.
enum class Stage { opener, technical, design, behavioral, closing };
/// "opener", "technical", "system design", "behavioral", "closing".
std::string_view to_string(Stage s);

/// The bundled questions that open and close every interview.
inline constexpr std::string_view k_opener_id = "beh.tell-me-about-yourself";
inline constexpr std::string_view k_closing_id = "beh.questions-for-interviewer";

/// One question of the interview and the time it gets.
struct InterviewItem {
  const Question *question = nullptr;
  Stage stage = Stage::technical;
  int time_limit_s = 0;
};

struct InterviewPlan {
  std::vector<InterviewItem> items;
  int budget_s = 0;               ///< the whole interview
  int planned_s = 0;              ///< what the items take, follow-ups included
  std::vector<std::string> notes; ///< stages left out and why
};

/// What an item costs in time: its limit, and a follow-up's when they are on.
int interview_cost_s(int time_limit_s, int follow_ups);

/// Plans an interview for `filter.role` in `minutes`: the opener, technical
/// questions, one system-design question, behavioral stories (two when the
/// time allows) and the closing question. Technical questions fill what the
/// rest leaves, at least one; when even the minimum does not fit, every
/// limit shrinks in proportion (to no less than 30 s). `preferred`, when not
/// empty, is drawn from first (questions a job posting asks for). The same
/// seed gives the same plan.
InterviewPlan plan_interview(const Bank &bank, const Filter &filter, int minutes, int follow_ups, std::uint64_t seed,
                             const std::vector<const Question *> &preferred = {});

} // namespace drill
