#pragma once

#include "bank/question.hpp"

#include <functional>
#include <optional>
#include <string_view>

namespace drill {

/// One element of a bank's "questions" array, as read_bank_text met it.
struct BankElement {
  std::size_t index = 0; ///< its position in the array
  std::string_view text; ///< its JSON text, valid on its own
  std::string_view role; ///< the file's "role" (a valid slug)
  /// The question, when the element passed every check parse_question makes
  /// and came out the same; empty when only parse_question can say what is
  /// wrong with it (or whether anything is).
  std::optional<Question> question;
};

/// Reads a bank document in one strict pass (RFC 8259, UTF-8 checked, at most
/// k_max_json_depth levels) and hands each element of "questions" to
/// `on_element` in order. Returns false, having stopped at once, when the text
/// is anything but well-formed JSON with a clean header (format, version 1,
/// a slug role, then questions, and no other key but "$schema"), or when
/// `on_element` returns false: the caller must then read the text with
/// nlohmann_json, which gives the precise message. Elements handed over
/// before a false return are to be thrown away.
bool read_bank_text(std::string_view text, const std::function<bool(BankElement &)> &on_element);

} // namespace drill
