#pragma once
// The meaning of a batch line by the full parser, shared by the unit test and
// the batch fuzz target that compare drill::read_batch_line against it.

#include "session/batch_line.hpp"
#include "util/json_locate.hpp"

#include <nlohmann/json.hpp>

namespace drill {

// What the full parser makes of a line that names a bank question: the
// meaning read_batch_line must reproduce whenever it accepts a line.
inline std::optional<BatchLine> batch_line_reference(const std::string &line) {
  if (excess_nesting(line) != std::string::npos) return std::nullopt;
  nlohmann::json in = nlohmann::json::parse(line, nullptr, false);
  if (in.is_discarded() || !in.is_object() || in.contains("question")) return std::nullopt;
  if (!in.contains("answer") || !in["answer"].is_string() || !in.contains("id") || !in["id"].is_string())
    return std::nullopt;
  BatchLine out;
  out.answer = in["answer"].get<std::string>();
  out.id = in["id"].get<std::string>();
  if (in.contains("key")) out.key_json = in["key"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (in.contains("elapsed_s") && !in["elapsed_s"].is_null()) {
    if (!in["elapsed_s"].is_number() || in["elapsed_s"].get<double>() < 0) return std::nullopt;
    out.elapsed_s = in["elapsed_s"].get<double>();
  }
  return out;
}

} // namespace drill
