#pragma once

#include <cstddef>
#include <filesystem>
#include <istream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// What a reader accepts besides a regular file.
enum class Accept {
  regular_only, ///< a FIFO, device or socket is refused before it is read (banks, config, worksheets)
  streams,      ///< a FIFO, terminal or device is read too (answers, batch input)
};

/// Polled while a read waits or loops; true stops it with Error(interrupted).
using StopFn = bool (*)();

/// How one line came back from read_bounded_line.
enum class LineStatus {
  line,         ///< a line (perhaps the last, without a newline)
  end_of_input, ///< nothing more to read
  too_long,     ///< the line ran past its bound without a newline; reading stopped there
};

/// The bounds on what drill reads (docs/reliability.md lists them). Sizes
/// are decimal, as in the messages.
constexpr std::size_t k_max_bank_file_bytes = 64'000'000;     ///< a bank or lexicon file
constexpr std::size_t k_max_config_bytes = 1'000'000;         ///< the config file
constexpr std::size_t k_max_worksheet_bytes = 64'000'000;     ///< a filled-in worksheet
constexpr std::size_t k_max_posting_bytes = 1'000'000;        ///< a job posting (`drill job`, `--job`)
constexpr std::size_t k_max_line_bytes = 16'000'000;          ///< one batch line, or one answer as read
constexpr std::size_t k_max_import_stdin_bytes = 256'000'000; ///< `drill import -`, held for its two passes

/// An input file read through a file descriptor, as a streambuf. It never
/// blocks opening a file that must be regular (a FIFO in the wrong place),
/// and gives up at once when `stop` says a signal arrived. Errors are
/// drill::Error: 66 for a missing, unreadable or non-regular file, 65 for
/// one past its bound, 74 for a failed read, 130 for a signal (through the
/// stream, whose badbit it sets, when read as a stream).
class InputFile final : public std::streambuf {
public:
  /// Opens `path`. With Accept::regular_only the file is checked with
  /// O_NONBLOCK and fstat before anything is read; with Accept::streams a
  /// FIFO is opened again to wait for its writer, which a signal ends.
  InputFile(const std::filesystem::path &path, Accept accept, StopFn stop = nullptr);
  /// An open descriptor (standard input), shown in messages as `name`.
  InputFile(int fd, std::string name, StopFn stop = nullptr);
  ~InputFile() override;
  InputFile(const InputFile &) = delete;
  InputFile &operator=(const InputFile &) = delete;

  /// The whole rest of the input; Error(data) naming `what` when it is more
  /// than `limit` bytes (a regular file is judged by its size, unread).
  std::string read_all(std::size_t limit, std::string_view what);

  /// The name used in messages.
  [[nodiscard]] const std::string &name() const { return name_; }
  /// True once a read was cut short by `stop`.
  [[nodiscard]] bool stopped() const { return stopped_; }

protected:
  int_type underflow() override;

private:
  /// One read(2) into `to`, retried on EINTR unless `stop` says otherwise: bytes read, 0 at the end.
  std::size_t read_some(char *to, std::size_t n);

  int fd_ = -1;
  bool owned_ = false;
  bool stopped_ = false;
  std::string name_;
  StopFn stop_ = nullptr;
  std::vector<char> buffer_;
};

/// Reads the next line of `in` without its newline (a trailing \r is kept),
/// storing at most `keep` bytes of it in `line` and its full length in
/// `length`. Stops with too_long once a line passes `limit` bytes, so no
/// input, however long its lines, grows memory past `keep`.
LineStatus read_bounded_line(std::istream &in, std::string &line, std::size_t keep, std::size_t limit,
                             std::size_t &length);

/// "12.5 MB", "128 KB": a size for messages.
std::string human_size(std::size_t bytes);

/// Throws Error(no_input) unless `path` is a regular file, without opening
/// it (a FIFO would block). A missing file passes: the caller decides.
void require_regular_or_missing(const std::filesystem::path &path);

} // namespace drill
