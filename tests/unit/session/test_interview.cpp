#include "session/interview.hpp"
#include "session/scorecard.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace drill;

namespace {

Question make(std::string id, Category category, int limit, bool star = false) {
  Question q;
  q.id = std::move(id);
  q.prompt = "Prompt of " + q.id;
  q.category = category;
  q.difficulty = Difficulty::intermediate;
  q.roles = {"backend"};
  q.topics = {"topic-" + q.id};
  q.time_limit_s = limit;
  q.star = star;
  return q;
}

Bank interview_bank() {
  Bank bank;
  bank.add(make(std::string(k_opener_id), Category::behavioral, 120));
  bank.add(make(std::string(k_closing_id), Category::behavioral, 120));
  for (int i = 0; i < 12; ++i)
    bank.add(make("t" + std::to_string(i), Category::technical, 180));
  for (int i = 0; i < 3; ++i)
    bank.add(make("d" + std::to_string(i), Category::system_design, 900));
  for (int i = 0; i < 4; ++i)
    bank.add(make("b" + std::to_string(i), Category::behavioral, 180, true));
  return bank;
}

std::vector<Stage> stages_of(const InterviewPlan &p) {
  std::vector<Stage> out;
  for (const auto &i : p.items)
    out.push_back(i.stage);
  return out;
}

} // namespace

TEST_CASE("an interview follows the arc of a real one and fits its time") {
  Bank bank = interview_bank();
  Filter role{"backend", {}, {}, {}};
  InterviewPlan p = plan_interview(bank, role, 45, 0, 7);
  auto stages = stages_of(p);
  REQUIRE(stages.size() >= 5);
  CHECK(stages.front() == Stage::opener);
  CHECK(p.items.front().question->id == k_opener_id);
  CHECK(stages.back() == Stage::closing);
  CHECK(std::is_sorted(stages.begin(), stages.end())); // opener, technical, design, behavioral, closing
  CHECK(std::count(stages.begin(), stages.end(), Stage::design) == 1);
  CHECK(std::count(stages.begin(), stages.end(), Stage::behavioral) == 2);
  CHECK(std::count(stages.begin(), stages.end(), Stage::technical) >= 2);
  CHECK(p.planned_s <= p.budget_s);
  CHECK(p.budget_s == 45 * 60);
  for (const auto &item : p.items)
    if (item.stage == Stage::behavioral) CHECK(item.question->star); // stories, not the opener or closing

  // With follow-ups every answer costs half again: the second story gives
  // way to a second technical question.
  InterviewPlan with = plan_interview(bank, role, 45, 1, 7);
  auto with_stages = stages_of(with);
  CHECK(std::count(with_stages.begin(), with_stages.end(), Stage::behavioral) == 1);
  CHECK(std::count(with_stages.begin(), with_stages.end(), Stage::technical) == 2);
  CHECK(with.planned_s <= with.budget_s);
}

TEST_CASE("a short interview keeps the arc and shrinks the limits to fit") {
  Bank bank = interview_bank();
  Filter role{"backend", {}, {}, {}};
  InterviewPlan p = plan_interview(bank, role, 20, 1, 7);
  auto stages = stages_of(p);
  CHECK(std::count(stages.begin(), stages.end(), Stage::technical) == 1);
  CHECK(std::count(stages.begin(), stages.end(), Stage::design) == 1);
  CHECK(std::count(stages.begin(), stages.end(), Stage::behavioral) == 1); // the second story did not fit
  CHECK(p.planned_s <= p.budget_s + 60);
  CHECK(std::find(p.notes.begin(), p.notes.end(), "time limits shortened to fit the time budget") != p.notes.end());
}

TEST_CASE("the same seed plans the same interview; preferred questions come first") {
  Bank bank = interview_bank();
  Filter role{"backend", {}, {}, {}};
  auto ids = [](const InterviewPlan &p) {
    std::vector<std::string> out;
    for (const auto &i : p.items)
      out.push_back(i.question->id);
    return out;
  };
  CHECK(ids(plan_interview(bank, role, 45, 1, 3)) == ids(plan_interview(bank, role, 45, 1, 3)));
  CHECK(ids(plan_interview(bank, role, 45, 1, 3)) != ids(plan_interview(bank, role, 45, 1, 4)));
  const Question *wanted = bank.find("t11");
  InterviewPlan p = plan_interview(bank, role, 45, 0, 3, {wanted});
  CHECK(p.items.at(1).question == wanted);
}

namespace {

QuestionOutcome graded(const Question &q, int score, std::vector<ConceptResult> concepts = {}) {
  QuestionOutcome a;
  a.question = &q;
  a.outcome = Outcome::graded;
  a.answer = "my answer with ``` fences";
  a.feedback.score = score;
  a.feedback.concepts = std::move(concepts);
  a.time_limit_s = q.time_limit_s;
  return a;
}

} // namespace

TEST_CASE("the scorecard rates each area with its evidence and names three commands") {
  Bank bank = interview_bank();
  ConceptResult missed;
  missed.name = "idempotency keys";
  ConceptResult prompted;
  prompted.name = "retries";
  prompted.hit = prompted.prompted = true;
  std::vector<QuestionOutcome> answers{graded(*bank.find("t0"), 90), graded(*bank.find("t1"), 50, {missed, prompted}),
                                       graded(*bank.find("d0"), 40), graded(*bank.find("b0"), 85)};
  StarResult star;
  star.present = {true, true, true, true};
  star.own_actions = 3;
  answers[3].feedback.star = star; // a whole story, but no number and no look back
  std::vector<Stage> stages{Stage::technical, Stage::technical, Stage::design, Stage::behavioral};
  Scorecard card = score_interview(answers, stages, "backend");
  REQUIRE(card.areas.size() == 4);
  CHECK(card.areas[0].area == "Technical depth");
  CHECK(card.areas[0].score == 70);
  CHECK(verdict(card.areas[0]) == "solid");
  CHECK(card.areas[0].evidence.at(1) == "t1: 50/100; missed: idempotency keys; only when asked: retries");
  CHECK(verdict(card.areas[1]) == "needs work");
  CHECK(card.areas[3].evidence.back() == "b0: the story lacks a number on the result, what you learned");
  REQUIRE(card.practise_next.size() == 3);
  CHECK(card.practise_next[0] == "drill --role backend --category system-design --follow-ups 2"); // weakest first

  std::vector<QuestionOutcome> none{};
  CHECK(verdict(score_interview(none, {}, "backend").areas[1]) == "not assessed");

  ReportHeader header{"backend", "2026-12-03", "abc", 45, 12.4};
  std::string md = render_report(header, card, answers, stages);
  CHECK_THAT(md, Catch::StartsWith("# Mock interview: backend\n"));
  CHECK_THAT(md, Catch::Contains("| Technical depth | 70 | solid |"));
  CHECK_THAT(md, Catch::Contains("````text\nmy answer with ``` fences\n````")); // typed text stays literal
  CHECK_THAT(md, Catch::Contains("### 3. d0 (system design)"));
}
