#include "scoring/follow_up.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace drill;

namespace {

Feedback story(bool we_only, int own_actions, bool result, bool measured) {
  Feedback f;
  StarResult s;
  s.present = {true, true, own_actions > 0, result};
  s.we_only = we_only;
  s.own_actions = static_cast<std::size_t>(own_actions);
  s.past_sentences = 4;
  s.measured_result = measured;
  f.star = s;
  return f;
}

ConceptResult concept_result(std::string name, double weight, bool hit) {
  ConceptResult c;
  c.name = std::move(name);
  c.weight = weight;
  c.hit = hit;
  return c;
}

} // namespace

TEST_CASE("a probe asks for the heaviest missed point, in the bank's words when it has them") {
  Question q;
  q.concepts = {Concept{"stable order", {"order by"}, 1.0},
                Concept{"cursor", {"cursor"}, 3.0, "How does the client resume?"}, Concept{"limit", {"limit"}, 3.0}};
  Feedback f;
  f.concepts = {concept_result("stable order", 1.0, false), concept_result("cursor", 3.0, false),
                concept_result("limit", 3.0, false)};
  auto first = choose_follow_up(q, f, {});
  REQUIRE(first);
  CHECK(first->kind == FollowUpKind::probe);
  CHECK(first->target == "cursor"); // of equal weights, the bank's first
  CHECK(first->text == "How does the client resume?");
  auto second = choose_follow_up(q, f, {*first});
  REQUIRE(second);
  CHECK(second->target == "limit");
  CHECK(second->text == "You didn't mention limit. How does that come into it?");
}

TEST_CASE("with every key point made, the question's own follow-ups come next, then nothing") {
  Question q;
  q.concepts = {Concept{"cursor", {"cursor"}}};
  q.follow_ups = {"What if rows are deleted?"};
  Feedback f;
  f.concepts = {concept_result("cursor", 1.0, true)};
  auto next = choose_follow_up(q, f, {});
  REQUIRE(next);
  CHECK(next->kind == FollowUpKind::question);
  CHECK(next->text == "What if rows are deleted?");
  CHECK_FALSE(choose_follow_up(q, f, {*next}));
  Feedback derived = f;
  derived.derived_concepts = true;
  derived.concepts[0].hit = false;
  CHECK(choose_follow_up(q, derived, {})->kind == FollowUpKind::question); // no probe for derived key points
}

TEST_CASE("a story probe asks for the weakest part: the teller's own part first, then the result in numbers") {
  Question q;
  auto we = choose_follow_up(q, story(true, 0, true, true), {});
  REQUIRE(we);
  CHECK(we->kind == FollowUpKind::story);
  CHECK(we->target == "own part");
  CHECK(we->text == "What did you personally do? Walk me through your own part, with \"I\".");
  CHECK(choose_follow_up(q, story(false, 3, false, false), {})->target == "result");
  auto numbers = choose_follow_up(q, story(false, 3, true, false), {});
  CHECK(numbers->text == "What changed, in numbers? Time, errors, money, people affected.");
  CHECK(choose_follow_up(q, story(false, 3, true, true), {})->target == "reflection");

  Feedback reply = story(false, 2, true, true);
  CHECK(gives_what_was_asked(*we, reply));
  CHECK(gives_what_was_asked(*numbers, reply));
  CHECK_FALSE(gives_what_was_asked(*numbers, story(false, 2, true, false)));
  CHECK_FALSE(gives_what_was_asked(*we, Feedback{})); // no story in the reply at all
}

TEST_CASE("combining keeps half of what the replies gained and all of what they lost") {
  Feedback alone;
  alone.score = 60;
  alone.concepts = {concept_result("a", 1, true), concept_result("b", 1, false)};
  Feedback joined = alone;
  joined.score = 81;
  joined.concepts[1].hit = true;
  Feedback up = combine_follow_ups(alone, joined);
  CHECK(up.score == 71); // 60 + 10.5, rounded
  CHECK(up.before_follow_ups == 60);
  CHECK_FALSE(up.concepts[0].prompted);
  CHECK(up.concepts[1].prompted);

  Feedback worse = alone;
  worse.score = 40; // a wrong claim in the reply
  CHECK(combine_follow_ups(alone, worse).score == 40);
}

TEST_CASE("follow-up replies survive the record's JSON form") {
  std::vector<FollowUpReply> replies{{FollowUp{FollowUpKind::story, "What changed, in numbers?", "numbers"},
                                      "p95 fell from 900 ms to 120 ms", 12.3456, true},
                                     {FollowUp{FollowUpKind::question, "And then?", ""}, "", std::nullopt, false}};
  auto j = to_json(replies);
  CHECK(j[0]["elapsed_s"] == Approx(12.346));
  auto back = follow_ups_from_json(j);
  REQUIRE(back.size() == 2);
  CHECK(back[0].asked == replies[0].asked);
  CHECK(back[0].answer == replies[0].answer);
  CHECK(back[0].made);
  CHECK_FALSE(back[1].elapsed_s);
  CHECK(follow_ups_from_json(nlohmann::json::parse(R"([{"kind":"gossip"}, 3])")).empty());
  CHECK(joined_answer("first", back) == "first\n\np95 fell from 900 ms to 120 ms");
}

TEST_CASE("a reply that only echoes the follow-up's words covers nothing; one that answers it does") {
  Question q;
  q.id = "t.cache";
  q.prompt = "Explain how you would cache product pages.";
  q.concepts = {Concept{"read from cache first", {"check the cache"}}, Concept{"expiry", {"expiry", "ttl"}}};
  q.model_answer = "Check the cache first, and give every entry a ttl.";
  Scorer scorer;
  Feedback alone = scorer.grade(q, "I check the cache before the database.");
  auto f = choose_follow_up(q, alone, {});
  REQUIRE(f);
  CHECK(f->text == "You didn't mention expiry. How does that come into it?");
  const Question asked = as_asked(q, {*f});
  CHECK_FALSE(gives_what_was_asked(*f, scorer.grade(asked, "Expiry comes into it.")));
  CHECK(gives_what_was_asked(*f, scorer.grade(asked, "Each entry gets a ttl of five minutes.")));

  GradeText grade = [&](const Question &question, std::string_view text) { return scorer.grade(question, text); };
  std::vector<FollowUpReply> echo{{*f, "Expiry comes into it.", std::nullopt, false}};
  CHECK(grade_with_follow_ups(grade, q, "I check the cache before the database.", echo).score <= alone.score);
  std::vector<FollowUpReply> real{{*f, "Each entry gets a ttl of five minutes.", std::nullopt, false}};
  Feedback up = grade_with_follow_ups(grade, q, "I check the cache before the database.", real);
  CHECK(up.score > alone.score);
  CHECK(up.before_follow_ups == alone.score);
}
