#include "session/transcript.hpp"

#include "util/error.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <random>

namespace drill {

Transcript::Transcript(const std::string &path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw Error(ExitStatus::io, fmt::format("cannot open log {}: {}", path, std::strerror(errno)));
}

Transcript::~Transcript() {
  if (fd_ >= 0) ::close(fd_);
}

nlohmann::json log_line(const AnswerRecord &a, const AnswerNotes &notes) {
  nlohmann::json j = to_json(a, &notes);
  j["time"] = iso8601_utc(a.answered_at_ms);
  return j;
}

nlohmann::json log_line(const CorrectionLine &c) {
  nlohmann::json j = to_json(c);
  j["time"] = iso8601_utc(c.correction.made_at_ms);
  return j;
}

nlohmann::json log_line(const SessionRecord &s, const SessionNotes &notes) {
  nlohmann::json j = to_json(s, &notes);
  j["started"] = iso8601_utc(s.started_at_ms);
  if (s.ended_at_ms) j["ended"] = iso8601_utc(*s.ended_at_ms);
  return j;
}

void Transcript::answer(const AnswerRecord &a, const AnswerNotes &notes) { write_line(log_line(a, notes)); }
void Transcript::correction(const CorrectionLine &c) { write_line(log_line(c)); }
void Transcript::session(const SessionRecord &s, const SessionNotes &notes) { write_line(log_line(s, notes)); }

void Transcript::write_line(const nlohmann::json &record) {
  // One write() per record: with O_APPEND, two sessions logging to the same
  // file cannot interleave their lines.
  std::string line = dump_line(record) + "\n";
  const char *p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(ExitStatus::io, fmt::format("cannot write log {}: {}", path_, std::strerror(errno)));
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  while (::fsync(fd_) != 0) {
    if (errno == EINTR) continue;
    // fsync on a pipe or /dev/null is meaningless, not a failure.
    if (errno == EINVAL || errno == EROFS) break;
    throw Error(ExitStatus::io, fmt::format("cannot sync log {}: {}", path_, std::strerror(errno)));
  }
}

std::string iso8601_utc(std::int64_t ms) {
  std::int64_t secs = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", buf, ms - secs * 1000);
}

std::string new_session_id() {
  std::random_device rd;
  std::uint64_t v = (std::uint64_t{rd()} << 32) ^ rd();
  return fmt::format("{:016x}", v);
}

} // namespace drill
