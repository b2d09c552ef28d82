#pragma once

#include <csignal>

namespace drill {

/// While alive, SIGINT and SIGTERM no longer kill drill: they set a flag
/// that the session polls, and interrupt blocking reads (no SA_RESTART), so
/// that the session can save, summarise and restore the terminal first. The
/// previous handlers come back on destruction.
class StopSignals {
public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals &) = delete;
  StopSignals &operator=(const StopSignals &) = delete;

  /// True once SIGINT or SIGTERM has arrived.
  [[nodiscard]] static bool requested();
  /// The signal that arrived, or 0.
  [[nodiscard]] static int which();
  /// Forgets an arrived signal (for tests).
  static void reset();

private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

} // namespace drill
