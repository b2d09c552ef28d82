#pragma once

#include "scoring/tokens.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace drill {

enum class StarPart { situation, task, action, result };
/// "situation", "task", "action", "result".
std::string_view to_string(StarPart p);

/// Which STAR parts a behavioral answer shows, with the sentence for each.
struct StarResult {
  std::array<bool, 4> present{};       ///< indexed by StarPart
  std::array<std::string, 4> evidence; ///< the sentence that showed each part
  bool we_only = false;                ///< says "we" throughout and never what "I" did
  // What the story says about the teller, whatever its subject (docs/scoring.md, section 3):
  std::size_t own_actions = 0;       ///< sentences in which "I" does something
  std::size_t past_sentences = 0;    ///< sentences told in the past: events, not habits
  std::size_t generic_sentences = 0; ///< habits, rules of thumb and "I would..." sentences
  bool measured_result = false;      ///< a result sentence with a number in it
  bool reflection = false;           ///< says what was learned or what would change
  [[nodiscard]] bool has(StarPart p) const { return present[static_cast<std::size_t>(p)]; }
  [[nodiscard]] int count() const;
};

/// Finds the STAR parts of a behavioral answer, sentence by sentence
/// (docs/scoring.md lists the cues): Situation (when, where, what was at
/// stake), Task (the speaker's own responsibility), Action (first-person
/// action verbs) and Result (an outcome, ideally measured).
StarResult detect_star(std::string_view answer, const TokenizedText &text);

} // namespace drill
