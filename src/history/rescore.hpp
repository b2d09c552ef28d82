#pragma once

// Re-grading recorded answers with the current bank and scorer (drill
// rescore), and the summary of how the scores moved.

#include "bank/bank.hpp"
#include "history/history.hpp"
#include "scoring/scorer.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drill {

/// Whether a rescore saves the new scores or only reports them.
enum class RescoreWrite { dry_run, write };

/// One answer whose score moved.
struct ScoreMove {
  std::int64_t answer_id = 0;
  std::string question_id;
  std::string session_id;
  std::int64_t answered_at_ms = 0;
  double before = 0;
  double after = 0;
};

/// How many answers one question accounts for.
struct QuestionAnswers {
  std::string question_id;
  std::int64_t answers = 0;
};

/// What a rescore found (and, unless a dry run, wrote).
struct RescoreReport {
  std::int64_t rescored = 0;  ///< answers graded again
  std::int64_t up = 0;        ///< of those, scores that rose
  std::int64_t down = 0;      ///< ... fell
  std::int64_t unchanged = 0; ///< ... stayed
  double sum_before = 0;      ///< of the rescored answers' scores
  double sum_after = 0;
  std::int64_t written = 0;             ///< answers whose stored score or breakdown changed
  std::vector<ScoreMove> biggest;       ///< largest change first, ties by answer order
  std::vector<QuestionAnswers> edited;  ///< rescored, though answered to an earlier version of the question
  std::vector<QuestionAnswers> missing; ///< not rescored: the question is no longer in any bank
};

/// The history's breakdown for a fresh grade: `previous` (the stored one)
/// with its "concepts" and "star" replaced by those of `feedback`; its
/// other fields (such as "over_time", which the session decided) are kept.
nlohmann::json regraded_breakdown(const nlohmann::json &previous, const Feedback &feedback);

/// Grades every answer that `filter` lets through again, against the
/// bank's current form of its question (with the time limit it was answered
/// under), a batch at a time. With RescoreWrite::write each batch is saved in
/// one transaction (History::apply_regrades keeps every old score), and the
/// memory states of the questions seen are rebuilt at the end. `top` caps
/// the list of biggest changes.
RescoreReport rescore(History &history, const Bank &bank, Scorer &scorer, const AnswerFilter &filter,
                      RescoreWrite write, std::size_t top, std::int64_t now_ms);

} // namespace drill
