#include "util/csv.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("CSV fields are quoted only when RFC 4180 needs it") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
  CHECK(csv_field(" padded") == "\" padded\"");
}

TEST_CASE("a CSV row ends with CRLF") {
  CHECK(csv_row({"a", "b,c", ""}) == "a,\"b,c\",\r\n");
}
