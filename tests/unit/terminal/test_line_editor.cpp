#include "terminal/line_editor.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("the countdown counts down, then up once over the limit") {
  CHECK(countdown_text(180) == "3:00 left");
  CHECK(countdown_text(59.2) == "1:00 left"); // a second that has begun still counts
  CHECK(countdown_text(0) == "0:00 left");
  CHECK(countdown_text(-12.5) == "0:13 over");
}

TEST_CASE("the countdown warns in the last fifth of the time, whatever the limit") {
  CHECK(countdown_tone(200, 900) == CountdownTone::calm);
  CHECK(countdown_tone(179, 900) == CountdownTone::warning); // a 15-minute design question warns at 3:00
  CHECK(countdown_tone(31, 150) == CountdownTone::calm);
  CHECK(countdown_tone(29, 150) == CountdownTone::warning);
  CHECK(countdown_tone(-0.5, 150) == CountdownTone::over);
  CHECK(countdown_tone(25, 0) == CountdownTone::warning); // no limit known: the last 30 s
}
