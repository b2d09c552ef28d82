// drill interview: one mock interview against a time budget, ending with a
// scorecard (docs/session.md, "A mock interview").
#include "session/interview.hpp"
#include "cli/context.hpp"
#include "session/report.hpp"
#include "session/scorecard.hpp"
#include "terminal/signals.hpp"
#include "util/error.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>

namespace drill {

namespace {

namespace fs = std::filesystem;

struct InterviewOptions {
  int minutes = 45;
  std::string report; ///< Markdown report file, "-" for stdout, or ""
};

InterviewOptions g_interview;

// The report is checked before the interview, so that an hour of answers
// does not end in "cannot write": the directory must exist and be writable.
void check_report_path(const std::string &path) {
  if (path.empty() || path == "-") return;
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(ExitStatus::io, fmt::format("--report {}: no directory {}", path, dir.string()));
  if (::access(dir.c_str(), W_OK) != 0)
    throw Error(ExitStatus::io,
                fmt::format("--report {}: cannot write in {}: {}", path, dir.string(), std::strerror(errno)));
}

// Written whole or not at all (a temporary file, then a rename), 0600: it
// holds the answers.
void write_report(const std::string &path, const std::string &text) {
  if (path == "-") {
    std::cout << text;
    return;
  }
  const std::string temp = path + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  bool ok = fd >= 0;
  for (std::size_t done = 0; ok && done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  if (fd >= 0) ::close(fd);
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    const int why = ok ? errno : saved;
    ::unlink(temp.c_str());
    throw Error(ExitStatus::io, fmt::format("--report {}: {}; the answers are in the history (drill history show)",
                                            path, std::strerror(why)));
  }
}

std::string describe(const InterviewPlan &plan) {
  std::map<Stage, int> counts;
  for (const auto &item : plan.items)
    ++counts[item.stage];
  std::vector<std::string> parts;
  for (auto stage : {Stage::opener, Stage::technical, Stage::design, Stage::behavioral, Stage::closing}) {
    if (!counts[stage]) continue;
    if (stage == Stage::opener || stage == Stage::closing)
      parts.push_back(fmt::format("the {}", to_string(stage)));
    else
      parts.push_back(fmt::format("{} {}", counts[stage], to_string(stage)));
  }
  return join(parts);
}

ExitStatus run_interview(Context &ctx) {
  StopSignals signals;
  Options &o = ctx.options;
  if (o.job == "-" && o.session.answers.empty())
    throw Error(ExitStatus::usage, "--job -: an interview reads its answers from standard input, so the posting "
                                   "must come from a file; save it first, or give the answers with --answers FILE");
  const Bank &bank = load_banks(o);
  const std::optional<Posting> posting = job_posting(bank, ctx);
  check_filter(bank, o.filter);
  check_report_path(g_interview.report);
  if (!o.seed_given) o.seed = random_seed();

  SessionConfig config = session_config(ctx);
  config.record_mode = "interview";
  // The plan counts the follow-ups the run will ask (see run_questions).
  const bool at_terminal = o.session.answers.empty() && ::isatty(STDIN_FILENO) == 1;
  const int follow_ups = o.session.follow_ups >= 0 ? o.session.follow_ups : (at_terminal ? 1 : 0);
  // A posting puts the questions on its skills first, the most named first.
  std::vector<const Question *> preferred;
  if (posting) {
    const PostingAnalysis analysis = analyse_job(*posting, bank, ctx);
    Filter role_only{o.filter.role, {}, o.filter.difficulties, {}};
    std::vector<const Question *> pool = matching(bank, role_only);
    std::vector<std::uint64_t> weights = posting_weights(pool, analysis);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < pool.size(); ++i)
      if (weights[i] > 0) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return weights[x] > weights[y]; });
    for (auto i : order)
      preferred.push_back(pool[i]);
  }
  InterviewPlan plan = plan_interview(bank, o.filter, g_interview.minutes, follow_ups, o.seed, preferred);
  if (plan.items.empty()) throw Error(ExitStatus::usage, describe_no_match(bank, o.filter));

  std::vector<const Question *> questions;
  std::vector<Stage> stages;
  for (const auto &item : plan.items) {
    questions.push_back(item.question);
    stages.push_back(item.stage);
    config.time_limits.push_back(item.time_limit_s);
    // At the closing question the candidate asks: no follow-up there.
    config.follow_ups_each.push_back(item.stage == Stage::closing ? 0 : follow_ups);
  }
  config.budget_s = plan.budget_s;
  config.keep_last = stages.back() == Stage::closing ? 1 : 0;

  std::string intro = wrap_text(fmt::format("Mock interview{}: {}, about {} of {} minutes (seed {}).",
                                            o.filter.role.empty() ? "" : " for " + o.filter.role, describe(plan),
                                            (plan.planned_s + 59) / 60, g_interview.minutes, o.seed),
                                text_width(STDOUT_FILENO));
  for (const auto &note : plan.notes)
    intro += ctx.out.dim(wrap_text("Note: " + note + ".", text_width(STDOUT_FILENO)));

  PracticeRun run = run_questions(ctx, bank, questions, config, ctx.out.bold(intro));
  const Scorecard card = score_interview(run.result.answers, stages, o.filter.role);
  std::cout << render_scorecard(card, ctx.out, text_width(STDOUT_FILENO));
  std::cout.flush();
  if (!g_interview.report.empty()) {
    std::chrono::duration<double> took = run.result.ended - run.result.started;
    ReportHeader header{o.filter.role, iso8601_utc(epoch_ms(run.result.started)).substr(0, 10), run.config.session_id,
                        g_interview.minutes, took.count() / 60.0};
    write_report(g_interview.report, render_report(header, card, run.result.answers, stages));
  }
  return run.status;
}

} // namespace

void add_interview_command(CLI::App &app, Context &ctx) {
  auto *cmd = app.add_subcommand("interview", "One mock interview against the clock: an opener, technical "
                                              "questions, a system design, stories and your questions, "
                                              "then a scorecard");
  add_selection_options(*cmd, ctx.options);
  add_job_option(*cmd, ctx.options);
  whole_number_in(
      cmd->add_option("--minutes", g_interview.minutes, "The interview's length (default 45)")->type_name("MINUTES"), 5,
      240);
  cmd->add_option("--report", g_interview.report,
                  "Also write the scorecard and the transcript to FILE as "
                  "Markdown ('-': standard output)")
      ->type_name("FILE");
  cmd->callback([&ctx] { ctx.action = run_interview; });
}

} // namespace drill
