#include "bank/bank.hpp"
#include "session/select.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace drill;

namespace {
Bank mini() {
  Bank bank;
  std::vector<Diagnostic> problems;
  load_bank_file(DRILL_TEST_FIXTURES "/mini-bank.json", bank, problems);
  REQUIRE(problems.empty());
  return bank;
}

ExitStatus status_of(const Bank &bank, Filter f) {
  try {
    check_filter(bank, f);
  } catch (const Error &e) {
    return e.status();
  }
  return ExitStatus::ok;
}
} // namespace

TEST_CASE("filters narrow by role, category, difficulty and topic") {
  Bank bank = mini();
  CHECK(matching(bank, Filter{"backend", {}, {}, {}}).size() == 3);
  CHECK(matching(bank, Filter{"backend", {"technical"}, {}, {}}).size() == 1);
  CHECK(matching(bank, Filter{"backend", {"technical", "situational"}, {}, {}}).size() == 2);
  CHECK(matching(bank, Filter{"backend", {}, {"advanced"}, {}}).front()->id == "t.spike");
  CHECK(matching(bank, Filter{"backend", {}, {}, {"teamwork"}}).front()->id == "t.conflict");
  CHECK(matching(bank, Filter{"frontend", {}, {}, {}}).size() == 1); // only the roles: ["any"] question
}

TEST_CASE("unknown filter values are usage errors; spelling variants are accepted") {
  Bank bank = mini();
  CHECK(status_of(bank, Filter{"backnd", {}, {}, {}}) == ExitStatus::usage);
  CHECK(status_of(bank, Filter{"backend", {"tech"}, {}, {}}) == ExitStatus::usage);
  CHECK(status_of(bank, Filter{"backend", {}, {"expert"}, {}}) == ExitStatus::usage);
  CHECK(status_of(bank, Filter{"backend", {}, {}, {"cachign"}}) == ExitStatus::usage);
  Filter british{"backend", {"behavioural"}, {}, {}};
  check_filter(bank, british);
  CHECK(british.categories == std::vector<std::string>{"behavioral"});
}

TEST_CASE("no role is needed when the bank holds one") {
  Bank bank = mini();
  Filter none{"", {}, {}, {}};
  check_filter(bank, none);
  CHECK(none.role == "backend");
  SECTION("and one must be named when it holds several") {
    Question other = *bank.find("t.spike");
    other.id = "f.one";
    other.roles = {"frontend"};
    bank.add(other);
    CHECK(status_of(bank, Filter{"", {}, {}, {}}) == ExitStatus::usage);
  }
}

TEST_CASE("pick is reproducible by seed and never repeats a question") {
  std::vector<Question> qs(50);
  std::vector<const Question *> pool;
  for (std::size_t i = 0; i < qs.size(); ++i) {
    qs[i].id = "q" + std::to_string(i);
    pool.push_back(&qs[i]);
  }
  auto a = pick(pool, 10, 42);
  auto b = pick(pool, 10, 42);
  auto c = pick(pool, 10, 43);
  CHECK(a == b);
  CHECK(a != c);
  CHECK(std::set<const Question *>(a.begin(), a.end()).size() == 10);
  CHECK(pick(pool, 80, 1).size() == 50); // never more than there are
}

TEST_CASE("pick_weighted draws the weighted questions first, by weight, then the rest") {
  std::vector<Question> qs(40);
  std::vector<const Question *> pool;
  std::vector<std::uint64_t> weights;
  for (std::size_t i = 0; i < qs.size(); ++i) {
    qs[i].id = "q" + std::to_string(i);
    pool.push_back(&qs[i]);
    weights.push_back(i < 4 ? (i == 0 ? 50 : 1) : 0); // q0 heavy, q1-q3 light, the rest none
  }
  SECTION("the weighted ones come first, and the count is filled from the others") {
    auto a = pick_weighted(pool, weights, 10, 7);
    REQUIRE(a.size() == 10);
    std::set<const Question *> first(a.begin(), a.begin() + 4);
    CHECK(first == std::set<const Question *>{&qs[0], &qs[1], &qs[2], &qs[3]});
    CHECK(std::set<const Question *>(a.begin(), a.end()).size() == 10);
  }
  SECTION("reproducible by seed") {
    CHECK(pick_weighted(pool, weights, 10, 7) == pick_weighted(pool, weights, 10, 7));
    CHECK(pick_weighted(pool, weights, 10, 7) != pick_weighted(pool, weights, 10, 8));
  }
  SECTION("a heavier question is drawn first more often") {
    int heavy_first = 0;
    for (std::uint64_t seed = 0; seed < 200; ++seed)
      heavy_first += pick_weighted(pool, weights, 1, seed)[0] == &qs[0];
    CHECK(heavy_first > 170); // 50 of 53 expected: about 189
  }
  SECTION("no weights at all is a plain draw") {
    std::vector<std::uint64_t> none(pool.size(), 0);
    CHECK(pick_weighted(pool, none, 5, 3).size() == 5);
  }
}

TEST_CASE("an empty match says what there is instead") {
  Bank bank = mini();
  auto message = describe_no_match(bank, Filter{"backend", {"technical"}, {"advanced"}, {}});
  CHECK_THAT(message, Catch::Contains("no questions match role backend, category technical, difficulty advanced"));
  CHECK_THAT(message, Catch::Contains("technical (1 beginner)"));
}
