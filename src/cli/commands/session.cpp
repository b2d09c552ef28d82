// drill (no subcommand): the practice session.
#include "cli/context.hpp"
#include "util/error.hpp"
#include "terminal/line_editor.hpp"
#include "scoring/scorer.hpp"
#include "session/recorder.hpp"
#include "session/session.hpp"
#include "terminal/signals.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <sstream>

namespace drill {

ExitStatus run_practice(Context &ctx) {
  const SessionOptions &so = ctx.options.session;
  // From here on, Ctrl-C and SIGTERM end the session the same way in every
  // phase (loading, typing, grading, saving): summary, exit 130. A signal
  // during loading is seen before the first question.
  StopSignals signals;
  const Bank &bank = load_banks(ctx.options);
  auto questions = select_questions(bank, ctx);

  SessionConfig config;
  config.reveal = parse_reveal(so.reveal);
  if (so.time_limit_s > 0) config.time_limit_s = so.time_limit_s;
  config.show_timer = !so.no_timer;
  config.session_id = new_session_id();
  config.role = ctx.options.filter.role;
  config.width = text_width(STDOUT_FILENO);

  std::unique_ptr<Transcript> log;
  if (!so.log.empty()) log = std::make_unique<Transcript>(so.log);

  // read_file names the reason when it cannot (missing, a directory, no permission).
  std::istringstream answers_file(so.answers.empty() ? std::string() : read_file(so.answers));
  // A terminal on stdin means a person is there; anything else is a batch
  // of answers, read to its end and never waited on.
  bool interactive = so.answers.empty() && ::isatty(STDIN_FILENO) == 1;
  config.timed = interactive;
  config.mode = interactive ? "interactive" : "batch";
  Recorder recorder(bank, recorder_settings(ctx, interactive ? "interactive" : "piped"), log.get());

  SystemClock clock;
  Scorer scorer(&bank, &load_lexicon());
  GradeFn grade = [&scorer](const Question &q, std::string_view answer, std::optional<double> elapsed) {
    return scorer.grade(q, answer, elapsed);
  };

  SessionResult result;
  if (interactive) {
    Terminal terminal;
    auto mode = parse_color_mode(ctx.options.color);
    Style ui_style(color_enabled(mode, terminal.fd()));
    // A terminal that cannot move the cursor would print the countdown
    // again on a new line every second: there the time is shown on :time.
    Countdown countdown = terminal_redraws() ? Countdown::live : Countdown::on_request;
    TerminalLineReader reader(terminal, ui_style, &StopSignals::requested, countdown);
    TerminalEditor editor(terminal);
    SessionIo io{reader, editor, clock, std::cout, terminal.stream(), ctx.out, ui_style, &recorder,
                 &StopSignals::requested};
    std::string intro = "Answer, then press Enter on an empty line. :help lists the commands.";
    if (countdown == Countdown::on_request && config.show_timer) intro += " :time shows the time left.";
    std::string wrapped = wrap_text(intro, text_width(terminal.fd()));
    wrapped.pop_back();
    terminal.stream() << ui_style.dim(wrapped) << '\n';
    result = run_session(questions, grade, io, config);
  } else {
    std::istream &in = so.answers.empty() ? std::cin : answers_file;
    StreamLineReader reader(in);
    NoEditor editor;
    SessionIo io{reader, editor, clock, std::cout, null_stream(), ctx.out, Style(false), &recorder,
                 &StopSignals::requested};
    result = run_session(questions, grade, io, config);
  }

  // A signal that only cut the last busy wait short still counts.
  if (result.interrupted || StopSignals::requested()) return ExitStatus::interrupted;
  if (recorder.status() != ExitStatus::ok) return recorder.status();
  if (result.too_long > 0)
    throw Error(ExitStatus::data, fmt::format("{} answer{} in {} {} not graded: longer than {} KB", result.too_long,
                                              result.too_long == 1 ? "" : "s",
                                              so.answers.empty() ? (interactive ? "this session" : "standard input")
                                                                 : so.answers,
                                              result.too_long == 1 ? "was" : "were", k_max_answer_bytes / 1024));
  if (!interactive && result.graded() == 0 && result.skipped() == 0)
    throw Error(ExitStatus::data, fmt::format("no answers in {}; write one answer per question, separated "
                                              "by blank lines (:skip to pass)",
                                              so.answers.empty() ? "standard input" : so.answers));
  return ExitStatus::ok;
}

void add_session_options(CLI::App &app, Options &options) {
  SessionOptions &so = options.session;
  app.add_option("--reveal", so.reveal, "Show the model answer: always, never, or missed (score below 70)")
      ->check(CLI::IsMember({"always", "never", "missed"}));
  whole_number_in(app.add_option("--time-limit", so.time_limit_s,
                                 "Seconds per question, instead of each question's own limit")
                      ->type_name("SECONDS"),
                  1, 24 * 3600);
  app.add_flag("--no-timer", so.no_timer, "Hide the countdown (time is still measured)");
  app.add_option("--log", so.log, "Append a JSON line per graded answer to FILE (created 0600)")->type_name("FILE");
  app.add_option("--answers", so.answers, "Read the answers from FILE, separated by blank lines")
      ->type_name("FILE");
  app.add_flag("--due", options.due_first,
               "Ask questions due for review first, then the weakest topics, then new ones");
}

} // namespace drill
