#pragma once

// Follow-up questions: what an interviewer asks after an answer, and how the
// replies change the question's result (docs/scoring.md, section 10).

#include "bank/question.hpp"
#include "scoring/scorer.hpp"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// probe: asks for the most important key point the answer missed;
/// story: asks for the weakest part of a behavioral story;
/// question: one of the question's own follow_ups, once the key points are made.
enum class FollowUpKind { probe, story, question };
/// "probe", "story", "question".
std::string_view to_string(FollowUpKind kind);
/// Parses to_string()'s output; nothing for anything else.
std::optional<FollowUpKind> parse_follow_up_kind(std::string_view s);

/// One follow-up question.
struct FollowUp {
  FollowUpKind kind = FollowUpKind::probe;
  std::string text;   ///< what is asked
  std::string target; ///< probe: the concept name; story: the part (see story_targets()); question: ""
  bool operator==(const FollowUp &) const = default;
};

/// A follow-up with the reply it got.
struct FollowUpReply {
  FollowUp asked;
  std::string answer;
  std::optional<double> elapsed_s;
  bool made = false; ///< the reply gave what was asked (always false for kind question: nothing is asked for)
};

/// The story parts a story follow-up can ask for, in the order they are
/// tried: "own part", "event", "result", "numbers", "situation", "task", "reflection".
const std::vector<std::string_view> &story_targets();

/// The follow-up to ask after an answer graded `fb`, or nothing when there is
/// none left to ask. `asked` holds the follow-ups already asked about this
/// question, which are not asked again.
std::optional<FollowUp> choose_follow_up(const Question &question, const Feedback &fb,
                                         const std::vector<FollowUp> &asked);

/// The time a follow-up's reply gets: half the question's, and at least a minute.
int follow_up_limit_s(int question_limit_s);

/// Whether `reply`, graded on its own as an answer to the question, gives
/// what `asked` asked for.
bool gives_what_was_asked(const FollowUp &asked, const Feedback &reply);

/// The text graded for the question once follow-ups were answered: the
/// answer, then each reply, as one answer told over several turns.
std::string joined_answer(std::string_view answer, const std::vector<FollowUpReply> &replies);

/// The question's result: `joined` (the grade of joined_answer()) with the
/// points it has and `alone` (the grade of the answer by itself) lacks marked
/// prompted, and a score that keeps half of what the replies gained and all
/// of what they lost.
Feedback combine_follow_ups(const Feedback &alone, Feedback joined);

/// The question as it was put once the follow-ups were asked: their words
/// join the prompt, so that a reply echoing the interviewer's question (a
/// template names the missed point) covers nothing by that alone.
Question as_asked(const Question &question, const std::vector<FollowUp> &asked);

/// Grades an answer with its follow-up replies: the answer alone against
/// `question`, the joined text against as_asked(), then combine_follow_ups().
/// With no reply that says anything, the answer's own grade.
using GradeText = std::function<Feedback(const Question &, std::string_view)>;
Feedback grade_with_follow_ups(const GradeText &grade, const Question &question, std::string_view answer,
                               const std::vector<FollowUpReply> &replies);

/// [{"kind", "asked", "target", "answer", "elapsed_s", "made"}, ...]: how
/// answer records and the history keep them.
nlohmann::json to_json(const std::vector<FollowUpReply> &replies);
/// Reads to_json()'s output; entries it cannot read are left out.
std::vector<FollowUpReply> follow_ups_from_json(const nlohmann::json &j);

} // namespace drill
