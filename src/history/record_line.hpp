#pragma once

// The answer-record format (docs/answer-record.md): the typed lines that the
// --log transcript, drill export, the fallback file and drill import share.
// Every line is one JSON object with a "type"; this file turns each type into
// JSON and back, checking every field against the rules the bank and the
// session use, so that an import stores nothing a session could not have.

#include "history/answer_record.hpp"
#include "history/history.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace drill {

/// What only the session log adds to an answer line, for a person reading it.
struct AnswerNotes {
  std::string prompt;
  int hints_used = 0;
};

/// What only the session log adds to a session line.
struct SessionNotes {
  std::size_t questions = 0;
  std::size_t skipped = 0;
  bool interrupted = false;
};

/// A correction of a recorded answer, with the grade it led to when it changed one.
struct CorrectionLine {
  AnswerKey answer;
  Correction correction;
  std::optional<double> score; ///< the corrected score; empty when the grade did not change (or is on the answer line)
  nlohmann::json breakdown;    ///< the corrected breakdown, with `score`
};

/// One rescores row: a score that `drill rescore` replaced.
struct RescoreLine {
  AnswerKey answer;
  std::int64_t rescored_at_ms = 0;
  std::string question_hash;
  double old_score = 0;
  double new_score = 0;
  nlohmann::json old_breakdown;
};

/// One personal phrasing a `made` correction taught.
struct PhrasingLine {
  std::string question_id;
  std::string concept_name;
  std::string phrasing;
  std::int64_t added_at_ms = 0;
};

/// Any line of the format.
using RecordLine = std::variant<AnswerRecord, SessionRecord, CorrectionLine, RescoreLine, PhrasingLine>;

/// One field that breaks a rule: `field` is its key ("score", "breakdown").
struct FieldProblem {
  std::string field;
  std::string problem;
};

/// The line as JSON, "type" included. Notes are written only when given.
nlohmann::json to_json(const AnswerRecord &a, const AnswerNotes *notes);
nlohmann::json to_json(const SessionRecord &s, const SessionNotes *notes);
nlohmann::json to_json(const CorrectionLine &c);
nlohmann::json to_json(const RescoreLine &r);
nlohmann::json to_json(const PhrasingLine &p);
nlohmann::json to_json(const RecordLine &line);

/// The line `j` stands for. A line without "type" is an answer (exports and
/// fallback files written before lines had types). Returns nothing, with
/// every broken rule in `problems`, when a field is missing, of the wrong
/// kind or out of range, or a key is unknown.
std::optional<RecordLine> parse_record_line(const nlohmann::json &j, std::vector<FieldProblem> &problems);

} // namespace drill
