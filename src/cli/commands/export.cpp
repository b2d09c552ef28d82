// drill export / drill import: the practice history as JSON lines or CSV,
// and back. Import skips answers already present (same session, question
// and time), so exporting and importing round-trips without duplicates.
#include "cli/context.hpp"
#include "history/history.hpp"
#include "util/csv.hpp"
#include "util/error.hpp"
#include "util/input_file.hpp"
#include "util/json_locate.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <iostream>
#include <iterator>
#include <memory>

namespace drill {

namespace {

struct ImportArgs {
  std::string file;
};

struct ExportArgs {
  std::string format = "jsonl";
};

std::string iso_utc(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

std::string number(double value) { return fmt::format("{}", value); }

ExitStatus run_export(Context &ctx, const ExportArgs &args) {
  bool csv = args.format == "csv";
  if (csv)
    std::cout << csv_row({"session_id", "mode", "question_id", "question_hash", "role", "category", "difficulty",
                          "topics", "answered_at", "answered_at_ms", "elapsed_s", "time_limit_s", "score",
                          "concepts_hit", "concepts_missed", "breakdown", "answer"});
  auto history = History::open_existing(history_file(ctx.options, "drill export"));
  if (!history) return ExitStatus::ok;
  history->for_each_answer([csv](const AnswerRecord &a) {
    if (!csv) {
      std::cout << dump_line(to_json(a)) << '\n';
      return;
    }
    std::cout << csv_row({a.session_id, a.mode, a.question_id, a.question_hash, a.role, a.category, a.difficulty,
                          join(a.topics, ";"), iso_utc(a.answered_at_ms), std::to_string(a.answered_at_ms),
                          a.elapsed_s ? number(*a.elapsed_s) : "", std::to_string(a.time_limit_s), number(a.score),
                          join(breakdown_concepts(a.breakdown, "hit"), ";"),
                          join(breakdown_concepts(a.breakdown, "missed"), ";"), dump_line(a.breakdown), a.answer});
  });
  return ExitStatus::ok;
}

// The next line that is not blank, without its line end; `line_number`
// counts every line read.
bool next_answer_line(std::istream &in, std::string &line, std::size_t *line_number = nullptr) {
  while (std::getline(in, line)) {
    if (line_number != nullptr) ++*line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) return true;
  }
  return false;
}

// Calls `f` with each answer in the JSON-lines stream `in`, skipping blank
// lines. Throws Error(data) naming the line for the first bad one.
void for_each_line(std::istream &in, const std::string &name, const std::function<void(AnswerRecord &&)> &f) {
  std::string line;
  std::size_t line_number = 0;
  while (next_answer_line(in, line, &line_number)) {
    if (excess_nesting(line) != std::string::npos)
      throw Error(ExitStatus::data, fmt::format("{}:{}: nested deeper than {} levels; each line must be one answer "
                                                "as 'drill export' writes it",
                                                name, line_number, k_max_json_depth));
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception &e) { // syntax, or a number too large (1e400)
      throw Error(ExitStatus::data, fmt::format("{}:{}: not valid JSON ({}); each line must be one answer as "
                                                "'drill export' writes it",
                                                name, line_number, e.what()));
    }
    try {
      f(answer_from_json(j));
    } catch (const Error &e) {
      if (e.status() != ExitStatus::data) throw;
      throw Error(ExitStatus::data, fmt::format("{}:{}: {}", name, line_number, e.what()));
    }
  }
  if (in.bad()) throw Error(ExitStatus::io, fmt::format("{}: cannot read: read error", name));
}

// Two passes: every line is checked before anything is written, so a bad
// file imports nothing and can be fixed and imported again; the second pass
// streams, so a large export never sits in memory whole.
ExitStatus run_import(Context &ctx, const ImportArgs &args) {
  std::unique_ptr<std::istream> in;
  std::string name = args.file;
  if (args.file == "-") {
    name = "<stdin>";
    // Held whole for the two passes, so bounded.
    in = std::make_unique<std::istringstream>(
        InputFile(STDIN_FILENO, name).read_all(k_max_import_stdin_bytes, "imports from standard input"));
  } else {
    std::error_code ec;
    if (!std::filesystem::exists(args.file, ec))
      throw Error(ExitStatus::no_input, fmt::format("{}: no such file", args.file));
    if (std::filesystem::is_directory(args.file, ec))
      throw Error(ExitStatus::no_input, fmt::format("{}: is a directory; give a .jsonl file", args.file));
    // Read twice, so it must be a regular file; checked without opening it
    // the blocking way, which a FIFO would never answer.
    InputFile check(args.file, Accept::regular_only);
    auto file = std::make_unique<std::ifstream>(args.file, std::ios::binary);
    if (!*file) throw Error(ExitStatus::no_input, fmt::format("{}: cannot open it for reading", args.file));
    in = std::move(file);
  }
  std::size_t total = 0;
  for_each_line(*in, name, [&total](AnswerRecord &&) { ++total; });
  in->clear();
  in->seekg(0);

  History history(history_file(ctx.options, "drill import"));
  std::size_t added = history.record_many([&in]() -> std::optional<AnswerRecord> {
    std::string line;
    if (!next_answer_line(*in, line)) return std::nullopt;
    return answer_from_json(nlohmann::json::parse(line));
  });
  std::size_t skipped = total - added;
  std::cout << fmt::format("Imported {} answer{}, skipped {} already in the history.\n", added,
                           added == 1 ? "" : "s", skipped);
  return ExitStatus::ok;
}

} // namespace

void add_export_command(CLI::App &app, Context &ctx) {
  auto export_args = std::make_shared<ExportArgs>();
  auto *exp = app.add_subcommand("export", "Write every recorded answer to stdout as JSON lines or CSV");
  exp->add_option("-f,--format", export_args->format, "jsonl (the default; 'drill import' reads it back) or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  exp->callback([&ctx, export_args] {
    ctx.action = [export_args](Context &c) { return run_export(c, *export_args); };
  });

  auto args = std::make_shared<ImportArgs>();
  auto *imp = app.add_subcommand("import", "Add the answers in a JSON-lines export to the history, skipping "
                                           "those already there");
  imp->add_option("file", args->file, "A file written by 'drill export' (or unsaved-answers.jsonl); - for stdin")
      ->required()
      ->type_name("FILE.jsonl");
  imp->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_import(c, *args); }; });
}

} // namespace drill
