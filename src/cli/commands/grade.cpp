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
#include "util/fnv.hpp"
#include "util/input_file.hpp"
#include "util/suggest.hpp"
#include "util/visible.hpp"

#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
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
  bool again = false;
};

// What makes two gradings of a worksheet "the same": the same questions in
// the same order with the same answers, each answer's whitespace runs
// collapsed to one space (re-wrapping a paragraph changes nothing). Its
// 64-bit FNV-1a digest is the session id, so grading the sheet again finds
// the session it recorded the first time.
void append_collapsed(std::string &text, std::string_view answer) {
  bool space = false;
  for (char c : answer) {
    const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (blank) {
      space = true;
      continue;
    }
    if (space) text += ' ';
    space = false;
    text += c;
  }
  text += '\n';
}

std::string worksheet_session_id(const std::vector<WorksheetEntry> &entries) {
  std::string text = "drill-worksheet\n";
  for (const auto &e : entries) {
    text += e.id;
    text += '\n';
    append_collapsed(text, e.answer);
    // Follow-up replies are part of the answer; a sheet without them keeps its old digest.
    for (const auto &f : e.follow_ups) {
      text += "follow-up\n";
      append_collapsed(text, f.asked);
      append_collapsed(text, f.answer);
    }
  }
  return fmt::format("{:016x}", fnv1a64(text));
}

// Refuses a sheet that names a question twice (only one answer could be
// kept for it) or holds an answer over the size limit, before anything is
// graded: a sheet is graded whole or not at all.
void check_worksheet(const std::vector<WorksheetEntry> &entries, const std::string &path) {
  std::map<std::string_view, std::size_t> first_line;
  for (const auto &e : entries) {
    auto [at, fresh] = first_line.emplace(e.id, e.line);
    if (!fresh)
      throw Error(ExitStatus::data, fmt::format("{}:{}: question '{}' is on the sheet twice (lines {} and {}); "
                                                "keep one of them",
                                                path, e.line, visible(e.id), at->second, e.line));
    std::size_t size = e.answer.size();
    for (const auto &f : e.follow_ups)
      size += f.answer.size();
    if (std::string why = answer_size_problem(size); !why.empty())
      throw Error(ExitStatus::data, fmt::format("{}:{}: the answer to '{}' is not graded: {}; nothing on the "
                                                "sheet was graded",
                                                path, e.line, visible(e.id), why));
  }
}

std::string local_minute(std::int64_t ms) {
  return fmt::format("{:%Y-%m-%d %H:%M}", fmt::localtime(static_cast<std::time_t>(ms / 1000)));
}

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

ExitStatus grade_worksheet(Context &ctx, const std::string &path, bool again) {
  std::string text = InputFile(path, Accept::regular_only).read_all(k_max_worksheet_bytes, "worksheets");
  auto entries = parse_worksheet(text, path);
  check_worksheet(entries, path);
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
  std::string heading =
      fmt::format("## {:%Y-%m-%d %H:%M} {}", fmt::localtime(std::chrono::system_clock::to_time_t(clock.wall())), path);
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
  config.session_id = again ? new_session_id() : worksheet_session_id(entries);
  config.mode = "worksheet";
  if (!again && !ctx.options.no_history) {
    auto history = History::open_existing(history_path(ctx.options.history));
    if (auto before = history ? history->session(config.session_id) : std::nullopt) {
      std::cout << fmt::format("{}: already graded on {} (session {}); nothing recorded. 'drill history show {}' "
                               "shows it; --again grades and records it once more.\n",
                               path, local_minute(before->started_at_ms), before->id, before->id);
      return ExitStatus::ok;
    }
  }
  config.role = ctx.options.filter.role.empty() ? worksheet_role(text) : ctx.options.filter.role;
  config.width = text_width(STDOUT_FILENO);
  std::unique_ptr<Transcript> log;
  if (!so.log.empty()) log = std::make_unique<Transcript>(so.log);

  NoReader reader;
  NoEditor editor;
  Recorder recorder(recorder_settings(ctx), log.get());
  SessionIo io{reader, editor, clock, std::cout, null_stream(), ctx.out, Style(false), &recorder, nullptr};
  Scorer scorer(&bank, &load_lexicon());
  const PersonalPhrasings phrasings = recorder.personal_phrasings();
  scorer.use_personal_phrasings(&phrasings);
  GradeFn grade = [&scorer](const Question &q, std::string_view answer, std::optional<double> elapsed,
                            const Corrections *corrections) { return scorer.grade(q, answer, elapsed, corrections); };

  result.started = clock.wall();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    QuestionOutcome &a = result.answers[i];
    std::cout << render_question(*a.question, entries[i].number, entries.size(), a.time_limit_s, ctx.out, config.width);
    if (entries[i].answer.empty()) {
      std::cout << ctx.out.dim("Unanswered.") << '\n';
      continue;
    }
    // A follow-up section of the sheet is one of the question's own follow-ups.
    for (const auto &f : entries[i].follow_ups)
      if (!f.answer.empty())
        a.follow_ups.push_back(
            FollowUpReply{FollowUp{FollowUpKind::question, f.asked, ""}, f.answer, std::nullopt, false});
    grade_answer(a, entries[i].answer, grade, io, config);
  }
  finish_session(result, io, config);
  return recorder.status();
}

ExitStatus run_grade(Context &ctx, const GradeArgs &args) {
  if (!args.worksheet.empty()) return grade_worksheet(ctx, args.worksheet, args.again);
  if (args.again) throw Error(ExitStatus::usage, "--again goes with --worksheet");
  const Bank &bank = load_banks(ctx.options);
  Scorer scorer(&bank, &load_lexicon());
  const Format format = ctx.options.format;

  if (!args.input.empty()) {
    if (format != Format::jsonl && format != Format::text)
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
  if (format == Format::json || format == Format::jsonl) {
    nlohmann::json out = to_json(fb);
    out["id"] = q->id;
    std::cout << out.dump(format == Format::json ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
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
  grade
      ->add_option("--input", args->input,
                   "Grade JSON Lines from FILE (- for stdin): one {\"answer\", \"id\" or "
                   "\"question\", \"key\"} per line")
      ->type_name("FILE");
  grade->add_option("--elapsed", args->elapsed_value, "Seconds the answer took, for the time-limit check")
      ->check(CLI::NonNegativeNumber)
      ->each([args](const std::string &) { args->elapsed = args->elapsed_value; });
  add_format_option(*grade, ctx.options.format, {Format::text, Format::json, Format::jsonl},
                    "text, json, or jsonl (with --input)");
  grade
      ->add_option("-w,--worksheet", args->worksheet,
                   "Grade a filled-in worksheet from 'drill plan --format "
                   "markdown'")
      ->type_name("FILE.md")
      ->excludes(grade->get_option("--id"))
      ->excludes(grade->get_option("--input"));
  grade->get_option("--input")->excludes(grade->get_option("--id"));
  grade->add_flag("--again", args->again,
                  "With --worksheet, grade and record a sheet that was graded before, with "
                  "the same answers");
  // A worksheet is graded as a session is: these two apply to it too.
  grade
      ->add_option("--reveal", ctx.options.session.reveal,
                   "With --worksheet, show the model answer: always, never, "
                   "or missed (score below 70)")
      ->check(CLI::IsMember({"always", "never", "missed"}));
  grade
      ->add_option("--log", ctx.options.session.log,
                   "With --worksheet, append a JSON line per graded answer to "
                   "FILE")
      ->type_name("FILE");
  grade->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_grade(c, *args); }; });
}

} // namespace drill
