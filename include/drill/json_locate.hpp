#pragma once

#include "drill/question.hpp"

#include <cstddef>
#include <string_view>

namespace drill {

/// A 1-based line and column (the column counts UTF-8 characters).
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};

/// The line and column of a byte offset in `text`.
TextPosition position_of(std::string_view text, std::size_t offset);

/// Where the value at `path` starts in the JSON `text` (or its key, with
/// PathTarget::key). When the path does not exist in full, the deepest part
/// of it that does; the start of the document when nothing matches. `text`
/// is expected to be valid JSON; on anything else the result is only a hint.
std::size_t locate(std::string_view text, const JsonPath &path, PathTarget target = PathTarget::value);

} // namespace drill
