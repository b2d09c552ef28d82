#pragma once

#include "util/clock.hpp"
#include "bank/question.hpp"
#include "scoring/scorer.hpp"
#include "util/term.hpp"
#include "session/outcome.hpp"
#include "session/transcript.hpp"

#include <chrono>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// What the reader shows while it waits for a line.
struct LinePrompt {
  bool continuation = false; ///< the answer already has text
  /// When the answer is due; unset when no countdown is shown.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// too_long: a line ran past k_max_line_bytes, and the reader stopped there.
enum class ReadStatus { line, end_of_input, interrupted, too_long };

struct ReadResult {
  ReadStatus status = ReadStatus::line;
  std::string text;        ///< the line, without its newline
  std::size_t dropped = 0; ///< bytes of the line past what `text` keeps
};

/// Where answer lines come from: a terminal with line editing, or a stream.
class LineReader {
public:
  virtual ~LineReader() = default;
  /// The next line. end_of_input is Ctrl-D on a terminal, or the end of a
  /// stream; interrupted means SIGINT or SIGTERM arrived while waiting.
  virtual ReadResult read_line(const LinePrompt &prompt) = 0;
};

/// Reads lines from a stream (stdin or --answers FILE). Never prompts, and
/// keeps no more of a line than an answer may hold (k_max_answer_bytes).
class StreamLineReader final : public LineReader {
public:
  explicit StreamLineReader(std::istream &in) : in_(in) {}
  ReadResult read_line(const LinePrompt &prompt) override;

private:
  std::istream &in_;
};

/// Lets the person write an answer in a full editor (:edit).
class AnswerEditor {
public:
  virtual ~AnswerEditor() = default;
  /// The edited text, starting from `draft`; nothing when editing failed or
  /// is impossible, with the reason in `why`.
  virtual std::optional<std::string> edit(std::string_view draft, std::string &why) = 0;
};

/// An editor for sessions without a terminal: :edit always fails.
class NoEditor final : public AnswerEditor {
public:
  std::optional<std::string> edit(std::string_view draft, std::string &why) override;
};

/// Grades one answer; the real one wraps Scorer::grade.
using GradeFn = std::function<Feedback(const Question &, std::string_view answer, std::optional<double> elapsed_s)>;

/// Settings of a session that do not change while it runs.
struct SessionConfig {
  Reveal reveal = Reveal::always;
  std::optional<int> time_limit_s; ///< overrides every question's limit (--time-limit)
  bool timed = true;        ///< measure elapsed time (false without a terminal)
  bool show_timer = true;   ///< show a countdown while typing (false with --no-timer)
  std::string session_id;
  std::string mode = "interactive"; ///< written to the "session" record
  std::string role;         ///< for the suggested next command
  std::size_t width = 80;   ///< columns for wrapping stdout text
};

/// The session's surroundings. `out` gets questions and feedback (stdout);
/// `ui` gets hints, help and messages meant only for the person at the
/// terminal; `log` may be null.
struct SessionIo {
  LineReader &reader;
  AnswerEditor &editor;
  Clock &clock;
  std::ostream &out;
  std::ostream &ui;
  Style out_style;
  Style ui_style;
  RecordSink *log = nullptr;
  /// Polled between questions: true once SIGINT or SIGTERM has arrived.
  std::function<bool()> stop_requested;
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

/// The JSONL record of one graded answer (docs/session.md).
nlohmann::json answer_record(const QuestionOutcome &a, const SessionConfig &config,
                             std::chrono::system_clock::time_point at);
/// The JSONL record that closes a session.
nlohmann::json session_record(const SessionResult &r, const SessionConfig &config);

} // namespace drill
