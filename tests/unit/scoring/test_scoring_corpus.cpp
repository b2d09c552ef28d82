// Agreement with people: tests/scoring/corpus.jsonl holds answers to bank
// questions, each graded 0-5 by a human reading it as an interviewer would,
// before the scorer was tuned. The scorer's ranking must follow theirs.
#include "bank/bank.hpp"
#include "bank/lexicon.hpp"
#include "scoring/scorer.hpp"

#include "support/rank_correlation.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <numeric>
#include <set>

using namespace drill;
using drill::test::spearman;

namespace {

Bank bundled_bank() {
  Bank bank;
  std::vector<Diagnostic> problems;
  for (const auto &file : bank_files({DRILL_TEST_DATA "/banks"}))
    load_bank_file(file, bank, problems);
  REQUIRE(problems.empty());
  return bank;
}

Lexicon bundled_lexicon() {
  Lexicon lexicon;
  std::vector<Diagnostic> problems;
  load_lexicon_file(DRILL_TEST_DATA "/lexicon.json", lexicon, problems);
  REQUIRE(problems.empty());
  return lexicon;
}

} // namespace

TEST_CASE("scoring corpus: scores rank answers as human graders do; STAR parts are found") {
  Bank bank = bundled_bank();
  Lexicon lexicon = bundled_lexicon();
  Scorer scorer(&bank, &lexicon);

  std::ifstream in(DRILL_TEST_FIXTURES "/../scoring/corpus.jsonl");
  REQUIRE(in);
  std::vector<double> grades, scores;
  std::size_t star_checks = 0, star_agree = 0;
  std::string line;
  std::set<std::string> questions;
  while (std::getline(in, line)) {
    auto row = nlohmann::json::parse(line);
    const Question *q = bank.find(row["id"].get<std::string>());
    REQUIRE(q != nullptr);
    questions.insert(q->id);
    Feedback fb = scorer.grade(*q, row["answer"].get<std::string>());
    grades.push_back(row["grade"].get<double>());
    scores.push_back(fb.score);
    if (row.contains("star")) {
      REQUIRE(fb.star.has_value());
      for (auto p : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) {
        ++star_checks;
        if (fb.star->has(p) == row["star"][std::string(to_string(p))].get<bool>()) ++star_agree;
      }
    }
  }
  REQUIRE(questions.size() >= 25);
  REQUIRE(grades.size() >= 125);
  double rho = spearman(grades, scores);
  double star_accuracy = static_cast<double>(star_agree) / static_cast<double>(star_checks);
  WARN("Spearman " << rho << " over " << grades.size() << " answers; STAR parts agree on " << star_accuracy << " of "
                   << star_checks);
  CHECK(rho >= 0.80);
  CHECK(star_accuracy >= 0.90);
}

// A second STAR set, written and labelled apart from the first and never
// graded for content: it checks that the STAR rules hold on answers they were
// not first written against (docs/scoring.md gives both figures).
TEST_CASE("scoring corpus: STAR parts are found in a second, separately written set") {
  Bank bank = bundled_bank();
  Lexicon lexicon = bundled_lexicon();
  Scorer scorer(&bank, &lexicon);

  std::ifstream in(DRILL_TEST_FIXTURES "/../scoring/star-unseen.jsonl");
  REQUIRE(in);
  std::size_t checks = 0, agree = 0;
  std::string line;
  while (std::getline(in, line)) {
    auto row = nlohmann::json::parse(line);
    const Question *q = bank.find(row["id"].get<std::string>());
    REQUIRE(q != nullptr);
    Feedback fb = scorer.grade(*q, row["answer"].get<std::string>());
    REQUIRE(fb.star.has_value());
    for (auto p : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) {
      ++checks;
      if (fb.star->has(p) == row["star"][std::string(to_string(p))].get<bool>()) ++agree;
    }
  }
  REQUIRE(checks >= 80);
  double accuracy = static_cast<double>(agree) / static_cast<double>(checks);
  WARN("STAR parts agree on " << accuracy << " of " << checks);
  CHECK(accuracy >= 0.90);
}
