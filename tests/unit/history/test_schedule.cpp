#include "history/schedule.hpp"

#include <catch2/catch.hpp>

using namespace drill;

namespace {

Question make(std::string id, std::vector<std::string> topics) {
  Question q;
  q.id = std::move(id);
  q.topics = std::move(topics);
  return q;
}

MemoryState due_at(std::int64_t ms) {
  MemoryState m;
  m.due_ms = ms;
  return m;
}

} // namespace

TEST_CASE("due questions come first, then weak topics, then new ground") {
  Question fresh = make("fresh", {"k8s"});
  Question weak_unseen = make("weak-unseen", {"db"});
  Question weak_seen = make("weak-seen", {"db", "http"});
  Question strong = make("strong", {"http"});
  Question overdue = make("overdue", {"http"});
  Question very_overdue = make("very-overdue", {"auth"});
  Question untagged = make("untagged", {});
  std::vector<const Question *> candidates = {&fresh,   &weak_unseen,  &weak_seen, &strong,
                                              &overdue, &very_overdue, &untagged};
  std::map<std::string, MemoryState> memories = {
      {"weak-seen", due_at(5000)}, {"strong", due_at(9000)}, {"overdue", due_at(900)}, {"very-overdue", due_at(100)}};
  std::map<std::string, double> topics = {{"db", 35}, {"http", 80}, {"auth", 50}};

  auto order = due_first_order(candidates, memories, topics, 1000);
  CHECK(order ==
        std::vector<std::string>{"very-overdue", "overdue", "weak-unseen", "weak-seen", "strong", "fresh", "untagged"});
}

TEST_CASE("without a history the order given is kept") {
  Question a = make("a", {"x"});
  Question b = make("b", {"y"});
  CHECK(due_first_order({&b, &a}, {}, {}, 0) == std::vector<std::string>{"b", "a"});
  CHECK(due_first_order({}, {}, {}, 0).empty());
}
