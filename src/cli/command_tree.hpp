#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace drill {

/// The group heading of the options every command takes (--color, --bank,
/// --history, --no-history, --config); completions offer them everywhere.
inline constexpr const char *k_global_group = "Global options";

/// Where an argument list leads in the command tree, and the first argument
/// that belongs nowhere.
struct CommandWalk {
  std::vector<const CLI::App *> chain; ///< the root, then each subcommand named
  std::string unknown;                 ///< the first unknown option or command, or ""
  bool unknown_is_option = false;
};

/// Follows `args` (without the program name) through the subcommands of
/// `root`, skipping option values, as CLI11 parses them: an option of a
/// command or of any command above it (they fall through) is known.
CommandWalk walk_commands(const CLI::App &root, const std::vector<std::string> &args);

/// "drill bank list" for a chain.
std::string command_name(const std::vector<const CLI::App *> &chain);

/// Every option name ("--role", "-r") the last command of `chain` accepts,
/// its own and those of the commands above it.
std::vector<std::string> accepted_options(const std::vector<const CLI::App *> &chain);

/// The named subcommands of `app`, hidden ones left out.
std::vector<const CLI::App *> visible_subcommands(const CLI::App &app);

/// One option as completion sees it.
struct OptionSpec {
  std::vector<std::string> names; ///< "--format", "-f"
  std::string help;
  bool takes_value = false;
  /// What its value may be: "@files", "@ids", "@roles", "@topics", a
  /// space-separated list of words, or "" (any value, nothing to offer).
  std::string values;
  bool offered = true; ///< false for an option that only falls through from above
};

/// One command of the tree: "drill", "drill bank", "drill bank list".
struct CommandSpec {
  std::string path;
  std::string help;
  std::vector<std::string> subcommands;
  std::vector<OptionSpec> options; ///< every option the command accepts
  std::string arguments;           ///< what its positional arguments may be, as OptionSpec::values
  bool has_arguments = false;
};

/// The whole visible command tree, root first, from CLI11's own description
/// of it, so that completions cannot drift from the parser. A command offers
/// its own options and the global ones; the rest of its parents' options,
/// which CLI11 lets fall through, are known (their values skipped) but not offered.
std::vector<CommandSpec> describe_commands(const CLI::App &root);

/// A usage message for a failed parse: "unknown option '--categroy' (did you
/// mean '--category'?)" or "unknown command 'lst' for 'drill bank' (did you
/// mean 'list'?)" when an argument belongs nowhere, else `fallback`, then a
/// pointer to the right --help.
std::string usage_message(const CLI::App &root, const std::vector<std::string> &args, const std::string &fallback);

} // namespace drill
