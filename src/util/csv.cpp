#include "util/csv.hpp"

#include "util/utf8.hpp"

namespace drill {

std::string spreadsheet_cell(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 1);
  // A spreadsheet reads these first characters as the start of a formula.
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) out += '\'';
  for (std::size_t i = 0; i < value.size();) {
    char32_t cp = 0;
    std::size_t n = utf8_decode(value, i, cp);
    if (n == 0) {
      utf8_append(out, 0xFFFD);
      ++i;
      continue;
    }
    out.append(value.substr(i, n));
    i += n;
  }
  return out;
}

std::string csv_field(std::string_view value) {
  bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string> &fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
  return out;
}

} // namespace drill
