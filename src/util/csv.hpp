#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// One CSV field as RFC 4180 wants it: quoted, with quotes doubled, when it
/// holds a comma, a quote, CR or LF (or starts or ends with a space); as is otherwise.
std::string csv_field(std::string_view value);

/// `value` made safe to open in a spreadsheet: bytes that are not valid
/// UTF-8 become U+FFFD, and a cell that starts with '=', '+', '-', '@', a tab
/// or a carriage return gets a leading single quote, so that it is shown as
/// text instead of being run as a formula.
std::string spreadsheet_cell(std::string_view value);

/// One CSV record: the fields joined with commas, ended with CRLF.
std::string csv_row(const std::vector<std::string> &fields);

} // namespace drill
