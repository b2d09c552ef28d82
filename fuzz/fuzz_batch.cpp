// Feeds bytes to `drill grade --input`: JSON Lines naming a bundled question
// by id or carrying an inline question object, each graded or answered with
// an error line.
// Every line the direct reader (src/batch_line.cpp) accepts is also read by
// the full parser, and both must give the same fields.

#include "fuzz_support.hpp"

#include "session/batch.hpp"

#include "support/batch_line_reference.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

using namespace drill;
using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  std::istringstream in{std::string(text)};
  std::ostringstream out;
  ExitStatus status = grade_batch(in, out, fuzz::bundled_bank(), fuzz::bundled_scorer());

  // One output line per input line that holds anything but blanks.
  std::size_t expected = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) ++expected;
    // The direct reader must mean what the full parser means, or decline.
    if (auto fast = read_batch_line(line)) {
      auto slow = batch_line_reference(line);
      FUZZ_CHECK(slow.has_value());
      FUZZ_CHECK(fast->answer == slow->answer && fast->id == slow->id && fast->key_json == slow->key_json);
      FUZZ_CHECK(fast->elapsed_s == slow->elapsed_s);
    }
    start = end + 1;
  }

  std::istringstream results(out.str());
  std::string line;
  std::size_t count = 0;
  bool any_error = false;
  while (std::getline(results, line)) {
    ++count;
    // Every output line is one JSON object: an error with its line number,
    // or a grade with a score in 0..100.
    json r = json::parse(line, nullptr, false);
    FUZZ_CHECK(!r.is_discarded() && r.is_object());
    if (r.contains("error")) {
      any_error = true;
      FUZZ_CHECK(r["error"].is_string() && !r["error"].get<std::string>().empty());
      FUZZ_CHECK(r["line"].is_number_unsigned() && r["line"].get<std::size_t>() >= 1);
    } else {
      FUZZ_CHECK(r["score"].is_number_integer());
      int score = r["score"].get<int>();
      FUZZ_CHECK(score >= 0 && score <= 100);
      FUZZ_CHECK(r["id"].is_string() && is_question_id(r["id"].get<std::string>()));
      FUZZ_CHECK(r["coverage"].is_number() && r["coverage"].get<double>() >= 0 && r["coverage"].get<double>() <= 1);
    }
  }
  FUZZ_CHECK(count == expected);
  FUZZ_CHECK((status == ExitStatus::data) == any_error);
  FUZZ_CHECK(status == ExitStatus::data || status == ExitStatus::ok);
  return 0;
}
