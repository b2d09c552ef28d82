#pragma once

#include "bank/bank.hpp"
#include "bank/lexicon.hpp"
#include "bank/question.hpp"
#include "scoring/corrections.hpp"
#include "scoring/star.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// How one key point fared in an answer.
struct ConceptResult {
  std::string name;
  double weight = 1.0;
  bool hit = false;
  bool negated = false;  ///< mentioned only to be rejected ("no need for an index")
  bool disputed = false; ///< missed by drill, counted as made because the person said so
  bool prompted = false; ///< made only in a reply to a follow-up question
  std::string evidence;  ///< the sentence that covered it (or rejected it)
  std::string matched;   ///< the phrasing that was heard
};

/// A wrong claim the answer made.
struct MisconceptionResult {
  std::string claim;
  std::string correction;
  double weight = 2.0;
  std::string evidence; ///< the sentence that made the claim
  std::string matched;  ///< the phrasing that was heard
};

/// The terms the score is made of (docs/scoring.md, section 5), so that a
/// person can see why an answer got its number.
struct ScoreParts {
  double coverage = 0;            ///< weighted share of key points made, 0..1
  double similarity = 0;          ///< credit for the model answer's distinctive words, 0..0.8
  double content = 0;             ///< what the content earns: coverage scaled, or similarity
  double structure = 0;           ///< STAR parts heard / 4 (story questions)
  double signals = 0;             ///< ownership, past event, measured result, reflection / 4 (story questions)
  double misconceptions = 0;      ///< taken off for wrong claims
  double keyword_list_factor = 1; ///< 0.2 when the answer is a bare list of terms
  int penalties = 0;              ///< delivery points taken off
};

/// How the answer was delivered, beyond its content.
struct Delivery {
  std::size_t words = 0;
  std::size_t min_words = 0; ///< the range that suits the question's time limit
  std::size_t max_words = 0;
  bool quantified = false;          ///< gives numbers: percentages, durations, counts
  std::vector<std::string> fillers; ///< filler and hedge phrases found, in order
  std::optional<double> elapsed_s;
  bool over_time = false;
  bool keyword_list = false; ///< a list of terms with no explanation
};

/// Everything a grade says: the score and the reasons for it.
struct Feedback {
  int score = 0;       ///< 0..100
  double coverage = 0; ///< weighted share of concepts covered, 0..1
  std::vector<ConceptResult> concepts;
  std::vector<MisconceptionResult> misconceptions; ///< wrong claims heard
  std::vector<std::string> disputed_claims;        ///< claims drill heard that the person said they did not make
  std::optional<StarResult> star;                  ///< only for STAR questions
  ScoreParts parts;
  Delivery delivery;
  std::vector<std::string> notes;       ///< delivery advice, one sentence each
  bool derived_concepts = false;        ///< the concepts came from the model answer
  std::optional<int> before_follow_ups; ///< the answer's own score, when follow-up replies changed it
  [[nodiscard]] std::vector<std::string> hit_names() const;
  [[nodiscard]] std::vector<std::string> missed_names() const;
};

/// The longest answer drill grades, in bytes: about 20,000 words, far past
/// any spoken or written interview answer. Anything longer is a file given
/// by mistake, and grading it would take seconds per megabyte for nothing.
constexpr std::size_t k_max_answer_bytes = 128 * 1024;

/// The share of what follow-up replies add to a score that the question's
/// result keeps: a point made only when asked counts for half.
constexpr double k_prompted_share = 0.5;

/// Why an answer of `bytes` bytes is not graded, or "" when it can be.
std::string answer_size_problem(std::size_t bytes);

/// Grades free-text answers (docs/scoring.md). Deterministic: the same
/// question and answer always give the same feedback. Not thread-safe: use
/// one Scorer per thread.
class Scorer {
public:
  /// `bank`, when given, supplies word rarity for questions that have only a
  /// model answer; `lexicon`, when given, words that mean the same as a
  /// phrasing's words. Both must outlive the scorer.
  explicit Scorer(const Bank *bank = nullptr, const Lexicon *lexicon = nullptr);
  ~Scorer();
  Scorer(const Scorer &) = delete;
  Scorer &operator=(const Scorer &) = delete;

  /// Grades `answer` against `question`. `elapsed_s` is the time taken, when
  /// known. `corrections`, when given, are the person's disputes of an earlier
  /// grade of this answer: the points they made count as made, and the claims
  /// they did not make are dropped, before the score is combined.
  Feedback grade(const Question &question, std::string_view answer, std::optional<double> elapsed_s = std::nullopt,
                 const Corrections *corrections = nullptr);

  /// Hears `phrasings` as well as the bank's own for the concepts they name.
  /// They must outlive the scorer; nullptr forgets them.
  void use_personal_phrasings(const PersonalPhrasings *phrasings);

  /// The concepts the scorer uses for `question`: its own, or derived from its
  /// model answer when it has none.
  std::vector<Concept> concepts_for(const Question &question);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class JsonWriter;

/// The graded object as to_json(feedback) with "id" added would dump it, and
/// "key" (already JSON text) when not empty; written directly, for batch speed.
void write_json(JsonWriter &writer, const Feedback &feedback, std::string_view id, std::string_view key_json = {});

/// {"score", "coverage", "concepts": {"hit", "missed", "details"}, "misconceptions", "parts", "star",
/// "delivery", "notes"}
nlohmann::json to_json(const Feedback &feedback);

} // namespace drill
