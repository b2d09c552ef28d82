#pragma once

// How an answer row is read back, shared by the files that implement History.
// Internal to src/history.

#include "history/answer_record.hpp"
#include "history/sqlite.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace drill {

struct SessionRecord;

/// The answer columns in the order read_answer() reads them.
inline constexpr const char *k_answer_columns =
    "session_id, mode, question_id, question_hash, role, category, difficulty, topics, answered_at_ms, elapsed_s, "
    "time_limit_s, score, breakdown, answer";

/// The session columns in the order read_session() reads them.
inline constexpr const char *k_session_columns = "id, mode, role, started_at_ms, ended_at_ms, answered, score_sum";

/// The session in the first 7 columns of `st` (k_session_columns).
SessionRecord read_session(const Statement &st);

/// JSON stored in a row; Error(data) naming `file` when it is malformed.
nlohmann::json parse_stored_json(const std::string &text, const std::filesystem::path &file);

/// The answer in the first 14 columns of `st` (k_answer_columns).
AnswerRecord read_answer(const Statement &st, const std::filesystem::path &file);

} // namespace drill
