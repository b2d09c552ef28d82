#pragma once

// Loads a bank document with both parsers (BankParser::fast and ::nlohmann)
// and says where they disagree. Shared by the unit tests and the bank fuzz
// target, so that fuzzing looks for exactly what the tests check.

#include "bank/bank.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace drill::test {

/// The first difference between the two parsers on `text` (questions, every
/// field, and problems, in order), or "" when they agree. `earlier` is loaded
/// into both banks first, so duplicate ids across files are compared too.
inline std::string parsers_disagree(std::string_view text, const std::string &file = "x.json",
                                    const Bank &earlier = Bank()) {
  Bank fast = earlier;
  Bank slow = earlier;
  std::vector<Diagnostic> fast_problems;
  std::vector<Diagnostic> slow_problems;
  load_bank_text(text, file, fast, fast_problems, BankParser::fast);
  load_bank_text(text, file, slow, slow_problems, BankParser::nlohmann);
  if (fast.questions().size() != slow.questions().size())
    return fmt::format("{} questions from the fast parser, {} from nlohmann", fast.questions().size(),
                       slow.questions().size());
  for (std::size_t i = 0; i < fast.questions().size(); ++i)
    if (!(fast.questions()[i] == slow.questions()[i]))
      return fmt::format("question {} ('{}') differs", i, slow.questions()[i].id);
  if (fast_problems.size() != slow_problems.size())
    return fmt::format("{} problems from the fast parser, {} from nlohmann", fast_problems.size(),
                       slow_problems.size());
  for (std::size_t i = 0; i < fast_problems.size(); ++i)
    if (fast_problems[i].to_string() != slow_problems[i].to_string())
      return fmt::format("problem {}: fast says '{}', nlohmann says '{}'", i, fast_problems[i].to_string(),
                         slow_problems[i].to_string());
  return "";
}

} // namespace drill::test
