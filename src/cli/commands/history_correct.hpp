#pragma once

namespace CLI {
class App;
}

namespace drill {

struct Context;

/// Adds `history dispute`, `history agree` and `history rate` under `history`.
void add_history_correction_commands(CLI::App *history, Context &ctx);

} // namespace drill
