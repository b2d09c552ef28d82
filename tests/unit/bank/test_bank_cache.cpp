// The bundled banks load from a validated snapshot when unchanged; every
// other case must behave exactly as loading the JSON does.
#include "bank/bank_cache.hpp"
#include "bank/question.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace drill;
namespace fs = std::filesystem;

namespace {

void write(const fs::path &file, const std::string &text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string dump(const Bank &bank) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto &q : bank.questions()) {
    auto j = to_json(q);
    j["source"] = q.source;
    j["source_index"] = q.source_index;
    all.push_back(j);
  }
  return all.dump();
}

std::size_t snapshots(const fs::path &cache) {
  std::error_code ec;
  std::size_t n = 0;
  for (const auto &e : fs::directory_iterator(cache / "banks", ec))
    n += e.path().extension() == ".bin";
  return n;
}

} // namespace

TEST_CASE("bank snapshot: the second load gives the same questions as the JSON") {
  test::TempDir dir;
  fs::path bank_file = DRILL_TEST_FIXTURES "/mini-bank.json";
  Bank plain;
  std::vector<Diagnostic> problems;
  load_bank_file(bank_file, plain, problems);
  REQUIRE(problems.empty());

  Bank first, second;
  load_bank_file_cached(bank_file, dir.path, first, problems);
  CHECK(snapshots(dir.path) == 1);
  load_bank_file_cached(bank_file, dir.path, second, problems);
  CHECK(problems.empty());
  CHECK(dump(first) == dump(plain));
  CHECK(dump(second) == dump(plain));
}

TEST_CASE("bank snapshot: a changed file is parsed again, and its errors reported") {
  test::TempDir dir;
  fs::path file = dir.path / "mine.json";
  std::string text;
  {
    std::ifstream in(DRILL_TEST_FIXTURES "/mini-bank.json");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  write(file, text);
  Bank a;
  std::vector<Diagnostic> problems;
  load_bank_file_cached(file, dir.path / "cache", a, problems);
  REQUIRE(problems.empty());

  write(file, text + "\n  "); // a different size: the snapshot no longer applies
  write(file, "{\"format\": \"drill-bank\"");
  Bank b;
  load_bank_file_cached(file, dir.path / "cache", b, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.find("invalid JSON") != std::string::npos);
  CHECK(b.empty());
}

TEST_CASE("bank snapshot: a damaged snapshot is ignored") {
  Question q;
  q.id = "x.one";
  q.prompt = "Why?";
  q.roles = {"backend"};
  q.concepts = {{"because", {"because", "as"}, 2.5}};
  q.source = "f.json";
  std::string data = encode_questions({q}, "key");
  auto back = decode_questions(data, "key");
  REQUIRE(back);
  REQUIRE(back->size() == 1);
  CHECK((*back)[0].concepts[0].weight == 2.5);
  CHECK((*back)[0].concepts[0].any == std::vector<std::string>{"because", "as"});
  CHECK_FALSE(decode_questions(data, "other key"));
  for (std::size_t cut = 0; cut < data.size(); cut += 7)
    CHECK_FALSE(decode_questions(data.substr(0, cut), "key"));
  std::string flipped = data;
  flipped[data.size() / 2] = static_cast<char>(0xff);
  auto maybe = decode_questions(flipped, "key"); // must not crash; may or may not decode
  (void)maybe;
}

TEST_CASE("bank snapshot: an id clash with an earlier file still names both places") {
  test::TempDir dir;
  fs::path mini = DRILL_TEST_FIXTURES "/mini-bank.json";
  Bank bank;
  std::vector<Diagnostic> problems;
  load_bank_file(mini, bank, problems);
  fs::path copy = dir.path / "copy.json";
  fs::copy_file(mini, copy);
  load_bank_file_cached(copy, dir.path / "cache", bank, problems);
  REQUIRE_FALSE(problems.empty());
  CHECK(problems[0].message.find("duplicate id") != std::string::npos);
  CHECK(problems[0].message.find("mini-bank.json:") != std::string::npos);
}

TEST_CASE("bank snapshot: misconceptions come back whole, or are skipped for commands that never grade") {
  test::TempDir dir;
  Bank plain;
  std::vector<Diagnostic> problems;
  for (const auto &file : bank_files({DRILL_TEST_DATA "/banks"}))
    load_bank_file(file, plain, problems);
  REQUIRE(problems.empty());
  const std::string encoded = encode_questions(plain.questions(), "key");
  auto all = decode_questions(encoded, "key");
  REQUIRE(all.has_value());
  CHECK(*all == plain.questions());
  auto lean = decode_questions(encoded, "key", BankContents::without_misconceptions);
  REQUIRE(lean.has_value());
  REQUIRE(lean->size() == plain.questions().size());
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < lean->size(); ++i) {
    Question expected = plain.questions()[i];
    skipped += expected.misconceptions.size();
    expected.misconceptions.clear();
    CHECK((*lean)[i] == expected);
  }
  CHECK(skipped > 0);
  // An outline keeps every concept's name and weight, and no phrasing.
  auto outline = decode_questions(encoded, "key", BankContents::outline);
  REQUIRE(outline.has_value());
  REQUIRE(outline->size() == plain.questions().size());
  std::size_t phrasings = 0;
  for (std::size_t i = 0; i < outline->size(); ++i) {
    Question expected = plain.questions()[i];
    expected.misconceptions.clear();
    for (auto &c : expected.concepts) {
      phrasings += c.any.size();
      c.any.clear();
    }
    CHECK((*outline)[i] == expected);
  }
  CHECK(phrasings > 0);
  // a snapshot cut short is refused, in either mode
  CHECK_FALSE(decode_questions(encoded.substr(0, encoded.size() - 3), "key").has_value());
}

TEST_CASE("bank snapshot: every single flipped bit is caught by the checksums") {
  Bank bank;
  std::vector<Diagnostic> problems;
  load_bank_file(DRILL_TEST_FIXTURES "/mini-bank.json", bank, problems);
  REQUIRE(problems.empty());
  const std::string key = "drill test\nkey\n";
  const std::string data = encode_questions(bank.questions(), key);
  const auto whole = decode_questions(data, key);
  REQUIRE(whole);
  const auto without = decode_questions(data, key, BankContents::without_misconceptions);
  REQUIRE(without);
  std::size_t refused = 0, tried = 0;
  // Every bit of the header and a spread of the rest (a prime step keeps it fast).
  for (std::size_t bit = 0; bit < data.size() * 8; bit += bit < 400 ? 1 : 61) {
    std::string flipped = data;
    flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
    ++tried;
    INFO("bit " << bit << " of " << data.size() * 8);
    CHECK_FALSE(decode_questions(flipped, key));
    // Skipping the misconceptions skips their checksum, never their damage.
    auto partial = decode_questions(flipped, key, BankContents::without_misconceptions);
    if (partial) CHECK(*partial == *without);
    if (!partial) ++refused;
    CHECK(decode_questions(flipped, key, BankContents::outline).has_value() == partial.has_value());
  }
  CHECK(tried > 400);
  CHECK(refused > 0);
}
