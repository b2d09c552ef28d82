#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// Edit distance between two byte strings (insert, delete, substitute and
/// swap two adjacent characters each cost 1). Stops early and returns `limit + 1` once it exceeds `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit = 1000);

/// The candidate closest to `word` if it is close enough to be a plausible
/// typo (distance at most a third of the word's length, and at least 1), else
/// nothing. Ties go to the first candidate.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string> &candidates);

/// " (did you mean 'x'?)" or "" — ready to append to an error message.
std::string did_you_mean_suffix(std::string_view word, const std::vector<std::string> &candidates);

/// "a, b, c" — the items joined with a separator.
std::string join(const std::vector<std::string> &items, std::string_view separator = ", ");

} // namespace drill
