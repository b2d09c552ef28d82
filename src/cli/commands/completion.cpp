// drill completion bash|zsh|fish: the shell completion scripts, written
// from the command table itself.
#include "cli/completion.hpp"
#include "cli/context.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace drill {

void add_completion_command(CLI::App &app, Context &ctx) {
  auto shell = std::make_shared<std::string>();
  auto *cmd = app.add_subcommand("completion", "Print the completion script for bash, zsh or fish");
  cmd->add_option("shell", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember(completion_shells()));
  cmd->callback([&app, &ctx, shell] {
    ctx.action = [&app, shell](Context &) {
      std::cout << completion_script(*shell, describe_commands(app));
      return ExitStatus::ok;
    };
  });
}

} // namespace drill
