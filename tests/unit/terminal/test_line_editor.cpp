#include "terminal/line_editor.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("the countdown counts down, then up once over the limit") {
  CHECK(countdown_text(180) == "3:00 left");
  CHECK(countdown_text(59.2) == "1:00 left"); // a second that has begun still counts
  CHECK(countdown_text(0) == "0:00 left");
  CHECK(countdown_text(-12.5) == "0:13 over");
}
