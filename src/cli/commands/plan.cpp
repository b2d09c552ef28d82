// drill plan: print a practice set without asking anything.
#include "bank/worksheet.hpp"
#include "cli/context.hpp"
#include "util/error.hpp"
#include "util/suggest.hpp"
#include "util/visible.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace drill {

namespace {

std::string minutes(int seconds) {
  if (seconds % 60 == 0) return fmt::format("{} min", seconds / 60);
  if (seconds < 60) return fmt::format("{} s", seconds);
  return fmt::format("{} min {} s", seconds / 60, seconds % 60);
}

std::string render_text(const std::vector<const Question *> &questions, const Context &ctx) {
  const Style &s = ctx.out;
  std::size_t width = text_width(STDOUT_FILENO);
  std::string out = s.bold(fmt::format("Practice set for {}: {} question{} (seed {})", ctx.options.filter.role,
                                       questions.size(), questions.size() == 1 ? "" : "s", ctx.options.seed)) +
                    "\n";
  std::size_t n = 0;
  for (const auto *q : questions) {
    ++n;
    std::string meta =
        fmt::format("{} · {} · {}", to_string(q->category), to_string(q->difficulty), minutes(q->time_limit_s));
    if (!q->topics.empty()) meta += " · " + join(q->topics);
    out += fmt::format("\n{} {}  {}\n", s.bold(fmt::format("{:>2}.", n)), s.cyan(q->id), s.dim(meta));
    out += wrap_text(visible(q->prompt, Newlines::keep), width, "    ");
  }
  return out;
}

ExitStatus run_plan(Context &ctx) {
  const Format format = ctx.options.format;
  // Only the JSON plan shows whole questions; text and Markdown show neither
  // phrasings nor misconceptions, so they skip reading them.
  const Bank &bank = load_banks(ctx.options, format == Format::json ? BankContents::all : BankContents::outline);
  auto questions = select_questions(bank, ctx);
  if (format == Format::json) {
    nlohmann::json doc = {{"seed", ctx.options.seed}, {"questions", nlohmann::json::array()}};
    if (!ctx.options.filter.role.empty()) doc["role"] = ctx.options.filter.role;
    for (const auto *q : questions)
      doc["questions"].push_back(to_json(*q));
    std::cout << doc.dump(2) << '\n';
  } else if (format == Format::markdown) {
    // --follow-ups N: each question's own follow-ups, up to N, after its answer.
    const int follow_ups = std::max(0, ctx.options.session.follow_ups);
    std::cout << render_worksheet(questions, ctx.options.filter.role, ctx.options.seed,
                                  static_cast<std::size_t>(follow_ups));
  } else {
    std::cout << render_text(questions, ctx);
  }
  return ExitStatus::ok;
}

} // namespace

void add_plan_command(CLI::App &app, Context &ctx) {
  auto *plan = app.add_subcommand("plan", "Print a practice set without asking anything (text, a Markdown "
                                          "worksheet, or JSON)");
  add_selection_options(*plan, ctx.options);
  add_format_option(*plan, ctx.options.format, {Format::text, Format::markdown, Format::json},
                    "text, markdown (a worksheet to fill in) or json");
  plan->add_flag("--due", ctx.options.due_first,
                 "Questions due for review first, then the weakest topics, "
                 "then new ones (from the practice history)");
  add_job_option(*plan, ctx.options);
  plan->callback([&ctx] { ctx.action = run_plan; });
}

} // namespace drill
