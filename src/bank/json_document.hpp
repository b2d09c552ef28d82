#pragma once

#include "bank/bank.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// Parses the text of a small data file (the lexicon, the skills list) that
/// must hold one JSON object. Nesting deeper than `depth`, a syntax error or
/// another kind of value becomes a problem at its line and column, using
/// `too_deep` or `not_object` as the message, and the result is empty.
std::optional<nlohmann::json> parse_json_object(std::string_view text, const std::string &file, std::size_t depth,
                                                std::string_view too_deep, std::string_view not_object,
                                                std::vector<Diagnostic> &problems);

} // namespace drill
