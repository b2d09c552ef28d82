#pragma once
// Shared by the fuzz targets: an invariant check that stops the fuzzer, and
// the bundled banks loaded once per process.

#include "bank/bank.hpp"
#include "bank/lexicon.hpp"
#include "scoring/scorer.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string_view>

/// Stops the run with a crash the fuzzer records when an invariant fails.
#define FUZZ_CHECK(cond)                                                                                               \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                                \
      __builtin_trap();                                                                                                \
    }                                                                                                                  \
  } while (false)

namespace drill::fuzz {

/// The fuzzer's input as text.
inline std::string_view as_text(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

/// Every question in data/banks, loaded once; the load must be clean.
inline const Bank &bundled_bank() {
  static const Bank bank = [] {
    Bank b;
    std::vector<Diagnostic> problems;
    for (const auto &file : bank_files({DRILL_FUZZ_BANKS}))
      load_bank_file(file, b, problems);
    FUZZ_CHECK(problems.empty() && !b.empty());
    return b;
  }();
  return bank;
}

/// One scorer per process over the bundled bank. Grading is deterministic, so
/// its caches cannot make one input behave differently from a fresh run.
/// The bundled paraphrase lexicon, beside the banks.
inline const Lexicon &bundled_lexicon() {
  static const Lexicon lexicon = [] {
    Lexicon l;
    std::vector<Diagnostic> problems;
    load_lexicon_file(std::filesystem::path(DRILL_FUZZ_BANKS).parent_path() / "lexicon.json", l, problems);
    FUZZ_CHECK(problems.empty() && !l.groups.empty());
    return l;
  }();
  return lexicon;
}

inline Scorer &bundled_scorer() {
  static Scorer scorer(&bundled_bank(), &bundled_lexicon());
  return scorer;
}

/// Number of lines in `text` as an editor counts them (a last line without
/// '\n' counts; an empty text has one).
inline std::size_t line_count(std::string_view text) {
  std::size_t n = 1;
  for (char c : text)
    n += c == '\n';
  return n;
}

} // namespace drill::fuzz
