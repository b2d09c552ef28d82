#pragma once

#include "session/outcome.hpp"
#include "util/term.hpp"

#include <string>
#include <utility>
#include <vector>

namespace drill {

/// "2:05": minutes and seconds, rounded down.
std::string clock_text(double seconds);

/// The lines shown before a question: "Question 2/5 · technical · ..." and
/// the wrapped prompt.
std::string render_question(const Question &q, std::size_t number, std::size_t total, int time_limit_s,
                            const Style &style, std::size_t width);

/// A follow-up question, as the interviewer asks it, with its time.
std::string render_follow_up(const FollowUp &f, int time_limit_s, const Style &style, std::size_t width);

/// The feedback after one graded answer: render_feedback()'s score, concepts,
/// STAR parts and delivery notes, plus the time taken (marked when over the
/// limit) and the model answer when `reveal` says so.
std::string render_answer(const QuestionOutcome &a, Reveal reveal, const Style &style, std::size_t width);

/// Concepts missed most often across the graded answers, most missed first
/// (ties by name), at most `limit`.
std::vector<std::pair<std::string, int>> weakest_concepts(const std::vector<QuestionOutcome> &answers,
                                                          std::size_t limit = 3);

/// A command to practise next, aimed at the topic with the lowest average
/// score: an easier level when it went badly, a harder one when it went well.
/// Empty when nothing was graded.
std::string suggest_next(const std::vector<QuestionOutcome> &answers, std::string_view role);

/// The table at the end: question id, score and time, then the average, the
/// weakest concepts and a suggested next command.
std::string render_summary(const SessionResult &r, std::string_view role, const Style &style, std::size_t width = 80);

} // namespace drill
