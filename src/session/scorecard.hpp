#pragma once

// The judgement at the end of a mock interview: a rating per area with the
// evidence behind it, what to practise next, and the transcript, as text
// for the terminal and as Markdown for a report (docs/session.md).

#include "session/interview.hpp"
#include "session/outcome.hpp"
#include "util/term.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// One area an interviewer judges.
struct AreaRating {
  std::string area;                  ///< "Technical depth", "System design", ...
  std::optional<int> score;          ///< 0..100; nothing when no answer showed it
  std::vector<std::string> evidence; ///< one line each, most telling first
};

/// "strong" (80+), "solid" (65+), "mixed" (45+), "needs work", or "not assessed".
std::string_view verdict(const AreaRating &a);

struct Scorecard {
  std::vector<AreaRating> areas; ///< technical depth, system design, communication and structure, behavioral evidence
  std::vector<std::string> practise_next; ///< three commands, weakest area first
};

/// Judges the answers of an interview; `stages` says which part each
/// answer belongs to (one per answer, in order).
Scorecard score_interview(const std::vector<QuestionOutcome> &answers, const std::vector<Stage> &stages,
                          std::string_view role);

/// The scorecard for the terminal: each area with its rating and evidence,
/// then the commands to practise next.
std::string render_scorecard(const Scorecard &card, const Style &style, std::size_t width);

/// What a Markdown report is about.
struct ReportHeader {
  std::string role;
  std::string date; ///< "2026-12-03"
  std::string session_id;
  int budget_min = 0;
  double took_min = 0;
};

/// The scorecard and the whole transcript (every prompt, answer, follow-up
/// and reply, and the score) as a Markdown document.
std::string render_report(const ReportHeader &header, const Scorecard &card,
                          const std::vector<QuestionOutcome> &answers, const std::vector<Stage> &stages);

} // namespace drill
