#pragma once

#include "bank/question.hpp"
#include "scoring/scorer.hpp"
#include "util/term.hpp"

#include <string>

namespace drill {

/// The feedback an interviewer would give, as text: score, covered concepts
/// with evidence, missed ones, STAR parts, and delivery notes.
std::string render_feedback(const Question &q, const Feedback &fb, const Style &style, std::size_t width);

/// "82/100" coloured by band: green from 70, yellow from 40, red below.
std::string render_score(int score, const Style &style);

} // namespace drill
