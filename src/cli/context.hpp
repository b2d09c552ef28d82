#pragma once

#include "bank/bank.hpp"
#include "bank/bank_cache.hpp"
#include "bank/lexicon.hpp"
#include "bank/skill_list.hpp"
#include "cli/output_format.hpp"
#include "session/job_posting.hpp"
#include "session/recorder.hpp"
#include "session/select.hpp"
#include "session/session_io.hpp"
#include "util/error.hpp"
#include "util/exit_status.hpp"
#include "util/term.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace drill {

/// The options of a practice session (and of grading, which shares them).
struct SessionOptions {
  std::string reveal = "always";
  int time_limit_s = 0; ///< 0: each question's own limit
  bool no_timer = false;
  bool self_rate = false;                       ///< ask for a 1-4 rating after each answer
  int follow_ups = -1;                          ///< follow-ups per answer; -1: 1 at a terminal, 0 for piped answers
  std::map<Category, int> category_time_limits; ///< config `time-limits`: seconds per category
  std::string log;                              ///< JSONL transcript to append to, or ""
  std::string answers;                          ///< read answers from this file instead of stdin, or ""
};
/// The most follow-up questions one answer gets (--follow-ups).
inline constexpr int k_max_follow_ups = 5;

class History;

/// Everything the command line, the environment and the config file said.
struct Options {
  std::string color = "auto";
  std::vector<std::string> banks;
  std::string config;
  Filter filter;
  std::size_t count = 5;
  std::uint64_t seed = 0;
  bool seed_given = false;
  Format format = Format::text;
  SessionOptions session;
  std::string history;     ///< --history / DRILL_HISTORY: the history file, "" for the default
  bool no_history = false; ///< --no-history: record and read nothing
  bool due_first = false;  ///< --due: due questions, then weak topics, then new ones
  std::string job;         ///< --job: a job posting that weights the draw, "-" for stdin, or ""
};

/// What a command handler gets: the options, and the styles for each stream.
struct Context {
  Options options;
  Style out; ///< for stdout
  Style err; ///< for stderr
  std::function<ExitStatus(Context &)> action;

  /// A warning on stderr: "drill: warning: ...".
  void warn(std::string_view message) const;
};

/// The bundled banks, the user's own ($XDG_DATA_HOME/drill/banks) and every
/// --bank path, loaded together into a lasting_bank(). Throws Error(data)
/// listing the problems. Commands that never grade ask for less.
const Bank &load_banks(const Options &options, BankContents contents = BankContents::all);

/// drill's paraphrase lexicon: lexicon.json in the data directory, then the
/// user's own ($XDG_DATA_HOME/drill/lexicon.json); either may be absent.
/// Throws Error(data) listing the problems of a malformed one.
const Lexicon &load_lexicon();

/// The curated skills list, skills.json in the data directory, checked
/// against the topics of `bank`. Loaded once, only for `drill job` and
/// --job. Throws Error(data) listing its problems, Error(no_input) when absent.
const SkillList &load_skill_list(const Bank &bank);

/// A job posting as read and cleaned (clean_posting), and its name for messages.
struct Posting {
  std::string name;
  std::string text;
};

/// Reads the posting at `path` ("-" for standard input), at most
/// k_max_posting_bytes. Throws Error(no_input) when it cannot be read and
/// Error(data) when it is too large or not text.
Posting read_posting(const std::string &path);

/// Error(data) for a posting in which no known skill or topic was found.
Error no_skills_error(const Posting &posting);

/// With --job, the posting, read and cleaned; when no --role was given and
/// the banks hold several roles, the role it names becomes the filter's
/// (and drill says so). Nothing without --job.
std::optional<Posting> job_posting(const Bank &bank, Context &ctx);

/// What the posting asks for, counted for the filter's role. Throws
/// no_skills_error() when it names no skill at all; warns when no question
/// covers what it names.
PostingAnalysis analyse_job(const Posting &posting, const Bank &bank, const Context &ctx);

/// Adds --job FILE: questions on the posting's skills first.
void add_job_option(CLI::App &app, Options &options);

/// The history file the options name. Throws Error(usage) when --no-history
/// turned the history off, naming `command` as what needed it.
std::filesystem::path history_file(const Options &options, std::string_view command);

/// Warns when `role` is set but has no answers in `history`, suggesting the
/// closest role that has.
/// How a Recorder for this command saves answers: --history, --no-history,
/// the role practised, and warnings and rescued answers on stderr.
RecorderSettings recorder_settings(const Context &ctx);

void warn_unknown_history_role(History &history, const std::string &role, const Context &ctx);

/// Checks that `option` is a whole number from `low` to `high`, with a message
/// that says which was wrong: "--count: 'abc' is not a whole number; give 1 to 1000".
CLI::Option *whole_number_in(CLI::Option *option, long low, long high);

/// Whether --role also reads DRILL_ROLE when it is not given.
enum class RoleFromEnv { yes, no };

/// Adds -r,--role (type name ROLE, which the completions offer the roles
/// for) into `role`, with `help` saying what the role does for this command.
CLI::Option *add_role_option(CLI::App &app, std::string &role, const std::string &help,
                             RoleFromEnv env = RoleFromEnv::yes);

/// Adds --role, --category, --difficulty, --topic, --count and --seed.
void add_selection_options(CLI::App &app, Options &options);

/// The questions to practise: checks the filter, warns when fewer match
/// than asked for, and throws Error(usage) when none match. With
/// options.due_first the history decides the order (see due_first_order).
std::vector<const Question *> select_questions(const Bank &bank, Context &ctx);

/// Adds --reveal, --time-limit, --no-timer, --log and --answers.
void add_session_options(CLI::App &app, Options &options);

/// The practice session that runs when no subcommand is given.
ExitStatus run_practice(Context &ctx);

/// The session's settings from the options (a fresh session id, the width
/// of stdout); run_questions() completes them for where the answers come from.
SessionConfig session_config(const Context &ctx);

/// What running a session's questions produced.
struct PracticeRun {
  SessionConfig config; ///< as completed for the run: mode, timing, follow-ups
  SessionResult result;
  ExitStatus status = ExitStatus::ok;
};

/// Runs a session over `questions`, at the terminal or from piped answers,
/// recording every graded answer; `intro` goes to stdout before the first
/// question. Throws Error(data) for answers that could not be graded.
PracticeRun run_questions(Context &ctx, const Bank &bank, const std::vector<const Question *> &questions,
                          SessionConfig config, std::string_view intro = {});

// One function per command, each registering its subcommand (commands/*.cpp).
void add_plan_command(CLI::App &app, Context &ctx);
void add_interview_command(CLI::App &app, Context &ctx);
void add_bank_command(CLI::App &app, Context &ctx);
void add_grade_command(CLI::App &app, Context &ctx);
void add_due_command(CLI::App &app, Context &ctx);
void add_export_command(CLI::App &app, Context &ctx); // export and import
void add_stats_command(CLI::App &app, Context &ctx);
void add_history_command(CLI::App &app, Context &ctx);
void add_rescore_command(CLI::App &app, Context &ctx);
void add_help_command(CLI::App &app, Context &ctx);       // help COMMAND...
void add_completion_command(CLI::App &app, Context &ctx); // completion bash|zsh|fish
void add_job_command(CLI::App &app, Context &ctx);        // job FILE

/// Ends each command's --help with its own examples (commands/help.cpp).
void add_examples(CLI::App &root);

} // namespace drill
