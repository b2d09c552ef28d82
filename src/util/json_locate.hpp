#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// A JSON path such as {"questions", "3", "concepts"}: object keys, and array
/// indices written in decimal.
using JsonPath = std::vector<std::string>;

/// Where a problem points: at a value, or at the key that names it.
enum class PathTarget { value, key };

/// A 1-based line and column (the column counts UTF-8 characters).
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};

/// The line and column of a byte offset in `text`.
TextPosition position_of(std::string_view text, std::size_t offset);

/// The deepest nesting of arrays and objects drill accepts in any JSON it
/// reads. Its own formats need 5 levels; the limit keeps the recursive parts
/// of nlohmann_json (copying and printing a value) far from the stack's end.
constexpr std::size_t k_max_json_depth = 64;

/// The offset of the first '[' or '{' in `text` that opens a level deeper
/// than `max_depth`, or npos. Scans the text once, without recursion, so it
/// is safe to call before parsing text of any shape.
std::size_t excess_nesting(std::string_view text, std::size_t max_depth = k_max_json_depth);

/// Where the value at `path` starts in the JSON `text` (or its key, with
/// PathTarget::key). When the path does not exist in full, the deepest part
/// of it that does; the start of the document when nothing matches. `text`
/// is expected to be valid JSON; on anything else the result is only a hint.
std::size_t locate(std::string_view text, const JsonPath &path, PathTarget target = PathTarget::value);

} // namespace drill
