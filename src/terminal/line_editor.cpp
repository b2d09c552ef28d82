#include "terminal/line_editor.hpp"

#include "bank/bank.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

#include <fcntl.h>
#include <histedit.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <clocale>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <filesystem>

namespace drill {

namespace {

// Writes straight to a file descriptor: terminal output must not wait in a
// buffer while libedit draws the line.
class FdBuffer final : public std::streambuf {
public:
  explicit FdBuffer(int fd) : fd_(fd) {}

protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    char ch = traits_type::to_char_type(c);
    return write_all(&ch, 1) ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char *s, std::streamsize n) override {
    return write_all(s, static_cast<std::size_t>(n)) ? n : 0;
  }

private:
  bool write_all(const char *p, std::size_t n) {
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  int fd_;
};

volatile std::sig_atomic_t g_resized = 0;
extern "C" void on_resize(int) { g_resized = 1; }

// libedit marks invisible bytes (colour codes) in prompts with this character.
constexpr char k_literal = '\1';

// A key sequence no keyboard sends, bound to drill-redisplay. get_char()
// feeds it to libedit when the countdown or the window size changes, so that
// libedit itself moves the cursor back to the start of the prompt before it
// draws the line again. (EL_REFRESH would redraw from wherever the cursor is,
// printing the prompt a second time after the typed text.)
constexpr std::string_view k_redisplay_keys = "\x1b[9990~";

} // namespace

Terminal::Terminal() {
  file_ = std::fopen("/dev/tty", "w");
  if (file_ != nullptr) {
    owned_ = true;
  } else if (::isatty(STDERR_FILENO) == 1) {
    file_ = stderr;
  } else {
    throw Error(ExitStatus::no_input, "no terminal to ask questions on; pipe the answers in, or use --answers FILE");
  }
  fd_ = ::fileno(file_);
  saved_ = ::tcgetattr(STDIN_FILENO, &saved_modes_) == 0;
  buffer_ = std::make_unique<FdBuffer>(fd_);
  stream_ = std::make_unique<std::ostream>(buffer_.get());
}

Terminal::~Terminal() {
  if (saved_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes_);
  if (owned_) std::fclose(file_);
}

std::string countdown_text(double left) {
  auto s = static_cast<long>(left >= 0 ? std::ceil(left) : std::ceil(-left));
  return fmt::format("{}:{:02} {}", s / 60, s % 60, left >= 0 ? "left" : "over");
}

CountdownTone countdown_tone(double left_s, int limit_s) {
  if (left_s < 0) return CountdownTone::over;
  const double warn_below = limit_s > 0 ? 0.2 * limit_s : 30.0;
  return left_s < warn_below ? CountdownTone::warning : CountdownTone::calm;
}

TerminalLineReader::TerminalLineReader(Terminal &terminal, Style style, bool (*stop_requested)(), Countdown countdown)
    : terminal_(terminal), style_(style), stop_requested_(stop_requested), countdown_(countdown) {
  // libedit decodes UTF-8 only under a UTF-8 locale.
  std::setlocale(LC_CTYPE, "");
  el_ = el_init_fd("drill", stdin, terminal.file(), terminal.file(), STDIN_FILENO, terminal.fd(), terminal.fd());
  if (el_ == nullptr) throw Error(ExitStatus::io, "cannot set up line editing on the terminal");
  history_ = history_init();
  HistEvent ev;
  history(history_, &ev, H_SETSIZE, 200);
  el_set(el_, EL_HIST, history, history_);
  el_set(el_, EL_EDITOR, "emacs");
  el_set(el_, EL_CLIENTDATA, this);
  el_set(el_, EL_PROMPT_ESC, &TerminalLineReader::left_prompt, k_literal);
  el_set(el_, EL_RPROMPT_ESC, &TerminalLineReader::right_prompt, k_literal);
  el_set(el_, EL_GETCFN, &TerminalLineReader::get_char);
  // The wide call: libedit keeps these pointers, and the narrow el_set would
  // hand it copies that nothing frees.
  el_wset(el_, EL_ADDFN, L"drill-redisplay", L"redraw the line and the countdown", &TerminalLineReader::redisplay);
  el_source(el_, nullptr); // the person's ~/.editrc, if any
  // Bound after ~/.editrc so that no binding of the person's can take it.
  el_set(el_, EL_BIND, std::string(k_redisplay_keys).c_str(), "drill-redisplay", nullptr);
  struct sigaction sa {};
  sa.sa_handler = on_resize;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGWINCH, &sa, &old_winch_);
}

