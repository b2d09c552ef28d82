#include "history/rescore.hpp"

#include "scoring/follow_up.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace drill {

namespace {

constexpr std::size_t k_batch = 500;

// Largest change first; among equal changes, the answer recorded first.
bool bigger_move(const ScoreMove &a, const ScoreMove &b) {
  double da = std::fabs(a.after - a.before);
  double db = std::fabs(b.after - b.before);
  if (da != db) return da > db;
  return a.answer_id < b.answer_id;
}

void keep_biggest(std::vector<ScoreMove> &moves, std::size_t top) {
  std::size_t n = std::min(top, moves.size());
  std::partial_sort(moves.begin(), moves.begin() + static_cast<std::ptrdiff_t>(n), moves.end(), bigger_move);
  moves.resize(n);
}

std::vector<QuestionAnswers> by_count(const std::map<std::string, std::int64_t> &counts) {
  std::vector<QuestionAnswers> out;
  for (const auto &[id, n] : counts)
    out.push_back({id, n});
  std::stable_sort(out.begin(), out.end(),
                   [](const QuestionAnswers &a, const QuestionAnswers &b) { return a.answers > b.answers; });
  return out;
}

} // namespace

nlohmann::json regraded_breakdown(const nlohmann::json &previous, const Feedback &feedback) {
  nlohmann::json out = previous.is_object() ? previous : nlohmann::json::object();
  out["concepts"] = {{"hit", feedback.hit_names()}, {"missed", feedback.missed_names()}};
  nlohmann::json prompted = nlohmann::json::array();
  for (const auto &c : feedback.concepts)
    if (c.prompted) prompted.push_back(c.name);
  if (!prompted.empty()) out["concepts"]["prompted"] = prompted;
  nlohmann::json star = nullptr;
  if (feedback.star) {
    star = nlohmann::json::object();
    for (auto p : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result})
      star[std::string(to_string(p))] = feedback.star->has(p);
  }
  out["star"] = star;
  return out;
}

RescoreReport rescore(History &history, const Bank &bank, Scorer &scorer, const AnswerFilter &filter,
                      RescoreWrite write, std::size_t top, std::int64_t now_ms) {
  RescoreReport report;
  std::map<std::string, std::string> hashes; // question id -> hash of its current form
  std::map<std::string, std::int64_t> edited, missing;
  std::set<std::string> seen;
  // The person's corrections are applied again to the new grade, and drill's
  // own new grade is kept beside it, as when they were made.
  const std::map<std::int64_t, Corrections> corrected = history.corrected_answers();
  std::int64_t last_id = 0;
  for (;;) {
    std::vector<StoredAnswer> batch = history.answers_after(filter, last_id, k_batch);
    if (batch.empty()) break;
    last_id = batch.back().id;
    std::vector<Regrade> regrades;
    for (const auto &stored : batch) {
      const AnswerRecord &a = stored.record;
      const Question *q = bank.find(a.question_id);
      if (q == nullptr) {
        ++missing[a.question_id];
        continue;
      }
      seen.insert(a.question_id);
      auto hash = hashes.find(a.question_id);
      if (hash == hashes.end()) hash = hashes.emplace(a.question_id, question_hash(*q)).first;
      if (hash->second != a.question_hash) ++edited[a.question_id];

      // Grade under the limit the answer was given with, as the session did.
      Question limited;
      const Question *asked = q;
      if (a.time_limit_s > 0 && a.time_limit_s != q->time_limit_s) {
        limited = *q;
        limited.time_limit_s = a.time_limit_s;
        asked = &limited;
      }
      const auto corrections = corrected.find(stored.id);
      // An answer is graded with the follow-up replies it was recorded with, as in the session.
      const std::vector<FollowUpReply> replies = a.breakdown.is_object() && a.breakdown.contains("follow_ups")
                                                     ? follow_ups_from_json(a.breakdown["follow_ups"])
                                                     : std::vector<FollowUpReply>{};
      auto grade = [&](const Corrections *c) {
        return grade_with_follow_ups(
            [&](const Question &question, std::string_view text) {
              return scorer.grade(question, text, a.elapsed_s, c);
            },
            *asked, a.answer, replies);
      };
      Feedback fb = grade(nullptr);
      Regrade regrade{stored.id, static_cast<double>(fb.score), regraded_breakdown(a.breakdown, fb), hash->second, {},
                      {}};
      if (corrections != corrected.end()) {
        Feedback mine = grade(&corrections->second);
        regrade.auto_score = regrade.score;
        regrade.auto_breakdown = std::move(regrade.breakdown);
        regrade.score = mine.score;
        regrade.breakdown = regraded_breakdown(a.breakdown, mine);
      }
      double after = regrade.score;
      ++report.rescored;
      report.sum_before += a.score;
      report.sum_after += after;
      if (after > a.score)
        ++report.up;
      else if (after < a.score)
        ++report.down;
      else
        ++report.unchanged;
      if (after != a.score && top > 0) {
        report.biggest.push_back({stored.id, a.question_id, a.session_id, a.answered_at_ms, a.score, after});
        if (report.biggest.size() > 4 * top + k_batch) keep_biggest(report.biggest, top);
      }
      regrades.push_back(std::move(regrade));
    }
    if (write == RescoreWrite::write && !regrades.empty())
      report.written += static_cast<std::int64_t>(history.apply_regrades(regrades, now_ms));
  }
  // Every question seen, not only those that changed, so that running it
  // again after an interrupted rescore also brings the schedule up to date.
  if (write == RescoreWrite::write && !seen.empty()) history.rebuild_memories(seen);
  keep_biggest(report.biggest, top);
  report.edited = by_count(edited);
  report.missing = by_count(missing);
  return report;
}

} // namespace drill
