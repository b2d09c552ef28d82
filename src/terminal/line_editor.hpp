#pragma once

#include "session/session.hpp"
#include "util/term.hpp"

#include <csignal>
#include <cwchar>
#include <termios.h>

#include <cstdio>
#include <memory>
#include <ostream>

struct editline;
struct history;

namespace drill {

/// The person's terminal: /dev/tty, or stderr when that cannot be opened and
/// is a terminal. Prompts, the countdown and hints go here, never to stdout,
/// so that `drill | tee log` keeps a clean log. Restores stdin's terminal
/// modes when destroyed.
class Terminal {
public:
  /// Throws Error(no_input) when there is no terminal to talk to.
  Terminal();
  ~Terminal();
  Terminal(const Terminal &) = delete;
  Terminal &operator=(const Terminal &) = delete;
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] FILE *file() const { return file_; }
  /// Unbuffered output to the terminal.
  std::ostream &stream() { return *stream_; }

private:
  FILE *file_ = nullptr;
  int fd_ = -1;
  bool owned_ = false;
  bool saved_ = false;
  termios saved_modes_{};
  std::unique_ptr<std::streambuf> buffer_;
  std::unique_ptr<std::ostream> stream_;
};

/// How the time left is shown while an answer is typed.
enum class Countdown {
  live,      ///< a right-hand prompt redrawn every second
  on_request ///< only by :time, for terminals that cannot redraw a line (TERM=dumb)
};

/// Reads answer lines from stdin with libedit line editing, showing the time
/// left as a right-hand prompt that is redrawn every second (Countdown::live).
class TerminalLineReader final : public LineReader {
public:
  /// `stop_requested` is polled while waiting for keys.
  TerminalLineReader(Terminal &terminal, Style style, bool (*stop_requested)(), Countdown countdown = Countdown::live);
  ~TerminalLineReader() override;
  TerminalLineReader(const TerminalLineReader &) = delete;
  TerminalLineReader &operator=(const TerminalLineReader &) = delete;
  ReadResult read_line(const LinePrompt &prompt) override;

private:
  static int get_char(editline *el, wchar_t *c);
  static char *left_prompt(editline *el);
  static char *right_prompt(editline *el);
  static unsigned char redisplay(editline *el, int ch);
  void update_countdown();

  Terminal &terminal_;
  Style style_;
  bool (*stop_requested_)();
  editline *el_ = nullptr;
  history *history_ = nullptr;
  LinePrompt current_;
  std::string left_;
  std::string right_;
  std::mbstate_t mb_state_{};
  Countdown countdown_;
  std::string pending_;           ///< keys get_char() feeds to libedit before reading more
  std::string_view pending_keys_; ///< what is left of pending_
  struct sigaction old_winch_ {};
};

/// The countdown text for `left` seconds: "2:31 left", or "0:12 over" once
/// past the limit.
std::string countdown_text(double left);

/// How the countdown looks: calm, a warning in the last 20% of the time
/// (the last 30 s when the limit is unknown), and over once it has run out.
enum class CountdownTone { calm, warning, over };
CountdownTone countdown_tone(double left_s, int limit_s);

/// :edit through $VISUAL, else $EDITOR, else vi, on a private temporary
/// file, run as git runs its editor: sh -c '<editor> "$@"' <editor> FILE.
class TerminalEditor final : public AnswerEditor {
public:
  explicit TerminalEditor(Terminal &terminal) : terminal_(terminal) {}
  std::optional<std::string> edit(std::string_view draft, std::string &why) override;

private:
  Terminal &terminal_;
};

} // namespace drill
