#include "scoring/follow_up.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace drill {

namespace {

bool was_asked(const std::vector<FollowUp> &asked, FollowUpKind kind, std::string_view target) {
  return std::any_of(asked.begin(), asked.end(),
                     [&](const FollowUp &f) { return f.kind == kind && f.target == target; });
}

bool was_asked_text(const std::vector<FollowUp> &asked, std::string_view text) {
  return std::any_of(asked.begin(), asked.end(), [&](const FollowUp &f) { return f.text == text; });
}

// The part of a story that is weakest, as a target of story_targets(), or
// nothing when the story has them all.
bool story_lacks(const StarResult &star, const Delivery &delivery, std::string_view target) {
  if (target == "own part") return star.we_only || star.own_actions == 0;
  if (target == "event") return star.past_sentences == 0 || star.generic_sentences > star.past_sentences;
  if (target == "result") return !star.has(StarPart::result);
  if (target == "numbers") return star.has(StarPart::result) && !star.measured_result && !delivery.quantified;
  if (target == "situation") return !star.has(StarPart::situation);
  if (target == "task") return !star.has(StarPart::task);
  if (target == "reflection") return !star.reflection;
  return false;
}

std::string_view story_question(std::string_view target) {
  if (target == "own part") return "What did you personally do? Walk me through your own part, with \"I\".";
  if (target == "event") return "Tell me about one time this really happened. What did you do, step by step?";
  if (target == "result") return "How did it end? What changed because of what you did?";
  if (target == "numbers") return "What changed, in numbers? Time, errors, money, people affected.";
  if (target == "situation") return "Set the scene: where were you, and what was at stake?";
  if (target == "task") return "What exactly was yours to do there?";
  return "Looking back, what would you do differently, and what did you learn?";
}

} // namespace

std::string_view to_string(FollowUpKind kind) {
  switch (kind) {
  case FollowUpKind::probe: return "probe";
  case FollowUpKind::story: return "story";
  case FollowUpKind::question: return "question";
  }
  return "probe";
}

std::optional<FollowUpKind> parse_follow_up_kind(std::string_view s) {
  for (auto kind : {FollowUpKind::probe, FollowUpKind::story, FollowUpKind::question})
    if (to_string(kind) == s) return kind;
  return std::nullopt;
}

const std::vector<std::string_view> &story_targets() {
  static const std::vector<std::string_view> k_targets{"own part",  "event", "result",    "numbers",
                                                       "situation", "task",  "reflection"};
  return k_targets;
}

std::optional<FollowUp> choose_follow_up(const Question &question, const Feedback &fb,
                                         const std::vector<FollowUp> &asked) {
  if (fb.star) {
    for (std::string_view target : story_targets())
      if (story_lacks(*fb.star, fb.delivery, target) && !was_asked(asked, FollowUpKind::story, target))
        return FollowUp{FollowUpKind::story, std::string(story_question(target)), std::string(target)};
  } else if (!fb.derived_concepts) {
    // The most important key point missed; of equal weights, the bank's first.
    const ConceptResult *best = nullptr;
    for (const auto &c : fb.concepts)
      if (!c.hit && !was_asked(asked, FollowUpKind::probe, c.name) && (best == nullptr || c.weight > best->weight))
        best = &c;
    if (best != nullptr) {
      auto source = std::find_if(question.concepts.begin(), question.concepts.end(),
                                 [&](const Concept &c) { return c.name == best->name; });
      std::string text = source != question.concepts.end() && !source->probe.empty()
                             ? source->probe
                             : fmt::format("You didn't mention {}. How does that come into it?", best->name);
      return FollowUp{FollowUpKind::probe, std::move(text), best->name};
    }
  }
  // Nothing important is missing: go deeper with the question's own.
  for (const auto &text : question.follow_ups)
    if (!was_asked_text(asked, text)) return FollowUp{FollowUpKind::question, text, ""};
  return std::nullopt;
}

int follow_up_limit_s(int question_limit_s) { return std::max(60, question_limit_s / 2); }

