#include "bank/bank.hpp"
#include "scoring/scorer.hpp"
#include "scoring/tokens.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

using namespace drill;

namespace {

// A technical question with a 180 s limit, compiled once like a bank's.
Question technical(std::string id, std::string prompt, std::vector<Concept> concepts) {
  Question q;
  q.id = std::move(id);
  q.prompt = std::move(prompt);
  q.category = Category::technical;
  q.time_limit_s = 180;
  q.source = "test";
  q.concepts = std::move(concepts);
  return q;
}

Question sql_question() {
  return technical(
      "t.sql", "How do you prevent SQL injection?",
      {{"parameterised queries", {"parameterised queries", "parameterized queries", "prepared statements"}, 3},
       {"least privilege", {"least privilege", "minimal permissions"}, 2},
       {"input validation", {"input validation", "validate input", "allow list"}, 1},
       {"ORM", {"orm", "query builder"}, 1}});
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

TEST_CASE("scorer: phrases match in order with a small gap, or in any order within a short window") {
  Scorer s;
  auto fb = s.grade(k_sql, "I always use parameterised SQL queries so input is never part of the statement.");
  CHECK(hit(fb, "parameterised queries"));
  CHECK_FALSE(hit(fb, "least privilege"));
  // out of order but close together is the same point
  auto reordered = s.grade(k_sql, "All our queries are parameterised.");
  CHECK(hit(reordered, "parameterised queries"));
  // too far apart, or in another sentence, is not the phrase
  CHECK_FALSE(hit(s.grade(k_sql, "Parameterised inputs are nice, and later on we run many different slow reporting "
                                 "queries."),
                  "parameterised queries"));
  CHECK_FALSE(hit(s.grade(k_sql, "The queries run nightly. Everything is parameterised."), "parameterised queries"));
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

TEST_CASE("scorer: a problem the answer says it prevents is a point made, not ruled out") {
  Scorer s;
  Question q = technical("t.stock", "Two buyers want the last item in stock. What do you do?",
                         {{"overselling", {"oversell"}, 2}, {"row lock", {"lock the row", "select for update"}, 2}});
  const std::string answer = "I lock the row with select for update, so we never oversell the last item.";
  auto plain = s.grade(q, answer);
  CHECK(plain.concepts[0].negated); // without the flag, "never oversell" reads as ruling the point out
  q.concepts[0].problem = true;
  q.id = "t.stock-flagged"; // a scorer compiles each question id once
  auto flagged = s.grade(q, answer);
  CHECK(hit(flagged, "overselling"));
  CHECK_FALSE(flagged.concepts[0].negated);
  CHECK(flagged.score > plain.score + 30);
  // A technique is still ruled out by a negation.
  CHECK_FALSE(hit(s.grade(q, "We never lock the row; overselling is handled later."), "row lock"));
}

TEST_CASE("scorer: in a story, what the teller did not have is part of the story, not a point ruled out") {
  Question q = technical("b.influence", "Tell me about a time you changed a decision you did not own.",
                         {{"no formal authority", {"authority over", "decision owner"}, 2},
                          {"built the case with data", {"showed the data", "numbers"}, 2}});
  q.category = Category::behavioral;
  q.star = true;
  Scorer s;
  auto fb = s.grade(q, "I had no authority over either team, so I showed the data on failed deploys to both leads.");
  CHECK(hit(fb, "no formal authority"));
  CHECK_FALSE(fb.concepts[0].negated);
  // A technical question keeps reading the same words as ruling the point out.
  q.category = Category::technical;
  q.star = false;
  q.id = "t.influence";
  CHECK(s.grade(q, "I had no authority over either team.").concepts[0].negated);
}

TEST_CASE("scorer: an answer in plain words is compared with the plain reference answer too") {
  Question q = technical("t.locks", "How would you stop two edits of one record from overwriting each other?", {});
  q.model_answer = "Use optimistic concurrency control: add a version column, include it in the UPDATE's WHERE "
                   "clause, and treat zero affected rows as a conflict that the client must resolve.";
  const std::string answer = "Keep a counter on each record that goes up with every save, and only accept a save "
                             "when the counter is still what it was when the person started editing; otherwise "
                             "tell them someone else got there first and let them reload.";
  Scorer s;
  const double alone = s.grade(q, answer).parts.similarity;
  q.id = "t.locks-with-reference"; // a scorer compiles each question id once
  q.references = {"I'd keep a number on the record that goes up by one on every save. When someone saves, I only "
                  "accept it if the number is the same as when they opened it; if not, someone else saved in "
                  "between, so I tell them and let them reload instead of overwriting."};
  const double with_reference = s.grade(q, answer).parts.similarity;
  CHECK(with_reference > alone + 0.3);
  // An answer about something else gains nothing from it.
  CHECK(s.grade(q, "I would cache the page in a CDN and set a long max-age header.").parts.similarity < 0.2);
}

TEST_CASE("scorer: irregular forms meet their word (WordNet's exception lists)") {
  Scorer s;
  Question q = technical("t.story", "Tell me about a project you drove.",
                         {{"led it", {"lead the migration"}, 1}, {"wrote it down", {"write a runbook"}, 1}});
  auto fb = s.grade(q, "I led the migration myself, and afterwards I wrote a runbook for the next team.");
  CHECK(hit(fb, "led it"));
  CHECK(hit(fb, "wrote it down"));
  // "left" is kept as written: a left join is not a leave.
  q.id = "t.join";
  q.concepts = {{"leave early", {"leave early"}, 1}};
  CHECK_FALSE(hit(s.grade(q, "The left join ran early."), "leave early"));
}

TEST_CASE("scorer: keyword stuffing scores well below an explanation of the same points") {
  Scorer s;
  auto stuffed = s.grade(k_sql, "prepared statements, least privilege, input validation, ORM");
  auto explained =
      s.grade(k_sql, "I stop injection with prepared statements, so the query and the data travel separately "
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

TEST_CASE("scorer: the word range fits a short time limit") {
  Scorer s;
  Question q = k_sql;
  q.time_limit_s = 3; // drill --time-limit 3
  auto fb = s.grade(q, "I use prepared statements and least privilege everywhere.", 2.0);
  CHECK(fb.delivery.min_words <= fb.delivery.max_words);
  CHECK(fb.delivery.max_words == 4);
  bool long_note = false;
  for (const auto &note : fb.notes) {
    CHECK_THAT(note, !Catch::Contains("Short:"));
    if (note == "Long: 8 words, where about 2-4 suit a 3 s answer. Lead with the point.") long_note = true;
  }
  CHECK(long_note);
  SECTION("and a real one keeps its floor") { CHECK(s.grade(k_sql, "prepared statements").delivery.min_words == 36); }
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
  for (std::size_t i = 0; i < Stemmer::k_lexicon_limit + 10; ++i)
    noise += "w" + std::to_string(i * 7919) + "x ";
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
  for (const auto &c : concepts)
    CHECK(c.name != "balancer"); // words of the prompt are not key points
  auto good = s.grade(q, q.model_answer);
  auto poor = s.grade(q, "It balances load.");
  CHECK(good.derived_concepts);
  CHECK(good.score > 80);
  CHECK(poor.score < 20);
}

namespace {

Question auth_question() {
  Question q = technical("t.auth", "When does an API return 401 and when 403?",
                         {{"401 means not authenticated", {"401 unauthenticated", "401 no valid credentials"}, 3},
                          {"403 means not allowed", {"403 forbidden", "403 no permission", "403 not allowed"}, 3},
                          {"WWW-Authenticate", {"www authenticate"}, 1}});
  q.misconceptions = {{"401 and 403 swapped",
                       {"401 means forbidden", "401 lacks permission", "403 means unauthenticated"},
                       "401 is for a caller who is not authenticated; 403 for one who is, but may not do this.",
                       3}};
  return q;
}

} // namespace

TEST_CASE("scorer: a wrong claim costs points and brings its correction") {
  Scorer s;
  const Question q = auth_question();
  const std::string right = "A 401 means unauthenticated: the request came with no valid credentials, and the "
                            "response carries a WWW-Authenticate header. A 403 forbidden response is for a known "
                            "caller without permission, so logging in again will not help.";
  const std::string wrong = "401 means forbidden: the user is logged in but lacks permission. A 403 forbidden "
                            "response is the same idea for admin pages, and retrying will not help.";
  Feedback good = s.grade(q, right);
  Feedback bad = s.grade(q, wrong);
  CHECK(good.misconceptions.empty());
  REQUIRE(bad.misconceptions.size() == 1);
  CHECK(bad.misconceptions[0].claim == "401 and 403 swapped");
  CHECK_THAT(bad.misconceptions[0].evidence, Catch::StartsWith("401 means forbidden"));
  CHECK(bad.parts.misconceptions == Approx(0.75));
  CHECK(bad.score + 40 <= good.score);
  // the JSON shows the claim and the parts of the score
  auto j = to_json(bad);
  CHECK(j["misconceptions"][0]["correction"] == q.misconceptions[0].correction);
  CHECK(j["parts"]["misconceptions"] == Approx(0.75));
}

TEST_CASE("scorer: a wrong claim that the answer denies or names as a mistake costs nothing") {
  Scorer s;
  const Question q = auth_question();
  CHECK(s.grade(q, "It is not true that 401 means forbidden.").misconceptions.empty());
  CHECK(s.grade(q, "A common mistake is to say 401 means forbidden.").misconceptions.empty());
  CHECK(s.grade(q, "People think 401 means forbidden, which is wrong.").misconceptions.empty());
  CHECK(s.grade(q, "Instead of saying 401 means forbidden, say unauthenticated.").misconceptions.empty());
  CHECK_FALSE(s.grade(q, "Honestly 401 means forbidden, always.").misconceptions.empty());
}

TEST_CASE("scorer: words of the prompt alone cover nothing") {
  Scorer s;
  Question q =
      technical("t.buckets", "Compare the token bucket and the leaky bucket algorithms.",
                {{"token bucket allows bursts", {"token bucket"}, 3}, {"leaky bucket smooths", {"leaky bucket"}, 3}});
  Feedback echo = s.grade(q, "The token bucket and the leaky bucket are two algorithms.");
  CHECK_FALSE(hit(echo, "token bucket allows bursts"));
  CHECK_FALSE(hit(echo, "leaky bucket smooths"));
  Feedback said = s.grade(q, "A token bucket refills steadily and lets short bursts through up to its capacity.");
  CHECK(hit(said, "token bucket allows bursts"));
}

TEST_CASE("scorer: a negated description is not a rejection") {
  Scorer s;
  Question q = technical("t.isolation", "What does transaction isolation protect against?",
                         {{"dirty reads", {"uncommitted changes", "dirty reads"}, 2}, {"locks", {"row locks"}, 1}});
  Feedback fb = s.grade(q, "Concurrent transactions do not see each other's uncommitted changes.");
  CHECK(hit(fb, "dirty reads"));
  // but ruling the idea out is still a rejection
  Feedback ruled_out = s.grade(q, "We don't need row locks here.");
  CHECK_FALSE(hit(ruled_out, "locks"));
  CHECK(ruled_out.concepts[1].negated);
}

TEST_CASE("scorer: extreme weights never give NaN or infinity") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double huge = std::numeric_limits<double>::max();
  const double tiny = std::numeric_limits<double>::denorm_min();
  for (std::vector<double> weights : std::vector<std::vector<double>>{
           {1e308, 1e308, 1e308}, {huge, huge, 1}, {inf, 1, 1}, {nan, 1, 1}, {tiny, tiny, tiny}, {-1, 0, 1e308}}) {
    Question q = technical("t.extreme", "How do you prevent SQL injection?",
                           {{"parameterised queries", {"prepared statements"}, weights[0]},
                            {"least privilege", {"least privilege"}, weights[1]},
                            {"input validation", {"validate input"}, weights[2]}});
    q.misconceptions = {{"escaping is enough", {"escaping is enough"}, "it is not", weights[0]}};
    Scorer scorer;
    for (std::string_view answer : {"I use prepared statements and least privilege, and validate input.",
                                    "Escaping is enough, with prepared statements.", "Nothing relevant here."}) {
      Feedback fb = scorer.grade(q, answer);
      INFO("weights " << weights[0] << " " << weights[1] << " " << weights[2] << ", answer: " << answer);
      CHECK(std::isfinite(fb.coverage));
      CHECK(fb.coverage >= 0.0);
      CHECK(fb.coverage <= 1.0);
      CHECK(fb.score >= 0);
      CHECK(fb.score <= 100);
    }
  }
  // Equal huge weights share out like equal small ones.
  Question big = technical("t.big", "How do you prevent SQL injection?",
                           {{"a", {"prepared statements"}, 1e308}, {"b", {"least privilege"}, 1e308}});
  Question small = technical("t.small", "How do you prevent SQL injection?",
                             {{"a", {"prepared statements"}, 1}, {"b", {"least privilege"}, 1}});
  Scorer scorer;
  CHECK(scorer.grade(big, "I use prepared statements.").coverage == Approx(0.5));
  CHECK(scorer.grade(small, "I use prepared statements.").coverage == Approx(0.5));
}
