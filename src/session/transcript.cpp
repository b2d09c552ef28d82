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

void Transcript::append(const nlohmann::json &record) {
  // One write() per record: with O_APPEND, two sessions logging to the same
  // file cannot interleave their lines.
  std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
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

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string new_session_id() {
  std::random_device rd;
  std::uint64_t v = (std::uint64_t{rd()} << 32) ^ rd();
  return fmt::format("{:016x}", v);
}

} // namespace drill
