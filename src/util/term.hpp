#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace drill {

enum class ColorMode { automatic, always, never };

/// Parses "auto", "always" or "never"; throws Error(usage) otherwise.
ColorMode parse_color_mode(std::string_view s);

/// Whether to colour output on `fd`: always/never as asked; automatic means a
/// terminal, TERM not "dumb", and NO_COLOR unset or empty (no-color.org).
bool color_enabled(ColorMode mode, int fd);

/// ANSI styling that turns into plain text when disabled.
class Style {
public:
  explicit Style(bool enabled = false) : enabled_(enabled) {}
  [[nodiscard]] bool enabled() const { return enabled_; }
  [[nodiscard]] std::string bold(std::string_view s) const { return wrap("1", s); }
  [[nodiscard]] std::string dim(std::string_view s) const { return wrap("2", s); }
  [[nodiscard]] std::string red(std::string_view s) const { return wrap("31", s); }
  [[nodiscard]] std::string green(std::string_view s) const { return wrap("32", s); }
  [[nodiscard]] std::string yellow(std::string_view s) const { return wrap("33", s); }
  [[nodiscard]] std::string cyan(std::string_view s) const { return wrap("36", s); }

private:
  [[nodiscard]] std::string wrap(std::string_view code, std::string_view s) const;
  bool enabled_;
};

/// Whether the terminal named by TERM can move the cursor, so that a line
/// can be redrawn in place: not when TERM is unset, "dumb" or "unknown"
/// (Emacs shells, some CI logs, serial consoles).
bool terminal_redraws();

/// Columns to format for on `fd`: $COLUMNS, else the terminal's width, else
/// 80; clamped to 40..100 so that text stays readable.
std::size_t text_width(int fd);

/// Word-wraps `text` to `width` columns (UTF-8 aware), starting every line
/// with `indent`. Existing line breaks are kept.
std::string wrap_text(std::string_view text, std::size_t width, std::string_view indent = "");

/// Number of UTF-8 characters in `s` (not bytes).
std::size_t display_width(std::string_view s);

} // namespace drill
