// drill due: which questions the spaced-repetition schedule wants back now.
// Exits 0 when some are due and 1 when none are, like grep, so that a cron
// job can run `drill due -q && notify-send ...`.
#include "cli/context.hpp"
#include "history/fsrs.hpp"
#include "history/history.hpp"
#include "util/error.hpp"
#include "util/visible.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <memory>

namespace drill {

namespace {

struct DueArgs {
  bool quiet = false;
};

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Whole days, rounded to the nearest.
std::string days(std::int64_t ms) {
  std::int64_t d = (ms + k_day_ms / 2) / k_day_ms;
  if (d == 0) return "today";
  return fmt::format("{} day{}", d, d == 1 ? "" : "s");
}

ExitStatus run_due(Context &ctx, const DueArgs &args) {
  const std::string &role = ctx.options.filter.role;
  std::int64_t now = now_ms();
  auto history = History::open_existing(history_file(ctx.options, "drill due"));
  std::vector<DueQuestion> due;
  std::optional<std::pair<std::string, std::int64_t>> next;
  if (history) {
    if (!args.quiet) warn_unknown_history_role(*history, role, ctx);
    due = history->due(role, now);
    if (due.empty())
      for (const auto &[id, m] : history->memories(role))
        if (!next || m.due_ms < next->second) next = {id, m.due_ms};
  }
  if (args.quiet) return due.empty() ? ExitStatus::failure : ExitStatus::ok;

  if (ctx.options.format == Format::json) {
    nlohmann::json doc = {{"now_ms", now}, {"count", due.size()}, {"due", nlohmann::json::array()}};
    if (!role.empty()) doc["role"] = role; // omitted, not "", when every role counts
    for (const auto &d : due)
      doc["due"].push_back({{"question_id", d.question_id},
                            {"due_ms", d.memory.due_ms},
                            {"overdue_days", (now - clamp_time_ms(d.memory.due_ms)) / k_day_ms},
                            {"last_review_ms", d.memory.last_review_ms},
                            {"last_score", d.last_score},
                            {"reviews", d.memory.reps},
                            {"stability_days", d.memory.stability}});
    doc["next"] = next ? nlohmann::json{{"question_id", next->first}, {"due_ms", next->second}} : nlohmann::json();
    std::cout << doc.dump(2) << '\n';
  } else if (due.empty()) {
    std::string who = role.empty() ? "" : " for " + role;
    if (next)
      std::cout << fmt::format("Nothing due{}. Next: {} in {}.\n", who, next->first, days(next->second - now));
    else if (!history)
      std::cout << "Nothing due: no practice history yet.\n";
    else
      std::cout << fmt::format("Nothing due{}.\n", who);
  } else {
    const Style &s = ctx.out;
    std::cout << s.bold(fmt::format("{} question{} due{}", due.size(), due.size() == 1 ? "" : "s",
                                    role.empty() ? "" : " for " + role))
              << '\n';
    std::size_t width = 0;
    for (const auto &d : due)
      width = std::max(width, visible(d.question_id).size());
    for (const auto &d : due) {
      std::int64_t late = now - clamp_time_ms(d.memory.due_ms);
      std::string when = late < k_day_ms ? "due today" : "overdue " + days(late);
      std::cout << fmt::format("  {}  {:<18} last score {:.0f}\n",
                               s.cyan(fmt::format("{:<{}}", visible(d.question_id), width)), when, d.last_score);
    }
  }
  return due.empty() ? ExitStatus::failure : ExitStatus::ok;
}

} // namespace

void add_due_command(CLI::App &app, Context &ctx) {
  auto args = std::make_shared<DueArgs>();
  auto *due = app.add_subcommand("due", "List the questions the spaced-repetition schedule wants back now "
                                        "(exit 0 if some are due, 1 if none)");
  add_role_option(*due, ctx.options.filter.role, "Only questions practised for this role");
  add_format_option(*due, ctx.options.format, {Format::text, Format::json}, "text or json");
  due->add_flag("-q,--quiet", args->quiet, "Print nothing; only set the exit status");
  due->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_due(c, *args); }; });
}

} // namespace drill
