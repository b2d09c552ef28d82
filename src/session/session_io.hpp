#pragma once

// The seams of a session: where its lines come from, how an answer is
// graded, and where its output and records go. Separate from session.hpp so
// that the session's parts (disputes, say) can use them without the loop.

#include "scoring/scorer.hpp"
#include "session/outcome.hpp"
#include "session/transcript.hpp"
#include "util/clock.hpp"
#include "util/term.hpp"

#include <chrono>
#include <functional>
#include <map>
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
  int limit_s = 0; ///< the whole time allowed, for the countdown's warning colour
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

/// Lets the person write an answer in a full editor (:edit).
class AnswerEditor {
public:
  virtual ~AnswerEditor() = default;
  /// The edited text, starting from `draft`; nothing when editing failed or
  /// is impossible, with the reason in `why`.
  virtual std::optional<std::string> edit(std::string_view draft, std::string &why) = 0;
};

/// Grades one answer, with the person's corrections when they disputed an
/// earlier grade of it (nullptr otherwise); the real one wraps Scorer::grade.
using GradeFn = std::function<Feedback(const Question &, std::string_view answer, std::optional<double> elapsed_s,
                                       const Corrections *corrections)>;

/// Settings of a session that do not change while it runs.
struct SessionConfig {
  Reveal reveal = Reveal::always;
  std::optional<int> time_limit_s;              ///< overrides every question's limit (--time-limit)
  std::map<Category, int> category_time_limits; ///< overrides the limit of a category's questions (config)
  bool timed = true;                            ///< measure elapsed time (false without a terminal)
  bool show_timer = true;                       ///< show a countdown while typing (false with --no-timer)
  std::string session_id;
  std::string mode = "interactive"; ///< "interactive", "batch" or "worksheet": where answers come from
  std::string record_mode;          ///< written to the "session" record instead of `mode` when set ("interview")
  std::string role;                 ///< for the suggested next command
  std::size_t width = 80;           ///< columns for wrapping stdout text
  bool self_rate = false;           ///< ask for a 1-4 rating after each answer (--self-rate)
  int follow_ups = 0;               ///< follow-up questions after each answer, at most (--follow-ups)
  std::vector<int> time_limits;     ///< when not empty, one per question: the limits an interview plan gives
  std::vector<int> follow_ups_each; ///< when not empty, one per question: its most follow-ups, instead of follow_ups
  std::optional<int> budget_s;      ///< the session's whole time: a question that would run past it is not asked
  std::size_t keep_last = 0;        ///< with a budget, the last questions are asked whatever the time (the closing)
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

} // namespace drill
