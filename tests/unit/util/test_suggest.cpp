#include "util/suggest.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("edit distance counts single-character edits") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("concepts", "concpets") == 1); // adjacent swap is one slip
  CHECK(edit_distance("abc", "abcdefgh", 2) == 3);   // capped at limit + 1
}

TEST_CASE("did-you-mean suggests only plausible typos") {
  std::vector<std::string> keys{"concepts", "category", "difficulty", "prompt"};
  CHECK(did_you_mean("concpets", keys) == "concepts");
  CHECK(did_you_mean("difficulity", keys) == "difficulty");
  CHECK_FALSE(did_you_mean("zzz", keys).has_value());
  CHECK(did_you_mean_suffix("promt", keys) == " (did you mean 'prompt'?)");
  CHECK(did_you_mean_suffix("weather", keys).empty());
}
