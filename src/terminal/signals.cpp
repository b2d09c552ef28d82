#include "terminal/signals.hpp"

namespace drill {

namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_stop_signal(int sig) { g_signal = sig; }

} // namespace

StopSignals::StopSignals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  // No SA_RESTART: a blocked read must return EINTR. SA_RESETHAND: a second
  // Ctrl-C kills drill at once, should finishing up ever hang (a stdout
  // pipe that nobody reads); the graded answers are in the log by then.
  sa.sa_flags = static_cast<int>(SA_RESETHAND);
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
  // The terminal closed (or the ssh link dropped): the same orderly end.
  sigaction(SIGHUP, &sa, &old_hup_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
  sigaction(SIGHUP, &old_hup_, nullptr);
}

bool StopSignals::requested() { return g_signal != 0; }
int StopSignals::which() { return g_signal; }
void StopSignals::reset() { g_signal = 0; }

} // namespace drill
