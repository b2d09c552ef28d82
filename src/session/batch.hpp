#pragma once

#include "bank/bank.hpp"
#include "scoring/scorer.hpp"
#include "util/exit_status.hpp"

#include <iosfwd>

namespace drill {

/// Grades JSON Lines: each input line is {"answer", "id" | "question", "key"?,
/// "elapsed_s"?}. Writes exactly one JSON object per line, in order: the
/// grade, or {"line", "error"} for a line that cannot be graded. Returns
/// ExitStatus::data when any line failed, else ok.
ExitStatus grade_batch(std::istream &in, std::ostream &out, const Bank &bank, Scorer &scorer);

} // namespace drill
