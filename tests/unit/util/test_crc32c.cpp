#include "util/crc32c.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace drill;

TEST_CASE("crc32c: the standard check values") {
  CHECK(crc32c("") == 0U);
  CHECK(crc32c("123456789") == 0xE3069283U);
  CHECK(crc32c(std::string(32, '\0')) == 0x8A9136AAU);
  CHECK(crc32c(std::string(32, '\xff')) == 0x62A8AB43U);
}

TEST_CASE("crc32c: continuing from a part gives the whole's value, and one flipped bit changes it") {
  std::string text;
  for (int i = 0; i < 1000; ++i)
    text += static_cast<char>(i * 7 + 3);
  for (std::size_t cut : {0U, 1U, 7U, 8U, 9U, 500U, 999U, 1000U})
    CHECK(crc32c(std::string_view(text).substr(cut), crc32c(std::string_view(text).substr(0, cut))) == crc32c(text));
  for (std::size_t bit = 0; bit < text.size() * 8; bit += 37) {
    std::string flipped = text;
    flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
    CHECK(crc32c(flipped) != crc32c(text));
  }
}
