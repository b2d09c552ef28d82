#include "session/transcript.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace drill;
namespace fs = std::filesystem;

TEST_CASE("the transcript appends one line per record to a private file") {
  fs::path dir = fs::temp_directory_path() / ("drill-transcript-" + new_session_id());
  fs::create_directories(dir);
  fs::path file = dir / "log.jsonl";
  {
    Transcript t(file.string());
    AnswerRecord a;
    a.session_id = "s1";
    a.answered_at_ms = 1500;
    t.answer(a, AnswerNotes{"Why?", 1});
  }
  {
    Transcript t(file.string());
    t.session(SessionRecord{"s1", "piped", "backend", 1000, 2000, 1, 50.0}, SessionNotes{1, 0, false});
  }
  std::ifstream in(file);
  std::string l1, l2;
  std::getline(in, l1);
  std::getline(in, l2);
  auto answer = nlohmann::json::parse(l1);
  CHECK(answer["type"] == "answer");
  CHECK(answer["session_id"] == "s1");
  CHECK(answer["answered_at_ms"] == 1500);
  CHECK(answer["time"] == "1970-01-01T00:00:01.500Z");
  CHECK(answer["prompt"] == "Why?");
  auto session = nlohmann::json::parse(l2);
  CHECK(session["type"] == "session");
  CHECK(session["ended_at_ms"] == 2000);
  CHECK(session["average_score"] == 50.0);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  fs::remove_all(dir);
}

TEST_CASE("timestamps are UTC ISO 8601 with a Z") {
  CHECK(iso8601_utc(0) == "1970-01-01T00:00:00.000Z");
  CHECK(iso8601_utc(1'763'900'000'123) == "2025-11-23T12:13:20.123Z");
  CHECK(iso8601_utc(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(new_session_id().size() == 16);
}
