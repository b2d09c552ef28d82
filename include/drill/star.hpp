#pragma once

#include "drill/scorer.hpp"
#include "drill/tokens.hpp"

#include <string_view>

namespace drill {

/// Finds the STAR parts of a behavioral answer, sentence by sentence
/// (docs/scoring.md lists the cues): Situation (when, where, what was at
/// stake), Task (the speaker's own responsibility), Action (first-person
/// action verbs) and Result (an outcome, ideally measured).
StarResult detect_star(std::string_view answer, const TokenizedText &text);

} // namespace drill
