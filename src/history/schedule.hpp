#pragma once

// Which questions to practise first, given what the history knows.

#include "bank/question.hpp"
#include "history/fsrs.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace drill {

/// The candidates reordered for practice, as question ids:
///  1. questions due now (due_ms <= now_ms), most overdue first;
///  2. other questions on topics already practised, weakest topic (lowest
///     average score among the question's topics) first; on a tie, questions
///     never answered before questions answered recently;
///  3. questions only on topics never practised, in the order given.
/// Ties otherwise keep the order given, so a shuffled input varies the pick.
std::vector<std::string> due_first_order(const std::vector<const Question *> &candidates,
                                         const std::map<std::string, MemoryState> &memories,
                                         const std::map<std::string, double> &topic_averages, std::int64_t now_ms);

} // namespace drill
