// drill (no subcommand): the practice session.
#include "session/session.hpp"
#include "cli/context.hpp"
#include "scoring/scorer.hpp"
#include "session/recorder.hpp"
#include "terminal/line_editor.hpp"
#include "terminal/signals.hpp"
#include "util/error.hpp"
#include "util/input_file.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>

namespace drill {

SessionConfig session_config(const Context &ctx) {
  const SessionOptions &so = ctx.options.session;
  SessionConfig config;
  config.reveal = parse_reveal(so.reveal);
  if (so.time_limit_s > 0) config.time_limit_s = so.time_limit_s;
  config.category_time_limits = so.category_time_limits;
  config.show_timer = !so.no_timer;
  config.session_id = new_session_id();
  config.role = ctx.options.filter.role;
  config.width = text_width(STDOUT_FILENO);
  config.self_rate = so.self_rate;
  return config;
}

PracticeRun run_questions(Context &ctx, const Bank &bank, const std::vector<const Question *> &questions,
                          SessionConfig config, std::string_view intro) {
  const SessionOptions &so = ctx.options.session;
  std::unique_ptr<Transcript> log;
  if (!so.log.empty()) log = std::make_unique<Transcript>(so.log);

  // A terminal on stdin means a person is there; anything else is a batch
  // of answers, read to its end and never waited on.
  bool interactive = so.answers.empty() && ::isatty(STDIN_FILENO) == 1;
  // Opened before the first question, so that a missing file (or a FIFO
  // with no writer yet, which a signal ends) is settled up front.
  std::unique_ptr<InputFile> answers;
  if (!so.answers.empty())
    answers = std::make_unique<InputFile>(so.answers, Accept::streams, &StopSignals::requested);
  else if (!interactive)
    answers = std::make_unique<InputFile>(STDIN_FILENO, "standard input", &StopSignals::requested);
  config.timed = interactive;
  config.mode = interactive ? "interactive" : "piped";
  // Answers piped in were written for the questions alone, so a follow-up
  // would take the next question's answer: there they are asked only when
  // --follow-ups or the config file asks for them.
  config.follow_ups = so.follow_ups >= 0 ? so.follow_ups : (interactive ? 1 : 0);
  Recorder recorder(recorder_settings(ctx), log.get());

  SystemClock clock;
  Scorer scorer(&bank, &load_lexicon());
  // The words this person's disputes taught drill count as the bank's do.
  const PersonalPhrasings phrasings = recorder.personal_phrasings();
  scorer.use_personal_phrasings(&phrasings);
  GradeFn grade = [&scorer](const Question &q, std::string_view answer, std::optional<double> elapsed,
                            const Corrections *corrections) { return scorer.grade(q, answer, elapsed, corrections); };

  PracticeRun run;
  run.config = config;
  if (interactive) {
    Terminal terminal;
    auto mode = parse_color_mode(ctx.options.color);
    Style ui_style(color_enabled(mode, terminal.fd()));
    // A terminal that cannot move the cursor would print the countdown
    // again on a new line every second: there the time is shown on :time.
    Countdown countdown = terminal_redraws() ? Countdown::live : Countdown::on_request;
    TerminalLineReader reader(terminal, ui_style, &StopSignals::requested, countdown);
    TerminalEditor editor(terminal);
    SessionIo io{
        reader, editor, clock, std::cout, terminal.stream(), ctx.out, ui_style, &recorder, &StopSignals::requested};
    std::string text = "Answer, then press Enter on an empty line. :help lists the commands.";
    if (countdown == Countdown::on_request && config.show_timer) text += " :time shows the time left.";
    std::string wrapped = wrap_text(text, text_width(terminal.fd()));
    wrapped.pop_back();
    if (!intro.empty()) std::cout << intro;
    terminal.stream() << ui_style.dim(wrapped) << '\n';
    run.result = run_session(questions, grade, io, config);
  } else {
    std::istream in(answers.get());
    StreamLineReader reader(in);
    NoEditor editor;
    SessionIo io{
        reader, editor, clock, std::cout, null_stream(), ctx.out, Style(false), &recorder, &StopSignals::requested};
    if (!intro.empty()) std::cout << intro;
    run.result = run_session(questions, grade, io, config);
  }
  const SessionResult &result = run.result;

  // A signal that only cut the last busy wait short still counts.
  if (result.interrupted || StopSignals::requested()) {
    run.status = ExitStatus::interrupted;
    return run;
  }
  run.status = recorder.status();
  if (run.status != ExitStatus::ok) return run;
  if (result.overflow)
    throw Error(ExitStatus::data,
                fmt::format("{}: an answer ran past {} without ending; drill stopped reading "
                            "there, and the answers before it are recorded",
                            answers ? answers->name() : "this session", human_size(k_max_line_bytes)));
  if (result.too_long > 0)
    throw Error(ExitStatus::data,
                fmt::format("{} answer{} in {} {} not graded: longer than {} KB", result.too_long,
                            result.too_long == 1 ? "" : "s",
                            so.answers.empty() ? (interactive ? "this session" : "standard input") : so.answers,
                            result.too_long == 1 ? "was" : "were", k_max_answer_bytes / 1024));
  if (!interactive && result.graded() == 0 && result.skipped() == 0)
    throw Error(ExitStatus::data, fmt::format("no answers in {}; write one answer per question, separated "
                                              "by blank lines (:skip to pass)",
                                              so.answers.empty() ? "standard input" : so.answers));
  return run;
}

ExitStatus run_practice(Context &ctx) {
  // From here on, Ctrl-C and SIGTERM end the session the same way in every
  // phase (loading, typing, grading, saving): summary, exit 130. A signal
  // during loading is seen before the first question.
  StopSignals signals;
  if (ctx.options.job == "-" && ctx.options.session.answers.empty())
    throw Error(ExitStatus::usage, "--job -: a session reads its answers from standard input, so the posting "
                                   "must come from a file; save it first, or give the answers with --answers FILE");
  const Bank &bank = load_banks(ctx.options);
  auto questions = select_questions(bank, ctx);
  return run_questions(ctx, bank, questions, session_config(ctx)).status;
}

void add_session_options(CLI::App &app, Options &options) {
  SessionOptions &so = options.session;
  app.add_option("--reveal", so.reveal, "Show the model answer: always, never, or missed (score below 70)")
      ->check(CLI::IsMember({"always", "never", "missed"}));
  whole_number_in(
      app.add_option("--time-limit", so.time_limit_s, "Seconds per question, instead of each question's own limit")
          ->type_name("SECONDS"),
      1, 24 * 3600);
  app.add_flag("--no-timer", so.no_timer, "Hide the countdown (time is still measured)");
  app.add_flag("--self-rate", so.self_rate,
               "After each answer, ask for your own 1-4 rating and schedule by it, as Anki does");
  whole_number_in(app.add_option("--follow-ups", so.follow_ups,
                                 "Follow-up questions after each answer, at most N (default 1 at a terminal, "
                                 "0 for piped answers; 0 turns them off)")
                      ->type_name("N"),
                  0, k_max_follow_ups);
  app.add_option("--log", so.log, "Append a JSON line per graded answer to FILE (created 0600)")->type_name("FILE");
  app.add_option("--answers", so.answers, "Read the answers from FILE, separated by blank lines")->type_name("FILE");
  app.add_flag("--due", options.due_first,
               "Ask questions due for review first, then the weakest topics, then new ones");
}

} // namespace drill
