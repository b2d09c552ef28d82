#pragma once

#include "bank/question.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// A practice worksheet in Markdown (docs/worksheet-format.md): a heading per
/// question, "## Q<n> [<id>]", then its prompt and an empty "### Answer"
/// section for the person to fill in.
/// With `follow_ups`, up to that many of each question's own follow-ups
/// follow its answer, each under "#### Follow-up: <question>".
std::string render_worksheet(const std::vector<const Question *> &questions, std::string_view role, std::uint64_t seed,
                             std::size_t follow_ups = 0);

/// A follow-up section of a filled worksheet.
struct WorksheetFollowUp {
  std::string asked;  ///< the question in its heading
  std::string answer; ///< trimmed; "" when left blank
};

/// One entry of a filled worksheet.
struct WorksheetEntry {
  std::size_t number = 0; ///< the n in "## Q<n>"
  std::string id;
  std::string answer;   ///< trimmed; "" when left blank
  std::size_t line = 0; ///< line of the heading, for messages
  std::vector<WorksheetFollowUp> follow_ups;
};

/// Reads a filled worksheet back. Throws Error(data) naming the line when it
/// holds no question headings at all.
std::vector<WorksheetEntry> parse_worksheet(std::string_view text, std::string_view file);

} // namespace drill
