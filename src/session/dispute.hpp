#pragma once

// Correcting drill in a session: ":dispute" a missed point or a wrong claim
// drill heard, ":agree" with a grade, and the --self-rate question after
// each answer (docs/session.md, "Disputes and self-rating").

#include "session/outcome.hpp"
#include "session/session_io.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// One thing of a grade the person can dispute.
struct Disputable {
  enum class Kind { missed_concept, heard_claim };
  Kind kind = Kind::missed_concept;
  std::string name; ///< the concept's name or the claim
};

/// Grades `a.answer` under the time limit it was given, with `a.corrections`.
Feedback grade_outcome(const QuestionOutcome &a, const GradeFn &grade);

/// The breakdown of `a`'s grade as records carry it: "concepts" {"hit",
/// "missed"}, "star" and "over_time".
nlohmann::json breakdown_of(const QuestionOutcome &a);

/// What `a`'s grade says that could be wrong, numbered from 1 in this order:
/// the key points marked missed, then the wrong claims heard.
std::vector<Disputable> disputable(const QuestionOutcome &a);

/// The longest phrasing a dispute keeps, in words: a point is made in a few
/// words, and a longer phrase would only ever match this one answer.
inline constexpr std::size_t k_max_phrasing_words = 8;

/// What happened to a line typed at a prompt after feedback.
enum class CorrectionStep {
  not_a_correction, ///< the line is something else (an answer, another command)
  handled,          ///< it was :dispute or :agree, and was dealt with
  interrupted,      ///< SIGINT or SIGTERM arrived while asking for words
};

/// Handles ":dispute", ":dispute N [WORDS]" and ":agree" for `last`, the
/// answer graded last (nullptr when none yet): re-grades it with the
/// correction, prints the new score, and appends a "correction" record to
/// io.log. In an interactive session, a dispute of a missed point without
/// WORDS asks which words made it.
CorrectionStep handle_correction(std::string_view line, QuestionOutcome *last, const GradeFn &grade, SessionIo &io,
                                 const SessionConfig &config);

/// Asks for the person's 1-4 rating of `a` (--self-rate), taking :dispute and
/// :agree in between. Enter or the end of input keeps drill's grade.
CorrectionStep ask_rating(QuestionOutcome &a, const GradeFn &grade, SessionIo &io, const SessionConfig &config);

/// The record of a correction made at `made_at_ms`: the answer's key, what
/// was said, and (for made and not_said) the grade as corrected.
CorrectionLine correction_record(const QuestionOutcome &a, Correction::Kind kind, std::string_view target,
                                 std::string_view words, std::optional<int> rating, const SessionConfig &config,
                                 std::int64_t made_at_ms);

} // namespace drill
