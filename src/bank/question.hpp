#pragma once

#include "util/json_locate.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

enum class Category { technical, behavioral, situational, system_design };
enum class Difficulty { beginner, intermediate, advanced };

/// The bank spelling of a category ("system-design") or difficulty.
std::string_view to_string(Category c);
std::string_view to_string(Difficulty d);
/// Parse the bank spelling; nothing when it is not one of the known values.
std::optional<Category> parse_category(std::string_view s);
std::optional<Difficulty> parse_difficulty(std::string_view s);
/// Every valid spelling, in the canonical order.
const std::vector<std::string> &category_names();
const std::vector<std::string> &difficulty_names();

/// The time limit a question gets when its bank does not set one.
int default_time_limit_s(Category c);

/// The largest concept weight a bank may give: with every weight bounded, a
/// question's total stays finite and its shares of it meaningful.
constexpr double k_max_concept_weight = 100.0;

/// One key point an answer should make; any one of the phrasings counts.
struct Concept {
  std::string name;
  std::vector<std::string> any;
  double weight = 1.0;
  std::string probe{}; ///< optional: the follow-up an interviewer asks when the point is missed
  /// A problem the answer names to avoid it (a lost update, overselling): "we never oversell"
  /// makes the point, so a negation never rules it out (format version 3).
  bool problem = false;

  bool operator==(const Concept &) const = default;
};

/// A wrong claim candidates commonly make (bank format v2). Heard with the
/// same engine as a concept; when an answer makes it, the score loses
/// points and the feedback gives the correction.
struct Misconception {
  std::string claim;            ///< the wrong claim, as a short label
  std::vector<std::string> any; ///< ways of saying it; one match counts
  std::string correction;       ///< one sentence: what is true instead
  double weight = 2.0;          ///< 3 = the main point wrong, 2 = significant, 1 = minor

  bool operator==(const Misconception &) const = default;
};

/// A question as the bank format describes it, with defaults applied.
struct Question {
  std::string id;
  std::string prompt;
  Category category = Category::technical;
  Difficulty difficulty = Difficulty::beginner;
  std::vector<std::string> roles; ///< never empty after parsing; may hold "any"
  std::vector<std::string> topics;
  int time_limit_s = 0;
  bool star = false;
  std::vector<Concept> concepts; ///< may be empty when model_answer is set
  std::vector<Misconception> misconceptions;
  std::string model_answer;
  /// More answers that make the same points in other words (a junior's plain
  /// ones, say): the overlap term compares an answer with each (format 3).
  std::vector<std::string> references;
  std::vector<std::string> tips;
  std::vector<std::string> follow_ups;
  std::string source;           ///< the bank file it came from, or "" for inline questions
  std::size_t source_index = 0; ///< its position in that file's "questions" array

  /// True when the question is meant for `role` (directly or through "any").
  [[nodiscard]] bool for_role(std::string_view role) const;
  /// Field by field, source included.
  bool operator==(const Question &) const = default;
};

/// One thing wrong with a document, before it is given a file position.
struct Problem {
  JsonPath path;
  PathTarget target = PathTarget::value;
  std::string question_id; ///< "" when the problem is outside a question
  std::string message;
};

/// Parse one question object (bank format v1 or v2). Every problem found is appended
/// to `problems` with its path below `base`; the question is returned only
/// when it has none. `default_role` fills `roles` when the object has none.
std::optional<Question> parse_question(const nlohmann::json &object, std::string_view default_role,
                                       const JsonPath &base, std::vector<Problem> &problems);

/// The question in bank format v2 (defaults written out), e.g. for `plan --format json`.
nlohmann::json to_json(const Question &q);

/// True for a slug: [a-z0-9][a-z0-9-]* (roles and topics).
bool is_slug(std::string_view s);
/// True for a question id: [a-z0-9][a-z0-9._-]*.
bool is_question_id(std::string_view s);

} // namespace drill
