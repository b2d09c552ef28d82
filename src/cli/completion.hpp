#pragma once

#include "cli/command_tree.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// The shells drill writes completions for.
const std::vector<std::string> &completion_shells();

/// A completion script for `shell` ("bash", "zsh" or "fish") that knows every
/// command of `commands` with its options and their values. Question ids,
/// roles and topics come from `drill bank list --ids|--roles|--topics` when
/// completing. Throws Error(usage) for another shell.
std::string completion_script(std::string_view shell, const std::vector<CommandSpec> &commands);

} // namespace drill
