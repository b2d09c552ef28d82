// drill grade: score answers without a session, one at a time or in batch.
#include "drill/batch.hpp"
#include "drill/context.hpp"
#include "drill/error.hpp"
#include "drill/render.hpp"
#include "drill/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace drill {

namespace {

struct GradeArgs {
  std::string id;
  std::string answer_file = "-";
  std::string input;
  std::optional<double> elapsed;
  double elapsed_value = 0;
};

std::string read_all(const std::string &path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return std::move(buffer).str();
  }
  return read_file(path);
}

ExitStatus run_grade(Context &ctx, const GradeArgs &args) {
  Bank bank = load_banks(ctx.options);
  Scorer scorer(&bank);
  const std::string &format = ctx.options.format;

  if (!args.input.empty()) {
    if (format != "jsonl" && format != "text")
      throw Error(ExitStatus::usage, "--input grades in batch and writes JSON Lines; use --format jsonl");
    if (args.input == "-") return grade_batch(std::cin, std::cout, bank, scorer);
    std::ifstream in(args.input, std::ios::binary);
    if (!in) read_file(args.input); // throws the precise no-input error
    return grade_batch(in, std::cout, bank, scorer);
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
  std::string answer = read_all(args.answer_file);
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
  auto *grade = app.add_subcommand("grade", "Score answers without a session: one (--id), or a batch of JSON "
                                            "Lines (--input)");
  grade->add_option("--id", args->id, "The bank question the answer is for");
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
  grade->get_option("--input")->excludes(grade->get_option("--id"));
  grade->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_grade(c, *args); }; });
}

} // namespace drill
