#include "render/chart.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("the locale decides between Unicode and ASCII charts") {
  CHECK(is_utf8_locale("", "", "en_GB.UTF-8"));
  CHECK(is_utf8_locale("", "", "C.utf8"));
  CHECK(is_utf8_locale("", "de_DE.Utf-8", "C"));
  CHECK_FALSE(is_utf8_locale("C", "", "en_GB.UTF-8")); // LC_ALL wins
  CHECK_FALSE(is_utf8_locale("", "", ""));
  CHECK_FALSE(is_utf8_locale("", "", "POSIX"));
  CHECK_FALSE(is_utf8_locale("", "en_US.ISO-8859-1", "en_US.UTF-8")); // LC_CTYPE before LANG
}

TEST_CASE("a sparkline has one glyph per value, scaled to the maximum") {
  CHECK(sparkline({0.0, 50.0, 100.0, std::nullopt}, 100, Glyphs::unicode) == "▁▅█ ");
  CHECK(sparkline({0.0, 50.0, 100.0, std::nullopt}, 100, Glyphs::ascii) == "_=# ");
  CHECK(sparkline({150.0, -5.0}, 100, Glyphs::ascii) == "#_");
  CHECK(sparkline({}, 100, Glyphs::unicode).empty());
}

TEST_CASE("a bar fills its width in proportion, with eighth blocks") {
  CHECK(bar(100, 100, 4, Glyphs::unicode) == "████");
  CHECK(bar(50, 100, 4, Glyphs::unicode) == "██  ");
  CHECK(bar(5, 40, 1, Glyphs::unicode) == "▏");
  CHECK(bar(0, 100, 3, Glyphs::unicode) == "   ");
  CHECK(bar(50, 100, 4, Glyphs::ascii) == "##  ");
  CHECK(bar(62.5, 100, 4, Glyphs::ascii) == "### ");
}
