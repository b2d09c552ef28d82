// Feeds bytes to the worksheet reader (`drill grade --worksheet`), and, as a
// question prompt, through a rendered worksheet that must read back intact.

#include "fuzz_support.hpp"

#include "bank/worksheet.hpp"
#include "util/error.hpp"

using namespace drill;

namespace {

bool is_trimmed(const std::string &s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  return s.empty() || (!space(s.front()) && !space(s.back()));
}

void read_filled(std::string_view text) {
  std::vector<WorksheetEntry> entries;
  try {
    entries = parse_worksheet(text, "fuzz/sheet.md");
  } catch (const Error &e) {
    // The only failure is a sheet without headings, and it says which file.
    FUZZ_CHECK(e.status() == ExitStatus::data);
    FUZZ_CHECK(std::string_view(e.what()).starts_with("fuzz/sheet.md: "));
    return;
  }
  FUZZ_CHECK(!entries.empty());
  std::size_t lines = fuzz::line_count(text);
  std::size_t previous = 0;
  for (const auto &e : entries) {
    FUZZ_CHECK(is_question_id(e.id));
    FUZZ_CHECK(e.line > previous && e.line <= lines);
    FUZZ_CHECK(is_trimmed(e.answer));
    FUZZ_CHECK(e.answer.size() <= text.size());
    previous = e.line;
  }
}

// Whatever a prompt holds, it is quoted in the sheet and cannot pass for a
// heading or an answer.
void round_trip(std::string_view prompt) {
  const auto &all = fuzz::bundled_bank().questions();
  std::vector<Question> questions(all.begin(), all.begin() + 2);
  for (auto &q : questions)
    q.prompt = std::string(prompt);
  std::vector<const Question *> pointers{&questions[0], &questions[1]};
  auto entries = parse_worksheet(render_worksheet(pointers, "backend", 7), "fuzz/sheet.md");
  FUZZ_CHECK(entries.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    FUZZ_CHECK(entries[i].number == i + 1);
    FUZZ_CHECK(entries[i].id == questions[i].id);
    FUZZ_CHECK(entries[i].answer.empty());
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  read_filled(text);
  round_trip(text);
  return 0;
}
