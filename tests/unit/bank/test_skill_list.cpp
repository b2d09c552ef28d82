#include "bank/skill_list.hpp"
#include "support/bundled_data.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace drill;

namespace {
std::vector<Diagnostic> problems_of(const std::string &text, const std::vector<std::string> &topics = {"caching"}) {
  SkillList list;
  std::vector<Diagnostic> problems;
  load_skill_list_text(text, "skills.json", topics, list, problems);
  return problems;
}
} // namespace

TEST_CASE("the bundled skills list loads and names only topics that a bank has") {
  const Bank &bank = test::bundled_bank();
  SkillList list;
  std::vector<Diagnostic> problems;
  load_skill_list_file(DRILL_TEST_DATA "/skills.json", bank.topics(), list, problems);
  for (const auto &p : problems)
    INFO(p.to_string());
  REQUIRE(problems.empty());
  std::size_t names = 0;
  for (const auto &s : list.skills)
    names += s.spellings.size();
  CHECK(list.skills.size() >= 150);
  CHECK(names >= 400);
  for (const auto &[role, phrases] : list.roles) {
    auto roles = bank.roles();
    INFO(role);
    CHECK(std::find(roles.begin(), roles.end(), role) != roles.end());
  }
}

TEST_CASE("a topic no bank has is reported where it is written") {
  auto problems = problems_of(R"({"format": "drill-skills", "version": 1,
  "skills": [{"name": "Redis", "topics": ["cachng"]}]})");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].to_string() ==
        "skills.json:2:43: skill 'Redis': topic 'cachng' is in no bank (did you mean 'caching'?)");
}

TEST_CASE("skills list problems name the file, line and column") {
  SECTION("an unknown key, with a suggestion") {
    auto problems = problems_of(R"({"format": "drill-skills", "version": 1,
  "skills": [{"name": "Redis", "topcs": ["caching"]}]})");
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].to_string() == "skills.json:2:32: skill 'Redis': unknown key 'topcs' (did you mean 'topics'?)");
    CHECK(problems[1].message == "skill 'Redis': \"topics\" is missing; write [] for none");
  }
  SECTION("a spelling given to two skills") {
    auto problems = problems_of(R"({"format": "drill-skills", "version": 1, "skills": [
  {"name": "Redis", "topics": []},
  {"name": "Valkey", "aliases": ["redis"], "topics": []}]})");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].position.line == 3);
    CHECK(problems[0].message.find("already a spelling of skill 1 ('Redis')") != std::string::npos);
  }
  SECTION("a syntax error") {
    auto problems = problems_of("{\"format\": \"drill-skills\",\n \"version\": 1,}");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].position.line == 2);
  }
  SECTION("needs_list names a spelling the skill does not have") {
    auto problems = problems_of(R"({"format": "drill-skills", "version": 1,
  "skills": [{"name": "Go", "topics": [], "needs_list": ["go"]}]})");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("'go', which is not one of its spellings") != std::string::npos);
  }
  SECTION("a list with problems adds nothing") {
    SkillList list;
    list.skills.push_back({"Kept", {"Kept"}, {}, {}, false});
    std::vector<Diagnostic> problems;
    load_skill_list_text(R"({"format": "drill-skills", "version": 2, "skills": []})", "s.json", {}, list, problems);
    CHECK(problems.size() == 1);
    CHECK(list.skills.size() == 1);
  }
}
