#include "bank/bank.hpp"
#include "scoring/scorer.hpp"
#include "scoring/tokens.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace drill;

namespace {

Question sql_question() {
  Question q;
  q.id = "t.sql";
  q.prompt = "How do you prevent SQL injection?";
  q.category = Category::technical;
  q.time_limit_s = 180;
  q.source = "test";
  q.concepts = {{"parameterised queries", {"parameterised queries", "parameterized queries", "prepared statements"}, 3},
                {"least privilege", {"least privilege", "minimal permissions"}, 2},
                {"input validation", {"input validation", "validate input", "allow list"}, 1},
                {"ORM", {"orm", "query builder"}, 1}};
  return q;
}

const Question k_sql = sql_question();

bool hit(const Feedback &fb, std::string_view name) {
  for (const auto &c : fb.concepts)
    if (c.name == name) return c.hit;
  FAIL("no concept " << name);
  return false;
}

} // namespace

TEST_CASE("scorer: an empty answer scores 0") {
  Scorer s;
  CHECK(s.grade(k_sql, "").score == 0);
  CHECK(s.grade(k_sql, "  \n\n ").score == 0);
}

TEST_CASE("scorer: phrases match in order, with a small gap") {
  Scorer s;
  auto fb = s.grade(k_sql, "I always use parameterised SQL queries so input is never part of the statement.");
  CHECK(hit(fb, "parameterised queries"));
  CHECK_FALSE(hit(fb, "least privilege"));
  // too far apart, or out of order, is not the phrase
  CHECK_FALSE(hit(s.grade(k_sql, "Parameterised inputs are nice, and later on we run many reporting queries."),
                  "parameterised queries"));
  CHECK_FALSE(hit(s.grade(k_sql, "queries that are parameterised"), "parameterised queries"));
}

TEST_CASE("scorer: stemming and spelling variants") {
  Scorer s;
  CHECK(hit(s.grade(k_sql, "Use a prepared statement for each query."), "parameterised queries"));
  CHECK(hit(s.grade(k_sql, "The app validates the input against an allow-list."), "input validation"));
  CHECK(hit(s.grade(k_sql, "Every input is validated."), "input validation")); // "input validation", gap 1
  CHECK(hit(s.grade(k_sql, "We use PARAMETERIZED queries."), "parameterised queries"));
}

TEST_CASE("scorer: typos in long words still count; short words never match by accident") {
  Scorer s;
  CHECK(hit(s.grade(k_sql, "I would use prepared statments everywhere."), "parameterised queries"));
  CHECK(hit(s.grade(k_sql, "Give the account least priviledge."), "least privilege"));
  Question q;
  q.id = "t.short";
  q.source = "test";
  q.time_limit_s = 180;
  q.concepts = {{"cat", {"cat"}, 1}};
  CHECK_FALSE(hit(s.grade(q, "The car is red."), "cat"));
}

TEST_CASE("scorer: a concept mentioned only to be rejected does not count") {
  Scorer s;
  auto fb = s.grade(k_sql, "I wouldn't bother with prepared statements; escaping strings is enough.");
  CHECK_FALSE(hit(fb, "parameterised queries"));
  CHECK(fb.concepts[0].negated);
  CHECK_FALSE(hit(s.grade(k_sql, "There is no need for least privilege here."), "least privilege"));
  CHECK_FALSE(hit(s.grade(k_sql, "Use an ORM instead of prepared statements."), "parameterised queries"));
  // ... but a later, positive mention wins, and conditionals explain rather than reject
  CHECK(hit(s.grade(k_sql, "Not an ORM. I use prepared statements."), "parameterised queries"));
  CHECK(hit(s.grade(k_sql, "If you don't use prepared statements, input becomes code."), "parameterised queries"));
}

TEST_CASE("scorer: keyword stuffing scores well below an explanation of the same points") {
  Scorer s;
  auto stuffed = s.grade(k_sql, "prepared statements, least privilege, input validation, ORM");
  auto explained = s.grade(k_sql,
                           "I stop injection with prepared statements, so the query and the data travel separately "
                           "and input can never become code. On top of that I validate input against an allow list, "
                           "and the database account gets least privilege, so a mistake cannot drop tables. An ORM "
                           "or query builder gives parameterised queries by default, which helps the whole team.");
  CHECK(stuffed.delivery.keyword_list);
  CHECK_FALSE(explained.delivery.keyword_list);
  CHECK(explained.score >= 90);
  CHECK(stuffed.score <= explained.score / 2);
}

TEST_CASE("scorer: delivery signals adjust the score") {
  Scorer s;
  std::string answer = "I use prepared statements, so user input is sent separately from the SQL text and is never "
                       "parsed as code; the database account has least privilege and the service validates input "
                       "against an allow list before it reaches the query builder.";
  auto on_time = s.grade(k_sql, answer, 60.0);
  auto late = s.grade(k_sql, answer, 360.0);
  CHECK(late.delivery.over_time);
  CHECK(late.score < on_time.score);
  auto hedged = s.grade(k_sql, "Basically, I guess I would kind of use prepared statements, you know, and like "
                               "least privilege, basically, and validate input I guess, with an ORM maybe.");
  CHECK(hedged.delivery.fillers.size() >= 3);
  CHECK_FALSE(hedged.notes.empty());
}

TEST_CASE("scorer: the same input always gives the same output") {
  Scorer a, b;
  std::string answer = "Prepared statements and least privilege.";
  CHECK(to_json(a.grade(k_sql, answer)) == to_json(b.grade(k_sql, answer)));
  CHECK(to_json(a.grade(k_sql, answer)) == to_json(a.grade(k_sql, answer)));
}

TEST_CASE("scorer: grades stay the same when the word table starts afresh") {
  // A long stream of answers full of unique words makes the scorer start a
  // new word table between answers; questions compiled against the old one
  // must be compiled again, or their words would stop matching.
  Scorer scorer;
  const std::string answer = "Least privilege matters, and I would check input against an allow list and use "
                             "prepared statments.";
  const auto first = to_json(scorer.grade(k_sql, answer));
  REQUIRE(first["concepts"]["hit"].size() == 3);
  std::string noise;
  for (std::size_t i = 0; i < Stemmer::k_lexicon_limit + 10; ++i) noise += "w" + std::to_string(i * 7919) + "x ";
  scorer.grade(k_sql, noise);
  CHECK(to_json(scorer.grade(k_sql, answer)) == first);
  CHECK(to_json(scorer.grade(k_sql, answer)) == first);
}

TEST_CASE("scorer: questions with only a model answer get derived concepts") {
  Question q;
  q.id = "t.derived";
  q.prompt = "What does a load balancer do?";
  q.time_limit_s = 180;
  q.model_answer = "It spreads requests across healthy backends, using health checks to drop failing ones, and "
                   "algorithms such as round robin or least connections; sticky sessions pin a client.";
  Scorer s;
  auto concepts = s.concepts_for(q);
  REQUIRE(!concepts.empty());
  for (const auto &c : concepts) CHECK(c.name != "balancer"); // words of the prompt are not key points
  auto good = s.grade(q, q.model_answer);
  auto poor = s.grade(q, "It balances load.");
  CHECK(good.derived_concepts);
  CHECK(good.score > 80);
  CHECK(poor.score < 20);
}
