// drill rescore: grade recorded answers again with the current bank and
// scorer, and show how the scores moved. Saves the new scores unless
// --dry-run; every score replaced is kept in the history's rescores table.
#include "history/rescore.hpp"
#include "cli/context.hpp"
#include "history/history.hpp"
#include "history/stats.hpp"
#include "util/error.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

namespace drill {

namespace {

constexpr std::size_t k_listed_questions = 10;

struct RescoreArgs {
  std::string since;
  std::vector<std::string> ids;
  bool dry_run = false;
  std::size_t top = 10;
};

std::optional<double> mean(double sum, std::int64_t n) {
  if (n == 0) return std::nullopt;
  return sum / static_cast<double>(n);
}

nlohmann::json optional_number(std::optional<double> v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json counts_json(const std::vector<QuestionAnswers> &list) {
  auto out = nlohmann::json::array();
  for (const auto &q : list)
    out.push_back({{"question_id", q.question_id}, {"answers", q.answers}});
  return out;
}

nlohmann::json to_json(const RescoreReport &r, const AnswerFilter &filter, bool dry_run) {
  auto moves = nlohmann::json::array();
  for (const auto &m : r.biggest)
    moves.push_back({{"answer_id", m.answer_id},
                     {"question_id", m.question_id},
                     {"session_id", m.session_id},
                     {"answered_at_ms", m.answered_at_ms},
                     {"before", m.before},
                     {"after", m.after},
                     {"change", m.after - m.before}});
  return {{"dry_run", dry_run},
          {"role", filter.role.empty() ? nlohmann::json() : nlohmann::json(filter.role)},
          {"since", filter.since.empty() ? nlohmann::json() : nlohmann::json(filter.since)},
          {"ids", filter.question_ids},
          {"rescored", r.rescored},
          {"mean_before", optional_number(mean(r.sum_before, r.rescored))},
          {"mean_after", optional_number(mean(r.sum_after, r.rescored))},
          {"up", r.up},
          {"down", r.down},
          {"unchanged", r.unchanged},
          {"written", r.written},
          {"biggest_changes", moves},
          {"edited_questions", counts_json(r.edited)},
          {"missing_questions", counts_json(r.missing)}};
}

std::string plural(std::int64_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::int64_t total(const std::vector<QuestionAnswers> &list) {
  std::int64_t n = 0;
  for (const auto &q : list)
    n += q.answers;
  return n;
}

std::string render_counts(const std::string &title, const std::vector<QuestionAnswers> &list, const Style &s) {
  if (list.empty()) return {};
  std::string out = "\n" +
                    s.bold(fmt::format("{}: {} for {}", title, plural(total(list), "answer"),
                                       plural(static_cast<std::int64_t>(list.size()), "question"))) +
                    "\n";
  std::size_t width = 0;
  for (std::size_t i = 0; i < list.size() && i < k_listed_questions; ++i)
    width = std::max(width, list[i].question_id.size());
  for (std::size_t i = 0; i < list.size() && i < k_listed_questions; ++i)
    out += fmt::format("  {:<{}}  {}\n", list[i].question_id, width, plural(list[i].answers, "answer"));
  if (list.size() > k_listed_questions)
    out += s.dim(fmt::format("  ... and {} more\n", list.size() - k_listed_questions));
  return out;
}

std::string render_text(const RescoreReport &r, bool dry_run, const Style &s) {
  std::string out;
  if (r.rescored == 0 && r.missing.empty()) return "No recorded answers match; nothing to rescore.\n";
  out += s.bold(fmt::format("Rescored {} with the current bank and scorer", plural(r.rescored, "answer"))) + "\n";
  if (auto before = mean(r.sum_before, r.rescored)) {
    double after = *mean(r.sum_after, r.rescored);
    out += fmt::format("  Mean score  {:.1f} -> {:.1f} ({:+.1f})\n", *before, after, after - *before);
  }
  out += fmt::format("  Went up     {}\n  Went down   {}\n  Unchanged   {}\n", r.up, r.down, r.unchanged);

  if (!r.biggest.empty()) {
    out += "\n" + s.bold("Biggest changes") + "\n";
    std::size_t width = 0;
    for (const auto &m : r.biggest)
      width = std::max(width, m.question_id.size());
    for (const auto &m : r.biggest) {
      std::string change = fmt::format("{:+4.0f}", m.after - m.before);
      out += fmt::format("  {}  {:<{}}  {:3.0f} -> {:3.0f}  answered {}, session {}\n",
                         m.after > m.before ? s.green(change) : s.red(change), m.question_id, width, m.before, m.after,
                         local_day(m.answered_at_ms), m.session_id.substr(0, 8));
    }
  }
  out +=
      render_counts("Answered to an earlier version of the question (rescored against the current one)", r.edited, s);
  out += render_counts("Not rescored, the question is no longer in the bank", r.missing, s);
  out += "\n";
  if (dry_run)
    out += s.dim("Dry run: nothing was saved. Run without --dry-run to save the new scores.") + "\n";
  else if (r.written > 0)
    out += fmt::format("Saved new scores for {}; each one's previous score is kept in the history.\n",
                       plural(r.written, "answer"));
  else
    out += "Every stored score is already current; nothing was changed.\n";
  return out;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// An --id must name a question in the bank or in the history.
void check_ids(History &history, const Bank &bank, const std::vector<std::string> &ids) {
  auto known = bank.ids();
  for (const auto &id : ids) {
    if (bank.find(id) != nullptr) continue;
    if (!history.answers_after({"", "", {id}}, 0, 1).empty()) continue;
    throw Error(ExitStatus::usage, fmt::format("--id '{}': no such question in the bank or the history{}", id,
                                               did_you_mean_suffix(id, known)));
  }
}

ExitStatus run_rescore(Context &ctx, const RescoreArgs &args) {
  if (!args.since.empty() && !is_iso_date(args.since))
    throw Error(ExitStatus::usage, fmt::format("--since '{}' is not a date; write it as YYYY-MM-DD", args.since));
  AnswerFilter filter{ctx.options.filter.role, args.since, args.ids};
  bool json = ctx.options.format == Format::json;
  auto history = History::open_existing(history_file(ctx.options, "drill rescore"));
  RescoreReport report;
  if (history) {
    if (!args.dry_run && history->read_only())
      throw Error(ExitStatus::io, fmt::format("{}: the history cannot be written; make it writable, or see what "
                                              "would change with --dry-run",
                                              history->file().string()));
    warn_unknown_history_role(*history, filter.role, ctx);
    const Bank &bank = load_banks(ctx.options);
    check_ids(*history, bank, args.ids);
    Scorer scorer(&bank, &load_lexicon());
    report = rescore(*history, bank, scorer, filter, args.dry_run ? RescoreWrite::dry_run : RescoreWrite::write,
                     args.top, now_ms());
  }
  if (json)
    std::cout << to_json(report, filter, args.dry_run).dump(2) << '\n';
  else
    std::cout << render_text(report, args.dry_run, ctx.out);
  return ExitStatus::ok;
}

} // namespace

void add_rescore_command(CLI::App &app, Context &ctx) {
  auto args = std::make_shared<RescoreArgs>();
  auto *cmd = app.add_subcommand("rescore", "Grade recorded answers again with the current bank and scorer, "
                                            "save the new scores and show how they moved");
  add_role_option(*cmd, ctx.options.filter.role, "Only answers practised for this role");
  cmd->add_option("--since", args->since, "Only answers from this local day on")->type_name("YYYY-MM-DD");
  cmd->add_option("--id", args->ids, "Only answers to this question (repeatable)")->type_name("ID");
  cmd->add_flag("--dry-run", args->dry_run, "Show how the scores would move, and save nothing");
  whole_number_in(cmd->add_option("--top", args->top, "List this many of the biggest changes, 0 to 1000 (default 10)"),
                  0, 1000);
  add_format_option(*cmd, ctx.options.format, {Format::text, Format::json}, "text or json");
  cmd->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_rescore(c, *args); }; });
}

} // namespace drill
