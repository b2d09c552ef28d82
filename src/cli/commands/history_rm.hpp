#pragma once

namespace CLI {
class App;
}

namespace drill {

struct Context;

/// Adds `history rm SESSION_ID...` under `history`.
void add_history_rm_command(CLI::App *history, Context &ctx);

} // namespace drill
