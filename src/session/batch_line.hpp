#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drill {

/// The fields of one `drill grade --input` line that names a bank question.
struct BatchLine {
  std::string answer;
  std::string id;
  std::string key_json; ///< the "key" member as nlohmann would dump it; empty when absent
  std::optional<double> elapsed_s;
};

/// Reads the common shape of a batch line without building a JSON document:
/// one object with a string "answer", a string "id", and optionally "key"
/// (a string, an integer, true, false or null), "elapsed_s" (a number of 0
/// or more, or null) and members it ignores. Returns nothing for every other
/// line (an inline "question", a repeated member, an unusual number, JSON that
/// is invalid or nested too deep), which the caller hands to the full parser:
/// whatever this reader accepts, nlohmann::json::parse reads the same way, so
/// results and error messages do not depend on which path a line took.
std::optional<BatchLine> read_batch_line(std::string_view line);

} // namespace drill
