#pragma once
// The bundled banks and lexicon, loaded once per test run, as drill loads them.

#include "bank/bank.hpp"
#include "bank/lexicon.hpp"

#include <catch2/catch.hpp>

namespace drill::test {

/// Every bundled bank file; fails the test that asks when one has a problem.
inline const Bank &bundled_bank() {
  static const Bank bank = [] {
    Bank b;
    std::vector<Diagnostic> problems;
    for (const auto &file : bank_files({DRILL_TEST_DATA "/banks"}))
      load_bank_file(file, b, problems);
    for (const auto &p : problems)
      UNSCOPED_INFO(p.to_string());
    REQUIRE(problems.empty());
    return b;
  }();
  return bank;
}

/// The bundled lexicon, as drill grades with it.
inline const Lexicon &bundled_lexicon() {
  static const Lexicon lexicon = [] {
    Lexicon l;
    std::vector<Diagnostic> problems;
    load_lexicon_file(DRILL_TEST_DATA "/lexicon.json", l, problems);
    for (const auto &p : problems)
      UNSCOPED_INFO(p.to_string());
    REQUIRE(problems.empty());
    return l;
  }();
  return lexicon;
}

} // namespace drill::test
