// Feeds bytes to the reader of one `drill import` line (the answer-record
// format, docs/answer-record.md). A line is either refused with at least one
// named problem, or accepted; an accepted line must obey the rules the
// import promises (ids, scores, times in range) and must read back from its
// own JSON as the same record.

#include "fuzz_support.hpp"

#include "bank/question.hpp"
#include "history/record_line.hpp"
#include "util/json_locate.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

using namespace drill;
using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  if (excess_nesting(text) != std::string_view::npos) return 0; // refused before parsing, as import does
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return 0;
  std::vector<FieldProblem> problems;
  auto line = parse_record_line(j, problems);
  if (!line) {
    FUZZ_CHECK(!problems.empty());
    for (const auto &p : problems)
      FUZZ_CHECK(!p.field.empty() && !p.problem.empty());
    return 0;
  }
  FUZZ_CHECK(problems.empty());
  if (const auto *a = std::get_if<AnswerRecord>(&*line)) {
    FUZZ_CHECK(is_question_id(a->question_id) && is_question_id(a->session_id));
    FUZZ_CHECK(std::isfinite(a->score) && a->score >= 0 && a->score <= 100);
    FUZZ_CHECK(a->answered_at_ms >= 0);
    FUZZ_CHECK(a->time_limit_s >= 1 && a->time_limit_s <= 86400);
    FUZZ_CHECK(a->breakdown.is_object());
  }
  const json written = to_json(*line);
  std::vector<FieldProblem> again;
  auto back = parse_record_line(written, again);
  FUZZ_CHECK(back.has_value() && again.empty());
  FUZZ_CHECK(to_json(*back) == written);
  return 0;
}
