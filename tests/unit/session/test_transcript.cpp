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
    t.append({{"type", "answer"}, {"n", 1}});
  }
  {
    Transcript t(file.string());
    t.append({{"type", "session"}});
  }
  std::ifstream in(file);
  std::string l1, l2;
  std::getline(in, l1);
  std::getline(in, l2);
  CHECK(nlohmann::json::parse(l1)["n"] == 1);
  CHECK(nlohmann::json::parse(l2)["type"] == "session");
  struct stat st{};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  fs::remove_all(dir);
}

TEST_CASE("timestamps are UTC ISO 8601 with a Z") {
  CHECK(iso8601_utc(std::chrono::system_clock::from_time_t(0)) == "1970-01-01T00:00:00Z");
  CHECK(new_session_id().size() == 16);
}
