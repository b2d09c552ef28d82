#pragma once

#include <csignal>

namespace drill {

/// While alive, the first SIGINT, SIGTERM or SIGHUP no longer kills drill: it sets a
/// flag that the session polls, and interrupts blocking reads (no
/// SA_RESTART), so that the session can save, summarise and restore the
/// terminal first. A second one acts as usual. The previous handlers come
/// back on destruction.
class StopSignals {
public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals &) = delete;
  StopSignals &operator=(const StopSignals &) = delete;

  /// True once SIGINT, SIGTERM or SIGHUP has arrived.
  [[nodiscard]] static bool requested();
  /// The signal that arrived, or 0.
  [[nodiscard]] static int which();
  /// Forgets an arrived signal (for tests).
  static void reset();

private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  struct sigaction old_hup_ {};
};

} // namespace drill