TerminalLineReader::~TerminalLineReader() {
  sigaction(SIGWINCH, &old_winch_, nullptr);
  el_end(el_); // puts the terminal back in its normal mode
  history_end(history_);
}

char *TerminalLineReader::left_prompt(editline *el) {
  void *self = nullptr;
  el_get(el, EL_CLIENTDATA, &self);
  return static_cast<TerminalLineReader *>(self)->left_.data();
}

char *TerminalLineReader::right_prompt(editline *el) {
  void *self = nullptr;
  el_get(el, EL_CLIENTDATA, &self);
  return static_cast<TerminalLineReader *>(self)->right_.data();
}

unsigned char TerminalLineReader::redisplay(editline *, int) { return CC_REDISPLAY; }

void TerminalLineReader::update_countdown() {
  right_.clear();
  if (!current_.deadline || countdown_ != Countdown::live) return;
  std::chrono::duration<double> left = *current_.deadline - std::chrono::steady_clock::now();
  std::string text = countdown_text(left.count());
  if (!style_.enabled()) {
    right_ = text;
    return;
  }
  std::string styled;
  switch (countdown_tone(left.count(), current_.limit_s)) {
  case CountdownTone::over: styled = style_.red(text); break;
  case CountdownTone::warning: styled = style_.yellow(text); break;
  case CountdownTone::calm: styled = style_.dim(text); break;
  }
  // Wrap the escape codes so that libedit does not count them as columns,
  // and end on a visible character, which libedit needs to keep the reset.
  for (std::size_t i = 0; i < styled.size();) {
    if (styled[i] == '\x1b') {
      auto end = styled.find('m', i);
      right_ += k_literal + styled.substr(i, end - i + 1) + k_literal;
      i = end + 1;
    } else {
      right_ += styled[i++];
    }
  }
  right_ += ' ';
}

// Waits for a key, waking every second to redraw the countdown. A signal
// (SIGINT, SIGTERM) interrupts poll() and makes el_gets() return NULL.
int TerminalLineReader::get_char(editline *el, wchar_t *c) {
  void *data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  auto *self = static_cast<TerminalLineReader *>(data);
  if (!self->pending_keys_.empty()) {
    *c = static_cast<wchar_t>(self->pending_keys_.front());
    self->pending_keys_.remove_prefix(1);
    return 1;
  }
  for (;;) {
    if (self->stop_requested_ && self->stop_requested_()) {
      errno = EINTR;
      return -1;
    }
    pollfd pfd{STDIN_FILENO, POLLIN, 0};
    const bool live = self->current_.deadline && self->countdown_ == Countdown::live;
    int ready = ::poll(&pfd, 1, live ? 1000 : -1);
    bool resized = g_resized != 0;
    if (resized) {
      // The window changed size (SIGWINCH): lay the line out again. The
      // countdown drawn for the old width would stay where it was, so the
      // line is cleared first; libedit, its display reset by el_resize,
      // then draws the whole line from its start.
      g_resized = 0;
      if (live) self->terminal_.stream() << "\r\x1b[J";
      el_resize(el);
    }
    if (resized || ready == 0) {
      self->update_countdown();
      self->pending_.assign(k_redisplay_keys.substr(1));
      self->pending_keys_ = self->pending_;
      *c = static_cast<wchar_t>(k_redisplay_keys.front());
      return 1;
    }
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return -1;
    char byte = 0;
    ssize_t n = ::read(STDIN_FILENO, &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) return 0;
    if ((byte == '\r' || byte == '\n') && !self->right_.empty()) {
      // Enter: redraw the line without the countdown first, so that the
      // line left behind holds only what was typed.
      self->right_.clear();
      self->pending_.assign(k_redisplay_keys.substr(1));
      self->pending_ += byte;
      self->pending_keys_ = self->pending_;
      *c = static_cast<wchar_t>(k_redisplay_keys.front());
      return 1;
    }
    wchar_t wc = 0;
    std::size_t r = std::mbrtowc(&wc, &byte, 1, &self->mb_state_);
    if (r == static_cast<std::size_t>(-2)) continue; // more bytes to come
    if (r == static_cast<std::size_t>(-1)) {
      self->mb_state_ = std::mbstate_t{};
      wc = static_cast<wchar_t>(static_cast<unsigned char>(byte));
    }
    *c = wc;
    return 1;
  }
}

