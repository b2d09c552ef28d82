#pragma once

#include "bank/question.hpp"
#include "scoring/follow_up.hpp"
#include "scoring/scorer.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

enum class Reveal { always, never, missed };
/// Parses "always", "never" or "missed"; throws Error(usage) otherwise.
Reveal parse_reveal(std::string_view s);

/// The score below which `Reveal::missed` shows the model answer.
inline constexpr int k_reveal_below = 70;

enum class Outcome { graded, skipped, unanswered };

/// One question of a session and what became of it.
struct QuestionOutcome {
  const Question *question = nullptr;
  Outcome outcome = Outcome::unanswered;
  std::string answer;
  Feedback feedback; ///< meaningful when graded
  std::optional<double> elapsed_s;
  int time_limit_s = 0;
  bool over_time = false;
  int hints_used = 0;
  std::chrono::system_clock::time_point answered_at; ///< when it was graded: with the session and question, its key
  Corrections corrections;               ///< what the person disputed (:dispute); `feedback` has them applied
  std::optional<int> auto_score;         ///< drill's own score, once a dispute changed it
  std::optional<int> rating;             ///< the person's own 1-4 rating (--self-rate)
  std::vector<FollowUpReply> follow_ups; ///< follow-ups asked about the answer, with their replies
};

/// How a session turned out.
struct SessionResult {
  std::vector<QuestionOutcome> answers; ///< one per question, in order
  bool quit = false;                    ///< ended early by :quit or end of input
  bool interrupted = false;             ///< ended by SIGINT or SIGTERM
  std::size_t too_long = 0;             ///< answers not graded for their size (k_max_answer_bytes)
  bool overflow = false;                ///< reading stopped: an answer ran past k_max_line_bytes
  std::size_t out_of_time = 0;          ///< questions not asked: the time budget ran out first
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point ended;
  [[nodiscard]] std::size_t graded() const;
  [[nodiscard]] std::size_t skipped() const;
  /// Mean score of the graded answers; nothing when none was graded.
  [[nodiscard]] std::optional<double> average() const;
};

} // namespace drill
