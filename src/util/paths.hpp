#pragma once

#include <filesystem>
#include <string>

namespace drill {

/// $XDG_CONFIG_HOME/drill (default ~/.config/drill).
std::filesystem::path config_dir();
/// $XDG_DATA_HOME/drill (default ~/.local/share/drill): users' own banks live in banks/.
std::filesystem::path user_data_dir();
/// $XDG_STATE_HOME/drill (default ~/.local/state/drill): history.
std::filesystem::path state_dir();
/// $XDG_CACHE_HOME/drill (default ~/.cache/drill): what can be rebuilt at any time.
std::filesystem::path cache_dir();

/// The directory holding the bundled banks (banks/*.json) and the schema:
/// $DRILL_DATA_DIR if set; else share/drill beside the installed binary;
/// else the configured install prefix; else the source tree the binary was
/// built from. Throws Error(no_input) when none exists.
std::filesystem::path bundled_data_dir();

/// The irregular word forms table (lemmas.bin, scoring/lemma_table.hpp):
/// in $DRILL_DATA_DIR if it holds one; else share/drill beside the installed
/// binary; else the build tree, for a binary built there; else the
/// configured install prefix. "" when there is none.
std::filesystem::path lemma_table_file();

/// The value of an environment variable, or "" when unset.
std::string env(const char *name);

} // namespace drill
