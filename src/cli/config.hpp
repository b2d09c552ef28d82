#pragma once

#include "cli/context.hpp"

#include <string>

namespace drill {

/// The keys a config file may set, e.g. role, count, color.
const std::vector<std::string> &config_keys();

/// Lays the config file's values into `options`; the command line, parsed
/// afterwards, overrides them. An empty `path` means the default
/// $XDG_CONFIG_HOME/drill/config.toml, which may be absent; a named file
/// must exist (Error(no_input)). A malformed file, an unknown key or a bad
/// value throws Error(config) naming the file and key.
void apply_config_file(const std::string &path, Options &options);

} // namespace drill
