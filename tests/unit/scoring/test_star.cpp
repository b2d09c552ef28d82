#include "scoring/scorer.hpp"
#include "scoring/star.hpp"

#include <catch2/catch.hpp>

using namespace drill;

namespace {
StarResult star_of(std::string_view answer) {
  Stemmer stemmer;
  return detect_star(answer, tokenize(answer, stemmer));
}
} // namespace

TEST_CASE("STAR: a complete story has all four parts, with evidence") {
  auto s = star_of("Last year at a payments start-up, our checkout API timed out during a sale. "
                   "I was responsible for its reliability. I profiled the slow endpoint, added an index and "
                   "introduced a cache. As a result p99 latency fell from 900 ms to 120 ms.");
  CHECK(s.has(StarPart::situation));
  CHECK(s.has(StarPart::task));
  CHECK(s.has(StarPart::action));
  CHECK(s.has(StarPart::result));
  CHECK(s.evidence[static_cast<std::size_t>(StarPart::task)] == "I was responsible for its reliability.");
  CHECK_THAT(s.evidence[static_cast<std::size_t>(StarPart::result)], Catch::Contains("900 ms"));
  CHECK_FALSE(s.we_only);
}

TEST_CASE("STAR: missing parts are missing") {
  auto s = star_of("I think communication is important and I always try to be kind to people.");
  CHECK_FALSE(s.has(StarPart::action));
  CHECK_FALSE(s.has(StarPart::result));
}

TEST_CASE("STAR: a story told only with 'we' is flagged") {
  auto s = star_of("At my last job we had an outage. We investigated the logs. We rolled back the deploy. "
                   "In the end we restored service in 20 minutes.");
  CHECK(s.we_only);
  CHECK_FALSE(s.has(StarPart::action));
  CHECK(s.has(StarPart::result));
}

TEST_CASE("STAR: habits, wishes and conditionals are not events of a story") {
  auto s = star_of("Whenever something is slow I put a cache in front of it. If I'm worried I'll mention it, "
                   "but in the end it's their call. I'd love to use Go in my next role.");
  CHECK_FALSE(s.has(StarPart::situation));
  CHECK_FALSE(s.has(StarPart::task));
  CHECK_FALSE(s.has(StarPart::action));
  CHECK_FALSE(s.has(StarPart::result));
}

TEST_CASE("STAR: a negated action is no action") {
  auto s = star_of("The reviewer approved it anyway. I didn't bother writing a regression test.");
  CHECK_FALSE(s.has(StarPart::action));
}

TEST_CASE("STAR: fillers between 'I' and the verb do not hide the action") {
  auto s = star_of("So there was this guy on my team. I kind of just told him it would not scale.");
  CHECK(s.has(StarPart::situation));
  CHECK(s.has(StarPart::action));
}

TEST_CASE("STAR: a duty is a task, a workplace is not") {
  CHECK_FALSE(star_of("There was this guy at my old job who disagreed with me.").has(StarPart::task));
  CHECK(star_of("Our priority was to restore the settings.").has(StarPart::task));
  CHECK(star_of("The goal was to upgrade without freezing feature work.").has(StarPart::task));
  CHECK(star_of("We had to ship it before the audit.").has(StarPart::task));
  CHECK(star_of("I was the incident commander.").has(StarPart::task));
}

TEST_CASE("STAR: an outcome told without numbers is still a result") {
  CHECK(star_of("By the end of the quarter he was on the on-call rotation.").has(StarPart::result));
  CHECK(star_of("After a couple of weeks we had the schema in production.").has(StarPart::result));
  CHECK(star_of("I rewrote the query and it got much faster.").has(StarPart::result));
  CHECK(star_of("He agreed, and we built the digest instead.").has(StarPart::result));
  // A further action is not an outcome.
  CHECK_FALSE(star_of("Afterwards I added a test that renders every template.").has(StarPart::result));
}
