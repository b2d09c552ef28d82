#include "bank/bank.hpp"
#include "util/error.hpp"
#include "session/select.hpp"

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

TEST_CASE("an empty match says what there is instead") {
  Bank bank = mini();
  auto message = describe_no_match(bank, Filter{"backend", {"technical"}, {"advanced"}, {}});
  CHECK_THAT(message, Catch::Contains("no questions match role backend, category technical, difficulty advanced"));
  CHECK_THAT(message, Catch::Contains("technical (1 beginner)"));
}
