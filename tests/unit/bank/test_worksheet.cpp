#include "bank/worksheet.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("a worksheet round-trips: render, fill in, parse") {
  Question a;
  a.id = "db.n-plus-one";
  a.prompt = "What is N+1?\nGive an example.";
  a.time_limit_s = 180;
  Question b;
  b.id = "beh.conflict";
  b.prompt = "A conflict?";
  b.time_limit_s = 240;
  std::string sheet = render_worksheet({&a, &b}, "backend", 9);
  CHECK_THAT(sheet, Catch::Contains("## Q1 [db.n-plus-one]"));
  CHECK_THAT(sheet, Catch::Contains("> What is N+1?\n> Give an example."));

  // Fill in the first answer only.
  auto at = sheet.find("### Answer");
  REQUIRE(at != std::string::npos);
  auto hint_end = sheet.find("-->", at) + 3;
  sheet.insert(hint_end, "\nOne query per row.\n\nUse eager loading.\n");
  auto entries = parse_worksheet(sheet, "sheet.md");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].id == "db.n-plus-one");
  CHECK(entries[0].number == 1);
  CHECK(entries[0].answer == "One query per row.\n\nUse eager loading.");
  CHECK(entries[1].id == "beh.conflict");
  CHECK(entries[1].answer.empty());
}

TEST_CASE("a file without question headings is bad data") {
  try {
    parse_worksheet("# notes\nnothing here\n", "notes.md");
    FAIL("expected an error");
  } catch (const Error &e) {
    CHECK(e.status() == ExitStatus::data);
    CHECK_THAT(e.what(), Catch::Contains("notes.md: no questions found"));
  }
}

TEST_CASE("with follow-ups, a worksheet asks the question's own after the answer, and reads the replies back") {
  Question a;
  a.id = "db.index";
  a.prompt = "When does an index help?";
  a.time_limit_s = 180;
  a.follow_ups = {"What does an index cost on writes?", "And a composite index?"};
  Question b;
  b.id = "beh.conflict";
  b.prompt = "A conflict?";
  b.time_limit_s = 240;
  CHECK_THAT(render_worksheet({&a}, "backend", 9), !Catch::Contains("Follow-up"));
  std::string sheet = render_worksheet({&a, &b}, "backend", 9, 1);
  CHECK_THAT(sheet, Catch::Contains("#### Follow-up: What does an index cost on writes?"));
  CHECK_THAT(sheet, !Catch::Contains("composite")); // one asked for, one given
  auto answer_at = sheet.find("-->", sheet.find("### Answer")) + 3;
  sheet.insert(answer_at, "\nWhen a query filters on few rows.\n");
  auto reply_at = sheet.find("-->", sheet.find("#### Follow-up:")) + 3;
  sheet.insert(reply_at, "\nEvery insert updates it too.\n");
  auto entries = parse_worksheet(sheet, "sheet.md");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].answer == "When a query filters on few rows.");
  REQUIRE(entries[0].follow_ups.size() == 1);
  CHECK(entries[0].follow_ups[0].asked == "What does an index cost on writes?");
  CHECK(entries[0].follow_ups[0].answer == "Every insert updates it too.");
  CHECK(entries[1].follow_ups.empty());
}