ReadResult TerminalLineReader::read_line(const LinePrompt &prompt) {
  current_ = prompt;
  // libedit drops invisible bytes at the very end of a prompt, so the reset
  // code goes before the final space.
  std::string mark = prompt.continuation ? " " : ">";
  left_ = style_.enabled()
              ? k_literal + std::string("\x1b[1m") + k_literal + mark + k_literal + "\x1b[0m" + k_literal + " "
              : mark + " ";
  update_countdown();
  mb_state_ = std::mbstate_t{};
  int count = 0;
  const char *line = el_gets(el_, &count);
  if (stop_requested_ && stop_requested_()) return {ReadStatus::interrupted, ""};
  if (line == nullptr || count <= 0) {
    // Ctrl-D: move off the prompt line.
    terminal_.stream() << '\n';
    return {ReadStatus::end_of_input, ""};
  }
  std::string text(line, static_cast<std::size_t>(count));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty()) {
    HistEvent ev;
    history(history_, &ev, H_ENTER, text.c_str());
  }
  return {ReadStatus::line, text};
}

std::optional<std::string> TerminalEditor::edit(std::string_view draft, std::string &why) {
  std::string editor = env("VISUAL");
  if (editor.empty()) editor = env("EDITOR");
  if (editor.empty()) editor = "vi";

  std::string dir = env("TMPDIR");
  if (dir.empty()) dir = "/tmp";
  std::string path = dir + "/drill-answer-XXXXXX.md";
  int fd = ::mkstemps(path.data(), 3); // mode 0600
  if (fd < 0) {
    why = fmt::format("cannot create a temporary file in {}: {}", dir, std::strerror(errno));
    return std::nullopt;
  }
  std::string content(draft);
  bool wrote = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ::close(fd);
  if (!wrote) {
    ::unlink(path.c_str());
    why = "cannot write the temporary file";
    return std::nullopt;
  }

  // As git does: the editor setting is shell code (it may carry arguments),
  // the file name only ever an argument. The session ignores SIGINT while the
  // editor runs, so that Ctrl-C belongs to the editor.
  struct sigaction ignore {
  }, old_int{}, old_quit{};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGQUIT, &ignore, &old_quit);
  std::string script = editor + " \"$@\"";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGQUIT, SIG_DFL);
    ::signal(SIGPIPE, SIG_DFL);
    // The editor draws on the terminal even when stdout is a pipe.
    if (::isatty(STDOUT_FILENO) != 1) ::dup2(terminal_.fd(), STDOUT_FILENO);
    ::execl("/bin/sh", "sh", "-c", script.c_str(), editor.c_str(), path.c_str(), static_cast<char *>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  bool waited = false;
  if (pid > 0) {
    while (::waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) break;
    }
    waited = true;
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGQUIT, &old_quit, nullptr);

  std::optional<std::string> result;
  if (pid < 0 || !waited) {
    why = fmt::format("cannot start the editor: {}", std::strerror(errno));
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    why = fmt::format("the editor '{}' failed (status {}); the answer was not changed", editor,
                      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  } else {
    try {
      result = read_file(path);
    } catch (const Error &e) {
      why = e.what();
    }
  }
  ::unlink(path.c_str());
  return result;
}

} // namespace drill
