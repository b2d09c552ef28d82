// drill export / drill import: the practice history as typed JSON lines
// (docs/answer-record.md) or CSV, and back. Import skips what is already
// present, so exporting and importing round-trips without duplicates.
#include "cli/context.hpp"
#include "history/history.hpp"
#include "history/record_line.hpp"
#include "session/transcript.hpp"
#include "util/csv.hpp"
#include "util/error.hpp"
#include "util/input_file.hpp"
#include "util/json_locate.hpp"
#include "util/suggest.hpp"
#include "util/visible.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

namespace drill {

namespace {

struct ImportArgs {
  std::string file;
};

struct ExportArgs {
  Format format = Format::jsonl;
};

std::string number(double value) { return fmt::format("{}", value); }

void print_line(const nlohmann::json &j) { std::cout << dump_line(j) << '\n'; }

// The whole history as typed lines: sessions first, so that an import
// creates them with their own start, then the answers, then what refers to
// answers (rescores, corrections), then the phrasings. Each table in a
// fixed order, so that the same history always exports the same bytes.
void export_jsonl(History &history) {
  history.for_each_session([](const SessionRecord &s) { print_line(to_json(s, nullptr)); });
  history.for_each_answer([](const AnswerRecord &a) { print_line(to_json(a)); });
  history.for_each_rescore([](const RescoreLine &r) { print_line(to_json(r)); });
  history.for_each_correction([](const CorrectionLine &c) { print_line(to_json(c)); });
  history.for_each_phrasing([](const PhrasingLine &p) { print_line(to_json(p)); });
}

// The answers only, one row each, every cell safe to open in a spreadsheet.
void export_csv(History *history) {
  std::cout << csv_row({"session_id", "mode", "question_id", "question_hash", "role", "category", "difficulty",
                        "topics", "answered_at", "answered_at_ms", "elapsed_s", "time_limit_s", "score", "concepts_hit",
                        "concepts_missed", "breakdown", "answer"});
  if (history == nullptr) return;
  history->for_each_answer([](const AnswerRecord &a) {
    std::vector<std::string> cells{a.session_id,
                                   a.mode,
                                   a.question_id,
                                   a.question_hash,
                                   a.role,
                                   a.category,
                                   a.difficulty,
                                   join(a.topics, ";"),
                                   iso8601_utc(a.answered_at_ms),
                                   std::to_string(a.answered_at_ms),
                                   a.elapsed_s ? number(*a.elapsed_s) : "",
                                   std::to_string(a.time_limit_s),
                                   number(a.score),
                                   join(breakdown_concepts(a.breakdown, "hit"), ";"),
                                   join(breakdown_concepts(a.breakdown, "missed"), ";"),
                                   dump_line(a.breakdown),
                                   a.answer};
    for (auto &cell : cells)
      cell = spreadsheet_cell(cell);
    std::cout << csv_row(cells);
  });
}

ExitStatus run_export(Context &ctx, const ExportArgs &args) {
  auto history = History::open_existing(history_file(ctx.options, "drill export"));
  if (args.format == Format::csv)
    export_csv(history ? &*history : nullptr);
  else if (history)
    export_jsonl(*history);
  return ExitStatus::ok;
}

// The next line that is not blank, without its line end; `line_number`
// counts every line read.
bool next_line(std::istream &in, std::string &line, std::size_t &line_number) {
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) return true;
  }
  return false;
}

// The record on one line, or nothing with what is wrong with it on stderr
// as FILE:LINE: field: problem, one report per broken rule.
std::optional<RecordLine> read_line(const std::string &line, const std::string &name, std::size_t line_number) {
  auto report = [&](std::string_view what) { std::cerr << fmt::format("{}:{}: {}\n", name, line_number, what); };
  if (excess_nesting(line) != std::string::npos) {
    report(fmt::format("nested deeper than {} levels", k_max_json_depth));
    return std::nullopt;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception &e) { // syntax, or a number too large (1e400)
    report(fmt::format("not valid JSON ({})", e.what()));
    return std::nullopt;
  }
  std::vector<FieldProblem> problems;
  auto record = parse_record_line(j, problems);
  for (const auto &p : problems)
    report(fmt::format("{}: {}", visible(p.field), visible(p.problem)));
  return record;
}

