#pragma once

// Small terminal charts: sparklines and bars, in Unicode block characters
// where the locale is UTF-8 and in plain ASCII elsewhere.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

enum class Glyphs { unicode, ascii };

/// Whether a locale setting names UTF-8: the first non-empty of LC_ALL,
/// LC_CTYPE and LANG (POSIX precedence) contains "UTF-8" or "utf8", in any case.
bool is_utf8_locale(std::string_view lc_all, std::string_view lc_ctype, std::string_view lang);

/// One character per value, from ▁ (0) to █ (`max`), or from '_' to '#' in
/// ASCII; a space for a missing value.
std::string sparkline(const std::vector<std::optional<double>> &values, double max, Glyphs glyphs);

/// A horizontal bar of `width` cells for value / max, with eighth-cell blocks
/// in Unicode and '#' in ASCII, padded with spaces to `width`.
std::string bar(double value, double max, std::size_t width, Glyphs glyphs);

} // namespace drill
