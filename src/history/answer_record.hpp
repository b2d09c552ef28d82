#pragma once

// One graded answer: what the session hands to the history, and its JSON
// line form, shared by drill export, drill import and the fallback file
// that keeps answers the database could not take.

#include "bank/question.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace drill {

/// One graded answer, as the session or `drill grade` hands it over.
struct AnswerRecord {
  std::string session_id; ///< random hex id of the session
  std::string mode;       ///< "interactive", "piped", "worksheet", "grade" or "interview"
  std::string question_id;
  std::string question_hash;        ///< question_hash() of the question as it was asked
  std::string role;                 ///< the role practised
  std::string category, difficulty; ///< bank spellings, e.g. "system-design", "advanced"
  std::vector<std::string> topics;
  std::int64_t answered_at_ms = 0; ///< UTC, ms since the Unix epoch
  std::optional<double> elapsed_s; ///< empty when not timed (piped input)
  int time_limit_s = 0;
  double score = 0;         ///< 0..100
  nlohmann::json breakdown; ///< {"concepts": {"hit": [...], "missed": [...]}, "star": ... or null, ...}
  std::string answer;       ///< the raw answer text
  /// drill's own score and breakdown, kept when a correction changed `score`.
  std::optional<double> auto_score{};
  nlohmann::json auto_breakdown{};
  std::optional<int> rating{}; ///< the person's latest 1-4 self-rating

  bool operator==(const AnswerRecord &) const = default;
};

/// A 16-digit hex FNV-1a digest of the question's content (prompt, concepts,
/// model answer and the rest of its bank form), so that history can tell
/// when a question changed under the same id.
std::string question_hash(const Question &q);

/// The answer as one "answer" line of the record format (docs/answer-record.md).
nlohmann::json to_json(const AnswerRecord &a);
/// JSON text on one line; bytes that are not valid UTF-8 (an answer pasted
/// from a Latin-1 terminal, say) become U+FFFD instead of failing.
std::string dump_line(const nlohmann::json &j);

/// Appends the answer as one JSON line to `file` (created with mode 0600 in a
/// 0700 directory) and flushes it to disk: where an answer goes when the
/// database cannot take it. Throws Error(io) when that fails too.
void append_fallback(const AnswerRecord &a, const std::filesystem::path &file);

/// The concept names listed under breakdown["concepts"][which] ("hit" or
/// "missed"); empty when the breakdown does not have them.
std::vector<std::string> breakdown_concepts(const nlohmann::json &breakdown, const char *which);

/// $XDG_STATE_HOME/drill/unsaved-answers.jsonl
std::filesystem::path fallback_path();

/// Creates `dir` and any missing parents with mode 0700 (answers are
/// personal); a directory that exists keeps its permissions. Throws Error(io).
void create_private_dir(const std::filesystem::path &dir);

} // namespace drill
