#include "bank/json_document.hpp"

namespace drill {

std::optional<nlohmann::json> parse_json_object(std::string_view text, const std::string &file, std::size_t depth,
                                                std::string_view too_deep, std::string_view not_object,
                                                std::vector<Diagnostic> &problems) {
  if (auto deep = excess_nesting(text, depth); deep != std::string_view::npos) {
    problems.push_back(Diagnostic{file, position_of(text, deep), std::string(too_deep)});
    return std::nullopt;
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error &e) {
    problems.push_back(
        Diagnostic{file, position_of(text, json_token_start(text, e.byte)), json_syntax_message(e.what())});
    return std::nullopt;
  }
  if (!doc.is_object()) {
    problems.push_back(
        Diagnostic{file, position_of(text, locate(text, {}, PathTarget::value)), std::string(not_object)});
    return std::nullopt;
  }
  return doc;
}

} // namespace drill
