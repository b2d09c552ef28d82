#include "history/answer_record.hpp"
#include "history/record_line.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

using namespace drill;
namespace fs = std::filesystem;

namespace {

using test::TempDir;

constexpr std::int64_t k_t0 = 1'700'000'000'000;

AnswerRecord answer(std::string session, std::string question, std::int64_t at, double score) {
  AnswerRecord a;
  a.session_id = std::move(session);
  a.mode = "piped";
  a.question_id = std::move(question);
  a.question_hash = "0123456789abcdef";
  a.role = "backend";
  a.category = "technical";
  a.difficulty = "beginner";
  a.topics = {"http"};
  a.answered_at_ms = at;
  a.time_limit_s = 180;
  a.score = score;
  a.breakdown = {{"concepts", {{"hit", {"ttl"}}, {"missed", nlohmann::json::array()}}}, {"star", nullptr}};
  a.answer = "A \"quoted\" answer,\nover two lines.";
  return a;
}

} // namespace

TEST_CASE("the fallback file gets one private, flushed JSON line per answer") {
  TempDir tmp;
  fs::path file = tmp.path / "new-dir" / "unsaved-answers.jsonl";
  AnswerRecord a = answer("s1", "q1", k_t0, 50);
  append_fallback(a, file);
  append_fallback(answer("s1", "q2", k_t0 + 1, 60), file);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream in(file);
  std::string line;
  std::vector<AnswerRecord> back;
  while (std::getline(in, line)) {
    std::vector<FieldProblem> problems;
    auto record = parse_record_line(nlohmann::json::parse(line), problems);
    REQUIRE(record);
    CHECK(nlohmann::json::parse(line)["type"] == "answer");
    back.push_back(std::get<AnswerRecord>(*record));
  }
  REQUIRE(back.size() == 2);
  CHECK(back[0] == a);
  CHECK(back[1].question_id == "q2");
}

TEST_CASE("question_hash changes with the content") {
  Question q;
  q.id = "x";
  q.prompt = "What is a cache?";
  std::string before = question_hash(q);
  CHECK(before.size() == 16);
  CHECK(question_hash(q) == before);
  q.prompt = "What is a CDN?";
  CHECK(question_hash(q) != before);
}
