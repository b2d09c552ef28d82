// drill grade: score answers without a session: one at a time, in batch, or
// a filled-in worksheet. Each input mode adds its option to GradeArgs and its
// branch to run_grade.
#include "bank/worksheet.hpp"
#include "cli/context.hpp"
#include "render/render.hpp"
#include "session/batch.hpp"
#include "session/recorder.hpp"
#include "session/report.hpp"
#include "session/session.hpp"
#include "terminal/signals.hpp"
#include "util/error.hpp"
#include "util/input_file.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

namespace drill {

namespace {

struct GradeArgs {
  std::string id;
  std::string answer_file = "-";
  std::string input;
  std::optional<double> elapsed;
  double elapsed_value = 0;
  std::string worksheet;
};

// The answer from `path` (- for stdin). Read up to k_max_line_bytes, so
// that an answer a little too long is named with its size and an endless
// one stops early.
std::string read_answer(const std::string &path) {
  auto in = path == "-" ? std::make_unique<InputFile>(STDIN_FILENO, "standard input", &StopSignals::requested)
                        : std::make_unique<InputFile>(path, Accept::streams, &StopSignals::requested);
  return in->read_all(k_max_line_bytes, "answers");
}

// The role a worksheet was made for, from "<!-- drill-worksheet v1 role=X seed=N -->".
std::string worksheet_role(std::string_view text) {
  auto at = text.find("<!-- drill-worksheet ");
  if (at == std::string_view::npos) return {};
  auto role = text.find(" role=", at);
  auto end = text.find("-->", at);
  if (role == std::string_view::npos || role > end) return {};
  role += 6;
  auto stop = text.find_first_of(" \n", role);
  return std::string(text.substr(role, std::min(stop, end) - role));
}

// A reader for grading, which never reads: answers come whole.
class NoReader final : public LineReader {
public:
  ReadResult read_line(const LinePrompt &) override { return {ReadStatus::end_of_input, ""}; }
};

ExitStatus grade_worksheet(Context &ctx, const std::string &path) {
  std::string text = InputFile(path, Accept::regular_only).read_all(k_max_worksheet_bytes, "worksheets");
  auto entries = parse_worksheet(text, path);
  const Bank &bank = load_banks(ctx.options);

  SessionResult result;
  for (const auto &e : entries) {
    const Question *q = bank.find(e.id);
    if (q == nullptr)
      throw Error(ExitStatus::data, fmt::format("{}:{}: unknown question id '{}'{}", path, e.line, e.id,
                                                did_you_mean_suffix(e.id, bank.ids())));
    QuestionOutcome a;
    a.question = q;
    a.time_limit_s = q->time_limit_s;
    result.answers.push_back(std::move(a));
  }

  SystemClock clock;
  // Each grading starts with a dated heading, so that a log appended to
  // night after night (grades.txt from cron) reads as one entry per night.
  std::string heading = fmt::format("## {:%Y-%m-%d %H:%M} {}", fmt::localtime(std::chrono::system_clock::to_time_t(
                                                                   clock.wall())),
                                    path);
  bool blank = std::all_of(entries.begin(), entries.end(), [](const WorksheetEntry &e) { return e.answer.empty(); });
  if (blank) {
    // One line for a sheet left blank, not a page of "Unanswered.".
    std::cout << heading << ": left blank, nothing graded\n";
    throw Error(ExitStatus::data, fmt::format("{}: every answer is empty; write answers under the "
                                              "'### Answer' headings",
                                              path));
  }
  std::cout << ctx.out.bold(heading) << '\n';

  const SessionOptions &so = ctx.options.session;
  SessionConfig config;
  config.reveal = parse_reveal(so.reveal);
  config.timed = false;
  config.session_id = new_session_id();
  config.mode = "worksheet";
  config.role = ctx.options.filter.role.empty() ? worksheet_role(text) : ctx.options.filter.role;
  config.width = text_width(STDOUT_FILENO);
  std::unique_ptr<Transcript> log;
  if (!so.log.empty()) log = std::make_unique<Transcript>(so.log);

  NoReader reader;
  NoEditor editor;
  // The worksheet's role is the history's role for these answers.
  std::string cli_role = ctx.options.filter.role;
  ctx.options.filter.role = config.role;
  Recorder recorder(bank, recorder_settings(ctx, "worksheet"), log.get());
  SessionIo io{reader, editor, clock, std::cout, null_stream(), ctx.out, Style(false), &recorder, nullptr};
  Scorer scorer(&bank, &load_lexicon());
  const PersonalPhrasings phrasings = recorder.personal_phrasings();
  scorer.use_personal_phrasings(&phrasings);
  GradeFn grade = [&scorer](const Question &q, std::string_view answer, std::optional<double> elapsed,
                            const Corrections *corrections) { return scorer.grade(q, answer, elapsed, corrections); };

  result.started = clock.wall();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    QuestionOutcome &a = result.answers[i];
    std::cout << render_question(*a.question, entries[i].number, entries.size(), a.time_limit_s, ctx.out,
                                 config.width);
    if (entries[i].answer.empty()) {
      std::cout << ctx.out.dim("Unanswered.") << '\n';
      continue;
    }
    // The same limit as every other way in: such an answer is pasted by mistake.
    if (std::string why = answer_size_problem(entries[i].answer.size()); !why.empty()) {
      a.outcome = Outcome::skipped;
      ++result.too_long;
      std::cout << ctx.out.dim(fmt::format("Not graded: {}.", why)) << '\n';
      continue;
    }
    grade_answer(a, entries[i].answer, grade, io, config);
  }
  finish_session(result, io, config);
  if (result.too_long > 0) {
    ctx.options.filter.role = cli_role;
    if (recorder.status() != ExitStatus::ok) return recorder.status();
    throw Error(ExitStatus::data, fmt::format("{}: {} answer{} not graded: longer than {} KB", path, result.too_long,
                                              result.too_long == 1 ? " was" : "s were", k_max_answer_bytes / 1024));
  }
  ctx.options.filter.role = cli_role;
  return recorder.status();
}

ExitStatus run_grade(Context &ctx, const GradeArgs &args) {
  if (!args.worksheet.empty()) return grade_worksheet(ctx, args.worksheet);
  const Bank &bank = load_banks(ctx.options);
  Scorer scorer(&bank, &load_lexicon());
  const std::string &format = ctx.options.format;

  if (!args.input.empty()) {
    if (format != "jsonl" && format != "text")
      throw Error(ExitStatus::usage, "--input grades in batch and writes JSON Lines; use --format jsonl");
    // A FIFO may feed a batch; Ctrl-C or SIGTERM then ends the wait with 130.
    StopSignals signals;
    auto file = args.input == "-" ? std::make_unique<InputFile>(STDIN_FILENO, "standard input", &StopSignals::requested)
                                  : std::make_unique<InputFile>(args.input, Accept::streams, &StopSignals::requested);
    std::istream in(file.get());
    ExitStatus status = grade_batch(in, std::cout, bank, scorer);
    if (StopSignals::requested()) return ExitStatus::interrupted;
    if (in.bad()) throw Error(ExitStatus::io, fmt::format("{}: cannot read: read error", file->name()));
    return status;
  }
  if (args.id.empty())
    throw Error(ExitStatus::usage, "say what to grade: --id ID (one answer), --input FILE (JSON Lines), or "
                                   "--worksheet FILE (a filled-in worksheet)");
  const Question *q = bank.find(args.id);
  if (!q)
    throw Error(ExitStatus::usage,
                fmt::format("no question with id '{}'{}", args.id, did_you_mean_suffix(args.id, bank.ids())));
  if (args.answer_file == "-" && isatty(STDIN_FILENO) == 1)
    std::cerr << "Type your answer, then press Ctrl-D on an empty line.\n";
  StopSignals signals;
  std::string answer = read_answer(args.answer_file);
  const std::string source = args.answer_file == "-" ? "standard input" : args.answer_file;
  if (answer.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ExitStatus::data, fmt::format("{}: the answer is empty; nothing to grade", source));
  if (std::string why = answer_size_problem(answer.size()); !why.empty())
    throw Error(ExitStatus::data, fmt::format("{}: {}; is it the right file?", source, why));
  Feedback fb = scorer.grade(*q, answer, args.elapsed);
  if (format == "json" || format == "jsonl") {
    nlohmann::json out = to_json(fb);
    out["id"] = q->id;
    std::cout << out.dump(format == "json" ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    std::cout << render_feedback(*q, fb, ctx.out, text_width(STDOUT_FILENO));
  }
  return ExitStatus::ok;
}

} // namespace

void add_grade_command(CLI::App &app, Context &ctx) {
  auto args = std::make_shared<GradeArgs>();
  auto *grade = app.add_subcommand("grade", "Score answers without a session: one (--id), a batch of JSON "
                                            "Lines (--input), or a worksheet (--worksheet)");
  grade->add_option("--id", args->id, "The bank question the answer is for")->type_name("ID");
  grade->add_option("--answer-file", args->answer_file, "Read the answer from FILE (- for stdin, the default)")
      ->type_name("FILE");
  grade->add_option("--input", args->input, "Grade JSON Lines from FILE (- for stdin): one {\"answer\", \"id\" or "
                                            "\"question\", \"key\"} per line")
      ->type_name("FILE");
  grade->add_option("--elapsed", args->elapsed_value, "Seconds the answer took, for the time-limit check")
      ->check(CLI::NonNegativeNumber)
      ->each([args](const std::string &) { args->elapsed = args->elapsed_value; });
  grade->add_option("-f,--format", ctx.options.format, "text, json, or jsonl (with --input)")
      ->check(CLI::IsMember({"text", "json", "jsonl"}));
  grade->add_option("-w,--worksheet", args->worksheet, "Grade a filled-in worksheet from 'drill plan --format "
                                                       "markdown'")
      ->type_name("FILE.md")
      ->excludes(grade->get_option("--id"))
      ->excludes(grade->get_option("--input"));
  grade->get_option("--input")->excludes(grade->get_option("--id"));
  // A worksheet is graded as a session is: these two apply to it too.
  grade->add_option("--reveal", ctx.options.session.reveal, "With --worksheet, show the model answer: always, never, "
                                                            "or missed (score below 70)")
      ->check(CLI::IsMember({"always", "never", "missed"}));
  grade->add_option("--log", ctx.options.session.log, "With --worksheet, append a JSON line per graded answer to "
                                                      "FILE")
      ->type_name("FILE");
  grade->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_grade(c, *args); }; });
}

} // namespace drill
