#pragma once

#include "bank/question.hpp"
#include "scoring/scorer.hpp"
#include "session/outcome.hpp"
#include "session/session_io.hpp"
#include "session/transcript.hpp"
#include "util/clock.hpp"
#include "util/term.hpp"

#include <chrono>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// Reads lines from a stream (stdin or --answers FILE). Never prompts, and
/// keeps no more of a line than an answer may hold (k_max_answer_bytes).
class StreamLineReader final : public LineReader {
public:
  explicit StreamLineReader(std::istream &in) : in_(in) {}
  ReadResult read_line(const LinePrompt &prompt) override;

private:
  std::istream &in_;
};

/// An editor for sessions without a terminal: :edit always fails.
class NoEditor final : public AnswerEditor {
public:
  std::optional<std::string> edit(std::string_view draft, std::string &why) override;
};

/// A stream that discards everything: the `ui` of a session without a terminal.
std::ostream &null_stream();

/// Asks each question in turn, reads and grades the answers, prints the
/// feedback after each and the summary at the end. Every graded answer goes
/// to `io.log` before its feedback is printed; the "session" record is
/// written last.
SessionResult run_session(const std::vector<const Question *> &questions, const GradeFn &grade, SessionIo &io,
                          const SessionConfig &config);

/// Grades `answer` into `a` (whose question, time limit and elapsed time are
/// set), logs it, then prints its feedback.
void grade_answer(QuestionOutcome &a, std::string_view answer, const GradeFn &grade, SessionIo &io,
                  const SessionConfig &config);

/// Ends a session: stamps its end, logs the "session" record and prints the summary.
void finish_session(SessionResult &result, SessionIo &io, const SessionConfig &config);

/// The record of one graded answer, as the log and the history take it.
AnswerRecord answer_record(const QuestionOutcome &a, const SessionConfig &config);
/// The record that closes a session.
SessionRecord session_record(const SessionResult &r, const SessionConfig &config);

} // namespace drill