bool gives_what_was_asked(const FollowUp &asked, const Feedback &reply) {
  switch (asked.kind) {
  case FollowUpKind::probe:
    return std::any_of(reply.concepts.begin(), reply.concepts.end(),
                       [&](const ConceptResult &c) { return c.name == asked.target && c.hit; });
  case FollowUpKind::story: {
    if (!reply.star) return false;
    const StarResult &s = *reply.star;
    if (asked.target == "own part") return s.own_actions > 0 && !s.we_only;
    if (asked.target == "event") return s.past_sentences > 0 && s.past_sentences >= s.generic_sentences;
    if (asked.target == "numbers") return s.measured_result || reply.delivery.quantified;
    if (asked.target == "reflection") return s.reflection;
    for (auto part : {StarPart::situation, StarPart::task, StarPart::result})
      if (asked.target == to_string(part)) return s.has(part);
    return false;
  }
  case FollowUpKind::question: return false;
  }
  return false;
}

std::string joined_answer(std::string_view answer, const std::vector<FollowUpReply> &replies) {
  std::string text(answer);
  for (const auto &r : replies)
    if (!r.answer.empty()) text += "\n\n" + r.answer;
  return text;
}

Feedback combine_follow_ups(const Feedback &alone, Feedback joined) {
  for (auto &c : joined.concepts) {
    auto before = std::find_if(alone.concepts.begin(), alone.concepts.end(),
                               [&](const ConceptResult &a) { return a.name == c.name; });
    if (c.hit && !c.disputed && before != alone.concepts.end() && !before->hit) c.prompted = true;
  }
  // What a person says only when asked counts for less than what they
  // volunteer, but a wrong claim costs the same whenever it is made.
  const int gain = joined.score - alone.score;
  joined.before_follow_ups = alone.score;
  if (gain > 0) joined.score = alone.score + static_cast<int>(std::lround(gain * k_prompted_share));
  return joined;
}

Question as_asked(const Question &question, const std::vector<FollowUp> &asked) {
  Question q = question;
  for (const auto &f : asked)
    q.prompt += "\n" + f.text;
  // Not the bank's question any more: the scorer must not reuse what it
  // compiled for the bank's prompt.
  q.source.clear();
  return q;
}

Feedback grade_with_follow_ups(const GradeText &grade, const Question &question, std::string_view answer,
                               const std::vector<FollowUpReply> &replies) {
  Feedback alone = grade(question, answer);
  if (std::all_of(replies.begin(), replies.end(), [](const FollowUpReply &r) { return r.answer.empty(); }))
    return alone;
  std::vector<FollowUp> asked;
  for (const auto &r : replies)
    asked.push_back(r.asked);
  return combine_follow_ups(alone, grade(as_asked(question, asked), joined_answer(answer, replies)));
}

nlohmann::json to_json(const std::vector<FollowUpReply> &replies) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto &r : replies) {
    nlohmann::json elapsed = nullptr;
    if (r.elapsed_s) elapsed = std::round(*r.elapsed_s * 1000.0) / 1000.0;
    out.push_back({{"kind", to_string(r.asked.kind)},
                   {"asked", r.asked.text},
                   {"target", r.asked.target},
                   {"answer", r.answer},
                   {"elapsed_s", elapsed},
                   {"made", r.made}});
  }
  return out;
}

std::vector<FollowUpReply> follow_ups_from_json(const nlohmann::json &j) {
  std::vector<FollowUpReply> out;
  if (!j.is_array()) return out;
  for (const auto &item : j) {
    if (!item.is_object()) continue;
    auto text = [&](const char *key) {
      auto it = item.find(key);
      return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto kind = parse_follow_up_kind(text("kind"));
    if (!kind) continue;
    FollowUpReply r{FollowUp{*kind, text("asked"), text("target")}, text("answer"), std::nullopt, false};
    if (auto e = item.find("elapsed_s"); e != item.end() && e->is_number()) r.elapsed_s = e->get<double>();
    if (auto m = item.find("made"); m != item.end() && m->is_boolean()) r.made = m->get<bool>();
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace drill
