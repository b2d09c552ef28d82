#pragma once

#include <chrono>
#include <cstdint>

namespace drill {

/// Where a session gets the time from, so that tests can set it.
class Clock {
public:
  virtual ~Clock() = default;
  /// Monotonic time, for measuring how long an answer took.
  virtual std::chrono::steady_clock::time_point now() = 0;
  /// Wall-clock time, for timestamps in the transcript.
  virtual std::chrono::system_clock::time_point wall() = 0;
};

/// Milliseconds since the Unix epoch of a wall-clock time: the history's unit.
inline std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

/// The real clocks.
class SystemClock final : public Clock {
public:
  std::chrono::steady_clock::time_point now() override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall() override { return std::chrono::system_clock::now(); }
};

} // namespace drill
