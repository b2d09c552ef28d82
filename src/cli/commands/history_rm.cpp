// drill history rm: remove whole sessions from the history, for a session
// recorded by mistake (someone else at the keyboard, a test run). Removing
// answers cannot be undone, so a terminal is asked first and a script must
// say --yes; without either, drill never waits for input that will not come.
#include "cli/commands/history_rm.hpp"

#include "cli/context.hpp"
#include "history/history.hpp"
#include "util/error.hpp"
#include "util/visible.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace drill {

namespace {

struct RmArgs {
  std::vector<std::string> sessions;
  bool yes = false;
};

ExitStatus run_rm(Context &ctx, const RmArgs &args) {
  const bool terminal = ::isatty(STDIN_FILENO) == 1;
  if (!args.yes && !terminal)
    throw Error(ExitStatus::usage, "drill history rm removes answers for good and asks first, but standard input "
                                   "is not a terminal; add --yes to remove without asking");
  auto history = History::open_existing(history_file(ctx.options, "drill history rm"));
  if (!history) throw Error(ExitStatus::usage, "no practice history yet: there is nothing to remove");
  std::vector<SessionRecord> found;
  for (const auto &prefix : args.sessions) {
    SessionRecord s = history->find_session(prefix);
    bool seen = false;
    for (const auto &f : found)
      seen = seen || f.id == s.id;
    if (!seen) found.push_back(std::move(s));
  }
  int answers = 0;
  std::vector<std::string> ids;
  for (const auto &s : found) {
    answers += s.answered;
    ids.push_back(s.id);
  }
  const std::string what = fmt::format("{} session{} ({} answer{})", found.size(), found.size() == 1 ? "" : "s",
                                       answers, answers == 1 ? "" : "s");
  if (!args.yes) {
    for (const auto &s : found)
      std::cerr << fmt::format("  {}  {} answered\n", visible(s.id), s.answered);
    std::cerr << fmt::format("Remove {} from the history for good? [y/N] ", what) << std::flush;
    std::string reply;
    if (!std::getline(std::cin, reply) || (reply != "y" && reply != "Y" && reply != "yes")) {
      std::cerr << "Nothing removed.\n";
      return ExitStatus::ok;
    }
  }
  if (history->read_only())
    throw Error(ExitStatus::io, fmt::format("{}: the history cannot be written", history->file().string()));
  const std::size_t removed = history->remove_sessions(ids);
  std::cout << fmt::format("Removed {} session{} and {} answer{}; the schedule and statistics follow.\n", found.size(),
                           found.size() == 1 ? "" : "s", removed, removed == 1 ? "" : "s");
  return ExitStatus::ok;
}

} // namespace

void add_history_rm_command(CLI::App *history, Context &ctx) {
  auto args = std::make_shared<RmArgs>();
  auto *rm = history->add_subcommand("rm", "Remove sessions with their answers, rescores and corrections; the "
                                           "schedule and statistics are worked out again");
  rm->add_option("session", args->sessions, "Session ids, or enough of each one's start to be unique")
      ->required()
      ->type_name("SESSION_ID");
  rm->add_flag("-y,--yes", args->yes, "Remove without asking (needed when standard input is not a terminal)");
  rm->fallthrough();
  rm->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_rm(c, *args); }; });
}

} // namespace drill
