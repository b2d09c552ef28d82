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

TEST_CASE("a CSV row ends with CRLF") { CHECK(csv_row({"a", "b,c", ""}) == "a,\"b,c\",\r\n"); }

TEST_CASE("a spreadsheet cell runs no formula and holds only UTF-8") {
  for (const char *formula : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"})
    CHECK(spreadsheet_cell(formula) == std::string("'") + formula);
  CHECK(spreadsheet_cell("a = b") == "a = b");
  CHECK(spreadsheet_cell("") == "");
  CHECK(spreadsheet_cell("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(spreadsheet_cell("ok \xff!") == "ok \xef\xbf\xbd!");
  CHECK(spreadsheet_cell("\xc3") == "\xef\xbf\xbd");
}
