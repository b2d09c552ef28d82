#pragma once

#include "bank/bank.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// drill's technical paraphrase lexicon (docs/lexicon-format.md): groups of
/// single words that mean the same in backend-engineering talk, so that a
/// phrasing word also matches the other words of its group ("lock" and
/// "freeze", "replica" and "copy").
struct Lexicon {
  struct Group {
    std::vector<std::string> words; ///< lower case, one word each, two or more
    std::string note;               ///< the shared sense, for authors
  };
  std::vector<Group> groups;
};

/// The lexicon format version this drill reads.
inline constexpr int k_lexicon_format_version = 1;

/// Reads a lexicon document into `lexicon` (groups are appended). Every
/// problem is appended to `problems` with its file, line and column; the
/// groups are added only when the document has none.
void load_lexicon_text(std::string_view text, const std::string &file, Lexicon &lexicon,
                       std::vector<Diagnostic> &problems);
/// The same for a file; throws Error(no_input) when it cannot be read.
void load_lexicon_file(const std::filesystem::path &file, Lexicon &lexicon, std::vector<Diagnostic> &problems);

/// True for text that declares itself a lexicon ("format": "drill-lexicon"),
/// so that `drill bank validate` can check either kind of file.
bool looks_like_lexicon(std::string_view text);

} // namespace drill
