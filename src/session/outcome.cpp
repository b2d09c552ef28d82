#include "session/outcome.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

namespace drill {

Reveal parse_reveal(std::string_view s) {
  if (s == "always") return Reveal::always;
  if (s == "never") return Reveal::never;
  if (s == "missed") return Reveal::missed;
  throw Error(ExitStatus::usage, fmt::format("--reveal must be always, never or missed, not '{}'", s));
}

std::size_t SessionResult::graded() const {
  std::size_t n = 0;
  for (const auto &a : answers)
    n += a.outcome == Outcome::graded ? 1 : 0;
  return n;
}

std::size_t SessionResult::skipped() const {
  std::size_t n = 0;
  for (const auto &a : answers)
    n += a.outcome == Outcome::skipped ? 1 : 0;
  return n;
}

std::optional<double> SessionResult::average() const {
  double sum = 0;
  std::size_t n = 0;
  for (const auto &a : answers) {
    if (a.outcome != Outcome::graded) continue;
    sum += a.feedback.score;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / static_cast<double>(n);
}

} // namespace drill
