// The bundled bank, checked as a whole: format, balance, completeness, and
// that the scorer agrees with its own model answers.
#include "bank/bank.hpp"
#include "bank/lexicon.hpp"
#include "scoring/scorer.hpp"
#include "session/select.hpp"
#include "scoring/tokens.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace drill;

namespace {

const Bank &bundled() {
  static const Bank bank = [] {
    Bank b;
    std::vector<Diagnostic> problems;
    for (const auto &file : bank_files({DRILL_TEST_DATA "/banks"})) load_bank_file(file, b, problems);
    for (const auto &p : problems) UNSCOPED_INFO(p.to_string());
    REQUIRE(problems.empty());
    return b;
  }();
  return bank;
}

// The bundled lexicon, as drill grades with it.
const Lexicon &lexicon() {
  static const Lexicon lexicon = [] {
    Lexicon l;
    std::vector<Diagnostic> problems;
    load_lexicon_file(DRILL_TEST_DATA "/lexicon.json", l, problems);
    for (const auto &p : problems) UNSCOPED_INFO(p.to_string());
    REQUIRE(problems.empty());
    return l;
  }();
  return lexicon;
}

std::size_t word_count(std::string_view s) { return count_words(s); }

} // namespace

TEST_CASE("bundled bank: every file is valid") { CHECK(bundled().questions().size() >= 160); }

TEST_CASE("bundled bank: backend counts and difficulty balance") {
  std::map<Category, std::array<int, 3>> counts;
  for (const auto *q : matching(bundled(), Filter{"backend", {}, {}, {}}))
    ++counts[q->category][static_cast<std::size_t>(q->difficulty)];
  const std::map<Category, int> minimum{{Category::technical, 80},
                                        {Category::behavioral, 35},
                                        {Category::situational, 25},
                                        {Category::system_design, 20}};
  for (const auto &[category, least] : minimum) {
    const auto &n = counts[category];
    int total = n[0] + n[1] + n[2];
    INFO(to_string(category) << ": " << n[0] << "/" << n[1] << "/" << n[2]);
    CHECK(total >= least);
    for (int d : n) CHECK(d * 100 >= total * 15);
  }
}

TEST_CASE("bundled bank: every question is complete") {
  Scorer scorer(&bundled(), &lexicon());
  for (const auto &q : bundled().questions()) {
    INFO(q.id);
    CHECK_FALSE(q.topics.empty());
    CHECK(q.concepts.size() >= 4);
    CHECK_FALSE(q.tips.empty());
    if (q.category == Category::technical || q.category == Category::system_design) CHECK_FALSE(q.follow_ups.empty());
    std::size_t words = word_count(q.model_answer);
    CHECK(words >= 60);
    CHECK(words <= 200);
    for (const auto &c : q.concepts) CHECK(c.any.size() >= 2);
    // The model answer makes every key point, as the scorer hears it.
    for (const auto &c : scorer.grade(q, q.model_answer).concepts) {
      INFO("concept: " << c.name);
      CHECK(c.hit);
    }
  }
}

TEST_CASE("bundled bank: questions that test knowledge name the wrong claims, and model answers make none") {
  const Bank &bank = bundled();
  Scorer scorer(&bank, &lexicon());
  std::size_t claims = 0;
  for (const auto &q : bank.questions()) {
    INFO(q.id);
    if (q.category == Category::behavioral) continue;
    CHECK_FALSE(q.misconceptions.empty());
    claims += q.misconceptions.size();
    for (const auto &m : q.misconceptions) {
      CHECK(m.any.size() >= 3);
      CHECK(m.correction.size() <= 200);
    }
    for (const auto &m : scorer.grade(q, q.model_answer).misconceptions) {
      INFO("model answer heard as: " << m.claim << " in \"" << m.evidence << "\" (" << m.matched << ")");
      CHECK(false);
    }
  }
  CHECK(claims >= 250);
}

TEST_CASE("bundled bank: no two questions ask the same thing") {
  Stemmer stemmer;
  std::vector<std::pair<std::string, std::set<std::string>>> prompts;
  for (const auto &q : bundled().questions()) {
    std::set<std::string> stems;
    for (const auto &t : tokenize(q.prompt, stemmer).tokens)
      if (!is_stopword(t.word)) stems.emplace(t.stem);
    prompts.emplace_back(q.id, std::move(stems));
  }
  for (std::size_t i = 0; i < prompts.size(); ++i)
    for (std::size_t j = i + 1; j < prompts.size(); ++j) {
      const auto &a = prompts[i].second;
      const auto &b = prompts[j].second;
      std::size_t common = 0;
      for (const auto &s : a) common += b.count(s);
      double jaccard = static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
      INFO(prompts[i].first << " ~ " << prompts[j].first);
      CHECK(jaccard < 0.5);
    }
}

TEST_CASE("bundled bank: model answers score >= 85 on their own question, <= 30 on an unrelated one") {
  const Bank &bank = bundled();
  Scorer scorer(&bank, &lexicon());
  const auto &qs = bank.questions();
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const Question &q = qs[i];
    auto own = scorer.grade(q, q.model_answer);
    INFO(q.id << " missed: " << own.missed_names().size());
    CHECK(own.score >= 85);
    // An unrelated question: the next one (by a fixed stride) that shares no
    // topic and is of another category.
    for (std::size_t k = 1; k < qs.size(); ++k) {
      const Question &other = qs[(i + k * 7) % qs.size()];
      bool shared = std::any_of(q.topics.begin(), q.topics.end(), [&](const std::string &t) {
        return std::find(other.topics.begin(), other.topics.end(), t) != other.topics.end();
      });
      if (shared || other.category == q.category) continue;
      INFO("against " << other.id);
      CHECK(scorer.grade(other, q.model_answer).score <= 30);
      break;
    }
  }
}
