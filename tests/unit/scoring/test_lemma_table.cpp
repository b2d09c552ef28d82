// The irregular-forms table: the format, its checks, and the table the
// build compiles from WordNet 3.0 and installs beside the banks.
#include "scoring/lemma_table.hpp"
#include "util/paths.hpp"

#include <catch2/catch.hpp>

using namespace drill;

TEST_CASE("lemma table: an encoded table finds every form, and only those") {
  const std::string table =
      LemmaTable::encode({{"wrote", "write"}, {"led", "lead"}, {"indices", "index"}, {"led", "x"}});
  const LemmaTable t(table);
  CHECK(t.size() == 3);
  CHECK(t.lemma_of("wrote") == "write");
  CHECK(t.lemma_of("led") == "lead"); // the first entry of a form wins
  CHECK(t.lemma_of("indices") == "index");
  CHECK(t.lemma_of("write").empty());
  CHECK(t.lemma_of("").empty());
  CHECK(t.lemma_of("zzz").empty());
}

TEST_CASE("lemma table: a damaged or cut table reads as empty") {
  const std::string table = LemmaTable::encode({{"wrote", "write"}, {"ran", "run"}});
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, std::size_t{24}, table.size() - 1}) {
    INFO(cut);
    CHECK(LemmaTable(std::string_view(table).substr(0, cut)).size() == 0);
  }
  for (std::size_t at : {std::size_t{3}, std::size_t{17}, std::size_t{30}, table.size() - 2}) {
    std::string damaged = table;
    damaged[at] ^= 0x20;
    INFO(at);
    CHECK(LemmaTable(damaged).lemma_of("wrote").empty());
  }
}

TEST_CASE("lemma table: the built table holds WordNet's irregular forms, minus the ones kept as written") {
  REQUIRE_FALSE(lemma_table_file().empty());
  const LemmaTable &t = LemmaTable::installed();
  CHECK(t.size() > 5000);
  CHECK(t.lemma_of("wrote") == "write");
  CHECK(t.lemma_of("written") == "write");
  CHECK(t.lemma_of("built") == "build");
  CHECK(t.lemma_of("children") == "child");
  CHECK(t.lemma_of("indices") == "index");
  CHECK(t.lemma_of("left").empty()); // "a left join"
  CHECK(t.lemma_of("bit").empty());  // "one bit"
  CHECK(t.lemma_of("underlying").empty());
}
