// drill export / drill import: the practice history as JSON lines or CSV,
// and back. Import skips answers already present (same session, question
// and time), so exporting and importing round-trips without duplicates.
#include "drill/bank.hpp"
#include "drill/context.hpp"
#include "drill/csv.hpp"
#include "drill/error.hpp"
#include "drill/history.hpp"
#include "drill/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>
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

std::vector<std::string> concept_names(const nlohmann::json &breakdown, const char *which) {
  std::vector<std::string> out;
  if (breakdown.is_object() && breakdown.contains("concepts") && breakdown["concepts"].is_object() &&
      breakdown["concepts"].contains(which) && breakdown["concepts"][which].is_array())
    for (const auto &n : breakdown["concepts"][which])
      if (n.is_string()) out.push_back(n.get<std::string>());
  return out;
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
      std::cout << to_json(a).dump() << '\n';
      return;
    }
    std::cout << csv_row({a.session_id, a.mode, a.question_id, a.question_hash, a.role, a.category, a.difficulty,
                          join(a.topics, ";"), iso_utc(a.answered_at_ms), std::to_string(a.answered_at_ms),
                          a.elapsed_s ? number(*a.elapsed_s) : "", std::to_string(a.time_limit_s), number(a.score),
                          join(concept_names(a.breakdown, "hit"), ";"),
                          join(concept_names(a.breakdown, "missed"), ";"), a.breakdown.dump(), a.answer});
  });
  return ExitStatus::ok;
}

// Every line is checked before anything is written, so a bad file imports
// nothing and can be fixed and imported again.
std::vector<AnswerRecord> parse_lines(const std::string &text, const std::string &name) {
  std::vector<AnswerRecord> out;
  std::size_t start = 0;
  std::size_t line_number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error &e) {
      throw Error(ExitStatus::data, fmt::format("{}:{}: not valid JSON ({}); each line must be one answer as "
                                                "'drill export' writes it",
                                                name, line_number, e.what()));
    }
    try {
      out.push_back(answer_from_json(j));
    } catch (const Error &e) {
      throw Error(ExitStatus::data, fmt::format("{}:{}: {}", name, line_number, e.what()));
    }
  }
  return out;
}

ExitStatus run_import(Context &ctx, const ImportArgs &args) {
  std::string text;
  std::string name = args.file;
  if (args.file == "-") {
    name = "<stdin>";
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    text = read_file(args.file);
  }
  auto answers = parse_lines(text, name);
  History history(history_file(ctx.options, "drill import"));
  std::size_t added = history.record_many(answers);
  std::size_t skipped = answers.size() - added;
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
