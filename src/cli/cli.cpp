#include "cli/cli.hpp"

#include "cli/command_tree.hpp"
#include "cli/config.hpp"
#include "cli/context.hpp"
#include "history/sqlite.hpp"
#include "terminal/signals.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace drill {

namespace {

constexpr const char *k_footer = R"(Examples:
  drill --role backend --category technical
      practise five technical questions against the clock
  drill --role backend --category behavioral --difficulty advanced --count 3
  drill plan --role backend --format markdown > sheet.md
      write a worksheet to fill in at your own pace
  drill interview --role backend --minutes 45 --report interview.md
      a mock interview with follow-ups, then a scorecard
  drill bank list
      what the question banks hold
  drill bank validate my-bank.json
      check a bank file of your own
  drill help grade
      the options and examples of one command

Exit status: 0 ok, 64 usage error, 65 bad data, 66 missing input,
74 I/O error, 75 try again later, 78 bad config file, 130 interrupted.
Environment: DRILL_ROLE, DRILL_DATA_DIR, DRILL_CONFIG, DRILL_HISTORY, NO_COLOR, XDG_*.
See drill(1) for more.)";

// One table registers every subcommand.
struct CommandEntry {
  void (*add)(CLI::App &, Context &);
};
constexpr CommandEntry k_commands[] = {
    {add_plan_command},    {add_interview_command}, {add_bank_command},  {add_grade_command},
    {add_due_command},     {add_export_command},    {add_stats_command}, {add_history_command},
    {add_rescore_command}, {add_job_command},       {add_help_command},  {add_completion_command},
};

void print_error(const Style &style, std::string_view message) {
  std::size_t start = 0;
  while (start <= message.size()) {
    auto end = message.find('\n', start);
    if (end == std::string_view::npos) end = message.size();
    std::cerr << style.bold("drill: ") << style.red("error:") << ' ' << message.substr(start, end - start) << '\n';
    if (end == message.size()) break;
    start = end + 1;
  }
}

// The config file is named before CLI11 parses anything, so that the file's
// values can be laid down first and the command line can override them.
std::string config_path_from_args(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--config" && i + 1 < argc) return argv[i + 1];
    if (arg.substr(0, 9) == "--config=") return std::string(arg.substr(9));
  }
  return {};
}

// Whether standard output is a pipe or socket whose reader has gone. The
// write that failed may be long past, so errno alone cannot say.
bool stdout_reader_gone() {
  if (errno == EPIPE) return true;
  pollfd pfd{STDOUT_FILENO, POLLOUT, 0};
  return ::poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLERR) != 0;
}

// A reader that went away (drill plan | head -1) got all it wanted: as
// ripgrep does, drill ends quietly with 0, so that `set -o pipefail` scripts
// keep working. Everything it had to save was saved before the output.
ExitStatus finish_stdout() {
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return ExitStatus::ok;
  if (stdout_reader_gone()) return ExitStatus::ok;
  throw Error(ExitStatus::io, fmt::format("cannot write to standard output: {}", std::strerror(errno)));
}

} // namespace

void Context::warn(std::string_view message) const {
  std::cerr << err.bold("drill: ") << err.yellow("warning:") << ' ' << message << '\n';
}

int run(int argc, char **argv) {
  // Writes to a closed pipe must fail with EPIPE rather than kill drill
  // before it has saved what it holds.
  std::signal(SIGPIPE, SIG_IGN);
  // Likewise a file that outgrows `ulimit -f` must fail with EFBIG, which
  // drill reports and works around like a full disk, rather than kill it.
  std::signal(SIGXFSZ, SIG_IGN);
  // Ctrl-C during a session cuts a wait for a busy history short; the
  // answer then goes to the fallback file.
  stop_busy_waits_when(&StopSignals::requested);

  Context ctx;
  ctx.err = Style(color_enabled(ColorMode::automatic, STDERR_FILENO));
  CLI::App app{"drill: practise job-interview questions against the clock.", "drill"};
  try {
    app.set_version_flag("-V,--version", std::string("drill ") + DRILL_VERSION);
    app.footer(k_footer);
    app.require_subcommand(0, 1);
    app.add_option("--color", ctx.options.color, "Colour output: auto, always or never (auto honours NO_COLOR)")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->envname("DRILL_COLOR")
        ->group(k_global_group);
    app.add_option("--bank", ctx.options.banks, "Also load this bank file or directory (repeatable)")
        ->type_name("PATH")
        ->group(k_global_group);
    app.add_option("--history", ctx.options.history,
                   "Keep the practice history in this SQLite file instead of "
                   "$XDG_STATE_HOME/drill/history.db")
        ->type_name("PATH")
        ->envname("DRILL_HISTORY")
        ->group(k_global_group);
    app.add_flag("--no-history", ctx.options.no_history, "Do not record answers or read the practice history")
        ->group(k_global_group);
    app.add_option("--config", ctx.options.config,
                   "Read defaults from this file instead of "
                   "$XDG_CONFIG_HOME/drill/config.toml")
        ->type_name("FILE")
        ->envname("DRILL_CONFIG")
        ->group(k_global_group);
    add_selection_options(app, ctx.options);
    add_session_options(app, ctx.options);
    add_job_option(app, ctx.options);
    for (const auto &command : k_commands)
      command.add(app, ctx);
    for (auto *sub : app.get_subcommands({}))
      sub->fallthrough();
    add_examples(app);

    std::string config = config_path_from_args(argc, argv);
    if (config.empty()) config = env("DRILL_CONFIG");
    apply_config_file(config, ctx.options);

    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
      return app.exit(e);
    } catch (const CLI::ParseError &e) {
      throw Error(ExitStatus::usage, usage_message(app, std::vector<std::string>(argv + 1, argv + argc), e.what()));
    }

    auto mode = parse_color_mode(ctx.options.color);
    ctx.out = Style(color_enabled(mode, STDOUT_FILENO));
    ctx.err = Style(color_enabled(mode, STDERR_FILENO));

    if (!ctx.action) ctx.action = run_practice;
    ExitStatus status = ctx.action(ctx);
    ExitStatus flushed = finish_stdout();
    return to_int(status == ExitStatus::ok ? flushed : status);
  } catch (const Error &e) {
    std::cout.flush();
    print_error(ctx.err, e.what());
    return to_int(e.status());
  } catch (const std::bad_alloc &) {
    print_error(ctx.err, "out of memory");
    return to_int(ExitStatus::software);
  } catch (const std::exception &e) {
    print_error(ctx.err, fmt::format("internal error: {} (please report this as a bug)", e.what()));
    return to_int(ExitStatus::software);
  }
}

} // namespace drill
