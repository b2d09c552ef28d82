#include "util/visible.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("visible: terminal controls are shown, not sent") {
  CHECK(visible("\x1b[2J\x1b]0;owned\a") == "^[[2J^[]0;owned^G");
  CHECK(visible("a\rb\bc\x7f") == "a^Mb^Hc^?");
  CHECK(visible(std::string("nul\0here", 8)) == "nul^@here");
  CHECK(visible("csi \xc2\x9b"
                "31m") == "csi <U+009B>31m");
}

TEST_CASE("visible: ordinary text, tabs, UTF-8 and chosen newlines pass through") {
  CHECK(visible("plain text") == "plain text");
  CHECK(visible("caf\xc3\xa9 \xc2\xa9 \xe2\x80\x94") == "caf\xc3\xa9 \xc2\xa9 \xe2\x80\x94");
  CHECK(visible("a\tb") == "a\tb");
  CHECK(visible("one\ntwo", Newlines::keep) == "one\ntwo");
  CHECK(visible("one\ntwo", Newlines::show) == "one^Jtwo");
  CHECK(visible("bad \xff\xc2") == "bad \xff\xc2");
}