// What an import did, by kind of line.
struct ImportCounts {
  std::size_t answers = 0, answers_added = 0;
  std::size_t others = 0, others_added = 0;
  std::size_t bad = 0;
};

// One pass: answers stream into the history in batches (History::
// record_many), and the few other lines wait until every answer is in, since
// corrections and rescores name their answer. A bad line is reported and
// skipped; the good ones still land.
ImportCounts import_lines(std::istream &in, const std::string &name, History &history) {
  ImportCounts counts;
  std::vector<RecordLine> later;
  std::string line;
  std::size_t line_number = 0;
  counts.answers_added = history.record_many([&]() -> std::optional<AnswerRecord> {
    while (next_line(in, line, line_number)) {
      auto record = read_line(line, name, line_number);
      if (!record) {
        ++counts.bad;
        continue;
      }
      if (auto *a = std::get_if<AnswerRecord>(&*record)) {
        ++counts.answers;
        return std::move(*a);
      }
      later.push_back(std::move(*record));
    }
    return std::nullopt;
  });
  if (in.bad()) throw Error(ExitStatus::io, fmt::format("{}: cannot read: read error", name));
  for (const auto &record : later) {
    ++counts.others;
    const bool added = std::visit(
        [&history](const auto &l) {
          if constexpr (std::is_same_v<std::decay_t<decltype(l)>, AnswerRecord>)
            return false; // answers went in above
          else
            return history.restore(l);
        },
        record);
    if (added) ++counts.others_added;
  }
  return counts;
}

ExitStatus run_import(Context &ctx, const ImportArgs &args) {
  std::unique_ptr<std::istream> in;
  std::string name = args.file;
  if (args.file == "-") {
    name = "<stdin>";
    in = std::make_unique<std::istringstream>(
        InputFile(STDIN_FILENO, name).read_all(k_max_import_stdin_bytes, "imports from standard input"));
  } else {
    std::error_code ec;
    if (!std::filesystem::exists(args.file, ec))
      throw Error(ExitStatus::no_input, fmt::format("{}: no such file", args.file));
    if (std::filesystem::is_directory(args.file, ec))
      throw Error(ExitStatus::no_input, fmt::format("{}: is a directory; give a .jsonl file", args.file));
    // Checked without opening it the blocking way, which a FIFO would never answer.
    InputFile check(args.file, Accept::regular_only);
    auto file = std::make_unique<std::ifstream>(args.file, std::ios::binary);
    if (!*file) throw Error(ExitStatus::no_input, fmt::format("{}: cannot open it for reading", args.file));
    in = std::move(file);
  }
  History history(history_file(ctx.options, "drill import"));
  ImportCounts c = import_lines(*in, name, history);
  std::cout << fmt::format("Imported {} answer{}, skipped {} already in the history.\n", c.answers_added,
                           c.answers_added == 1 ? "" : "s", c.answers - c.answers_added);
  if (c.others > 0)
    std::cout << fmt::format("Restored {} session, correction, rescore and phrasing line{}, skipped {} already "
                             "there.\n",
                             c.others_added, c.others_added == 1 ? "" : "s", c.others - c.others_added);
  if (c.bad > 0)
    throw Error(ExitStatus::data, fmt::format("{}: {} bad line{} skipped (named above); the rest was imported", name,
                                              c.bad, c.bad == 1 ? "" : "s"));
  return ExitStatus::ok;
}

} // namespace

void add_export_command(CLI::App &app, Context &ctx) {
  auto export_args = std::make_shared<ExportArgs>();
  auto *exp = app.add_subcommand("export", "Write every recorded answer to stdout as JSON lines or CSV");
  add_format_option(*exp, export_args->format, {Format::jsonl, Format::csv},
                    "jsonl (the default; 'drill import' reads it back) or csv");
  exp->callback(
      [&ctx, export_args] { ctx.action = [export_args](Context &c) { return run_export(c, *export_args); }; });

  auto args = std::make_shared<ImportArgs>();
  auto *imp = app.add_subcommand("import", "Add the records in an export, a --log file or "
                                           "unsaved-answers.jsonl to the history, skipping those already there");
  imp->add_option("file", args->file,
                  "A file written by 'drill export' or --log, or unsaved-answers.jsonl; - for stdin")
      ->required()
      ->type_name("FILE.jsonl");
  imp->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_import(c, *args); }; });
}

} // namespace drill
