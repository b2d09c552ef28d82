#include "drill/scorer.hpp"
#include "drill/star.hpp"

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
