// Feeds bytes to the bank loader exactly as `drill bank validate` and every
// command that loads a bank file see them (load_bank_text is what
// load_bank_file calls after reading), then checks what came out. It also
// loads them with BankParser::nlohmann and stops on any difference from the
// fast reader, in questions or in problems.

#include "fuzz_support.hpp"

#include "support/bank_differential.hpp"

#include "bank/question.hpp"

#include <nlohmann/json.hpp>

using namespace drill;

namespace {

const std::string k_file = "fuzz/bank.json";

void check_diagnostics(std::string_view text, const std::vector<Diagnostic> &problems, std::size_t from) {
  std::size_t lines = fuzz::line_count(text);
  for (std::size_t i = from; i < problems.size(); ++i) {
    const Diagnostic &d = problems[i];
    FUZZ_CHECK(d.file == k_file);
    FUZZ_CHECK(!d.message.empty());
    // Every problem points into the file: a line that exists, a column >= 1.
    FUZZ_CHECK(d.position.line >= 1 && d.position.line <= lines);
    FUZZ_CHECK(d.position.column >= 1 && d.position.column <= text.size() + 1);
    FUZZ_CHECK(d.to_string().starts_with(k_file + ":"));
  }
}

void check_question(const Bank &bank, const Question &q) {
  FUZZ_CHECK(is_question_id(q.id));
  FUZZ_CHECK(bank.find(q.id) == &q);
  FUZZ_CHECK(!q.roles.empty());
  FUZZ_CHECK(!q.prompt.empty());
  FUZZ_CHECK(q.time_limit_s > 0);
  FUZZ_CHECK(!q.concepts.empty() || !q.model_answer.empty());
  FUZZ_CHECK(q.source == k_file);
  // What `plan --format json` writes must read back as the same question.
  std::vector<Problem> problems;
  auto again = parse_question(to_json(q), "any", {"questions", "0"}, problems);
  FUZZ_CHECK(again.has_value() && problems.empty());
  FUZZ_CHECK(again->id == q.id && again->prompt == q.prompt && again->roles == q.roles);
  FUZZ_CHECK(again->concepts.size() == q.concepts.size() && again->model_answer == q.model_answer);
  FUZZ_CHECK(again->time_limit_s == q.time_limit_s && again->star == q.star);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  Bank bank;
  std::vector<Diagnostic> problems;
  load_bank_text(text, k_file, bank, problems);
  check_diagnostics(text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text, problems, 0);
  for (const auto &q : bank.questions())
    check_question(bank, q);

  // Loading the same file again must add nothing and name each question as a
  // duplicate, pointing back into this file.
  std::size_t before = problems.size();
  std::size_t questions = bank.questions().size();
  load_bank_text(text, k_file, bank, problems);
  FUZZ_CHECK(bank.questions().size() == questions);
  FUZZ_CHECK(problems.size() == 2 * before + questions);
  check_diagnostics(text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text, problems, before);

  // The fast reader and nlohmann agree, on a file alone and loaded a second
  // time (when each of its questions is a duplicate).
  std::string why = test::parsers_disagree(text, k_file);
  if (why.empty()) why = test::parsers_disagree(text, k_file, bank);
  if (!why.empty()) std::fprintf(stderr, "parsers disagree: %s\n", why.c_str());
  FUZZ_CHECK(why.empty());
  return 0;
}
