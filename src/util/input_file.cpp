#include "util/input_file.hpp"

#include "util/error.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace drill {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_chunk = 64 * 1024;

[[noreturn]] void interrupted() { throw Error(ExitStatus::interrupted, "interrupted"); }

std::string kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "something other than a file";
}

[[noreturn]] void refuse(const std::string &name, mode_t mode) {
  if (S_ISDIR(mode)) throw Error(ExitStatus::no_input, fmt::format("{}: is a directory, not a file", name));
  throw Error(ExitStatus::no_input,
              fmt::format("{}: is {}, not a regular file; give drill a file here", name, kind_of(mode)));
}

} // namespace

std::string human_size(std::size_t bytes) {
  if (bytes < 1'000'000) return fmt::format("{} KB", (bytes + 1023) / 1024);
  std::string out = fmt::format("{:.1f}", static_cast<double>(bytes) / 1e6);
  if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
  return out + " MB";
}

void require_regular_or_missing(const fs::path &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  if (!S_ISREG(st.st_mode)) refuse(path.string(), st.st_mode);
}

InputFile::InputFile(const fs::path &path, Accept accept, StopFn stop)
    : owned_(true), name_(path.string()), stop_(stop) {
  struct stat st {};
  if (accept == Accept::streams && ::stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode)) {
    // A FIFO to read: open it the ordinary way, which waits for a writer (a
    // FIFO opened without blocking reads as ended until one comes). A
    // signal ends the wait: the handlers are installed without SA_RESTART.
    for (;;) {
      if (stop_ && stop_()) interrupted();
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ >= 0) return;
      if (errno == EINTR && stop_ && stop_()) interrupted();
      if (errno == EINTR) continue;
      throw Error(ExitStatus::no_input, fmt::format("{}: cannot read: {}", name_, std::strerror(errno)));
    }
  }
  // Anything else is opened without blocking and then looked at: a FIFO
  // where a regular file belongs is refused without waiting on it.
  for (;;) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ >= 0) break;
    if (errno == EINTR && !(stop_ && stop_())) continue;
    if (errno == EINTR) interrupted();
    int err = errno;
    throw Error(ExitStatus::no_input, fmt::format("{}: cannot read: {}", name_, std::strerror(err)));
  }
  if (::fstat(fd_, &st) != 0) {
    int err = errno;
    ::close(fd_);
    throw Error(ExitStatus::io, fmt::format("{}: cannot read: {}", name_, std::strerror(err)));
  }
  if (S_ISDIR(st.st_mode) || (accept == Accept::regular_only && !S_ISREG(st.st_mode))) {
    ::close(fd_);
    refuse(name_, st.st_mode);
  }
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
}

InputFile::InputFile(int fd, std::string name, StopFn stop) : fd_(fd), name_(std::move(name)), stop_(stop) {
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) refuse(name_, st.st_mode);
}

InputFile::~InputFile() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

std::size_t InputFile::read_some(char *to, std::size_t n) {
  for (;;) {
    if (stop_ && stop_()) {
      stopped_ = true;
      interrupted();
    }
    ssize_t got = ::read(fd_, to, n);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno == EINTR) continue;
    if (errno == EAGAIN) { // a descriptor handed over without blocking: wait for it
      ::usleep(10'000);
      continue;
    }
    throw Error(ExitStatus::io, fmt::format("{}: cannot read: {}", name_, std::strerror(errno)));
  }
}

InputFile::int_type InputFile::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  buffer_.resize(k_chunk);
  std::size_t n = read_some(buffer_.data(), buffer_.size());
  if (n == 0) return traits_type::eof();
  setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
  return traits_type::to_int_type(*gptr());
}

std::string InputFile::read_all(std::size_t limit, std::string_view what) {
  auto too_big = [&](const std::string &size) {
    return Error(ExitStatus::data,
                 fmt::format("{}: is {}; drill reads {} of up to {}", name_, size, what, human_size(limit)));
  };
  struct stat st {};
  std::string out;
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
    if (static_cast<std::uintmax_t>(st.st_size) > limit)
      throw too_big(human_size(static_cast<std::size_t>(st.st_size)));
    out.reserve(static_cast<std::size_t>(st.st_size) + 1);
  }
  out.append(gptr(), static_cast<std::size_t>(egptr() - gptr()));
  setg(nullptr, nullptr, nullptr);
  // One read at a time straight into the result, so the peak is the result.
  for (;;) {
    if (out.size() > limit) throw too_big("more than " + human_size(limit));
    std::size_t at = out.size();
    out.resize(at + k_chunk);
    std::size_t n = read_some(out.data() + at, k_chunk);
    out.resize(at + n);
    if (n == 0) break;
  }
  return out;
}

LineStatus read_bounded_line(std::istream &in, std::string &line, std::size_t keep, std::size_t limit,
                             std::size_t &length) {
  line.clear();
  length = 0;
  std::streambuf *buf = in.rdbuf();
  if (!in.good() || buf == nullptr) return LineStatus::end_of_input;
  try {
    for (;;) {
      auto c = buf->sbumpc();
      if (c == std::streambuf::traits_type::eof()) {
        in.setstate(std::ios::eofbit);
        return length > 0 ? LineStatus::line : LineStatus::end_of_input;
      }
      if (c == '\n') return LineStatus::line;
      if (line.size() < keep) line.push_back(static_cast<char>(c));
      if (++length > limit) return LineStatus::too_long;
    }
  } catch (...) {
    // What the stream's own reads do with a failing buffer; the caller asks why.
    in.setstate(std::ios::badbit);
    if (in.exceptions() & std::ios::badbit) throw;
    return LineStatus::end_of_input;
  }
}

} // namespace drill
