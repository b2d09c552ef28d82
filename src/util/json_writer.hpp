#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// Bytes a JSON string holds as they are: printable ASCII except '"' and '\\'.
inline constexpr std::array<bool, 256> k_json_plain_byte = [] {
  std::array<bool, 256> t{};
  for (int b = 0x20; b < 0x80; ++b)
    t[static_cast<std::size_t>(b)] = b != '"' && b != '\\';
  return t;
}();

/// Appends compact JSON to a string, byte for byte as nlohmann::json's
/// dump(-1, ' ', false, error_handler_t::replace) would write the same
/// values, without building a document first. The caller writes object keys
/// in the order it wants them (nlohmann sorts them; hot paths that must match
/// its output write them sorted).
class JsonWriter {
public:
  explicit JsonWriter(std::string &out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// The key of the next member of the current object.
  void key(std::string_view name);

  void value(std::string_view s);
  void value(const char *s) { value(std::string_view(s)); }
  void value(bool b);
  void value(std::int64_t n);
  void value(std::uint64_t n);
  void value(int n) { value(static_cast<std::int64_t>(n)); }
  void value(double d);
  void null();
  /// A value that is already JSON text.
  void raw(std::string_view json);
  /// An array of strings.
  void value(const std::vector<std::string> &items);

private:
  void separate();

  std::string &out_;
  std::vector<bool> first_; // one per open container: no member written yet
  bool after_key_ = false;
};

} // namespace drill
