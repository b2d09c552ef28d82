#pragma once

#include "scoring/tokens.hpp"

#include <cstddef>
#include <vector>

namespace drill {

/// What a negation before a match does to it (docs/scoring.md, section 2).
enum class Negation {
  none,      ///< nothing negates it
  rejects,   ///< the idea itself is ruled out: "no need for an index", "don't use a cache"
  describes, ///< a negated verb describes a behaviour the idea is about:
             ///< "transactions do not see uncommitted changes"
};

/// How the words before tokens[start], in its clause, negate a match that
/// begins there.
Negation negation_before(const std::vector<Token> &tokens, std::size_t start);

/// True when the words after tokens[end], in its clause, dismiss what was
/// just named: "prepared statements are overkill", "retries I'd skip".
bool dismissed_after(const std::vector<Token> &tokens, std::size_t end);

/// True when a claim heard in tokens[start..end] is not asserted but denied
/// or reported as someone else's mistake: any negation of it, a dismissal,
/// "instead of" before it, or a sentence that names it a myth or a mistake
/// ("a common mistake is to think that...").
bool disowned(const std::vector<Token> &tokens, std::size_t start, std::size_t end);

} // namespace drill
