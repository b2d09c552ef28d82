#pragma once

// What a person says drill got wrong about a grade, in the terms the scorer
// works in (docs/scoring.md, section 9). The history keeps them beside the
// automatic grade; the scorer applies them when it grades again.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace drill {

/// One answer's corrections: key points the person made that drill missed,
/// and wrong claims drill heard that the person did not make.
struct Corrections {
  std::vector<std::string> made;     ///< concept names to count as made
  std::vector<std::string> not_said; ///< misconception claims to drop

  [[nodiscard]] bool empty() const { return made.empty() && not_said.empty(); }
  [[nodiscard]] bool counts_as_made(const std::string &name) const {
    return std::find(made.begin(), made.end(), name) != made.end();
  }
  [[nodiscard]] bool drops_claim(const std::string &claim) const {
    return std::find(not_said.begin(), not_said.end(), claim) != not_said.end();
  }
};

/// The words one person used for key points drill missed, learnt from their
/// disputes: question id -> concept name -> phrasings. Grading that person's
/// answers hears them as if the bank listed them.
using PersonalPhrasings = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

} // namespace drill
