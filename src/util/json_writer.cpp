#include "util/json_writer.hpp"

#include "util/utf8.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>

namespace drill {

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (first_.back())
    first_.back() = false;
  else
    out_ += ',';
}

void JsonWriter::begin_object() {
  separate();
  out_ += '{';
  first_.push_back(true);
}

void JsonWriter::end_object() {
  out_ += '}';
  first_.pop_back();
}

void JsonWriter::begin_array() {
  separate();
  out_ += '[';
  first_.push_back(true);
}

void JsonWriter::end_array() {
  out_ += ']';
  first_.pop_back();
}

void JsonWriter::key(std::string_view name) {
  value(name);
  out_ += ':';
  after_key_ = true;
}

void JsonWriter::value(std::string_view s) {
  separate();
  static constexpr char k_hex[] = "0123456789abcdef";
  const std::size_t rollback = out_.size();
  out_ += '"';
  std::size_t plain = 0; // start of the run of bytes copied unchanged
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (k_json_plain_byte[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      char32_t cp = 0;
      std::size_t len = utf8_decode(s, i, cp);
      if (len == 0) {
        // Rare (answers with broken bytes): let nlohmann apply its exact
        // replacement rules rather than imitate them.
        out_.resize(rollback);
        out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += len;
      continue;
    }
    out_.append(s.data() + plain, i - plain);
    plain = ++i;
    switch (c) {
    case '"': out_ += "\\\""; break;
    case '\\': out_ += "\\\\"; break;
    case '\b': out_ += "\\b"; break;
    case '\f': out_ += "\\f"; break;
    case '\n': out_ += "\\n"; break;
    case '\r': out_ += "\\r"; break;
    case '\t': out_ += "\\t"; break;
    default:
      out_ += "\\u00";
      out_ += k_hex[c >> 4];
      out_ += k_hex[c & 0xF];
    }
  }
  out_.append(s.data() + plain, s.size() - plain);
  out_ += '"';
}

void JsonWriter::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
}

void JsonWriter::value(std::int64_t n) {
  separate();
  fmt::format_to(std::back_inserter(out_), "{}", n);
}

void JsonWriter::value(std::uint64_t n) {
  separate();
  fmt::format_to(std::back_inserter(out_), "{}", n);
}

void JsonWriter::value(double d) {
  separate();
  if (!std::isfinite(d)) {
    out_ += "null";
    return;
  }
  // nlohmann's own shortest round-trip formatting ("1.0", "0.667", "1e-07"),
  // so that numbers read the same whichever path wrote them.
  std::array<char, 64> buffer{};
  char *end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), d);
  out_.append(buffer.data(), end);
}

void JsonWriter::null() {
  separate();
  out_ += "null";
}

void JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
}

void JsonWriter::value(const std::vector<std::string> &items) {
  begin_array();
  for (const auto &s : items)
    value(std::string_view(s));
  end_array();
}

} // namespace drill
