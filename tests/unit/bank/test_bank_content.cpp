// The bundled bank, checked as a whole: format, balance, completeness, and
// that the scorer agrees with its own model answers.
#include "bank/bank.hpp"
#include "bank/lexicon.hpp"
#include "scoring/scorer.hpp"
#include "scoring/tokens.hpp"
#include "session/select.hpp"
#include "support/bundled_data.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace drill;

namespace {

const Bank &bundled() { return test::bundled_bank(); }

// The bundled lexicon, as drill grades with it.
const Lexicon &lexicon() { return test::bundled_lexicon(); }

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
    for (int d : n)
      CHECK(d * 100 >= total * 15);
  }
}

TEST_CASE("bundled bank: frontend, devops and data-engineering each stand as a role of their own") {
  for (const char *role : {"frontend", "devops", "data-engineering"}) {
    INFO(role);
    std::map<Category, int> own;     // questions for this role alone
    std::array<int, 3> difficulty{}; // of those, per difficulty
    int total = 0;
    for (const auto &q : bundled().questions()) {
      if (std::find(q.roles.begin(), q.roles.end(), role) == q.roles.end()) continue;
      ++own[q.category];
      ++difficulty[static_cast<std::size_t>(q.difficulty)];
      ++total;
      if (q.category != Category::behavioral) CHECK_FALSE(q.misconceptions.empty());
      CHECK(q.tips.size() >= 2);
      CHECK_FALSE(q.follow_ups.empty());
    }
    CHECK(own[Category::technical] >= 36);
    CHECK(own[Category::situational] >= 12);
    CHECK(own[Category::system_design] >= 12);
    CHECK(own[Category::behavioral] >= 4);
    for (int d : difficulty)
      CHECK(d * 4 >= total);
    // The shared behavioral questions are asked for every role too.
    CHECK(matching(bundled(), Filter{role, {"behavioral"}, {}, {}}).size() >=
          static_cast<std::size_t>(own[Category::behavioral]) + 20);
  }
}

// Words of a question's own text: prompt, model answer, tips and follow-ups.
std::vector<std::string> own_text(const Question &q) {
  std::vector<std::string> parts{q.prompt, q.model_answer};
  parts.insert(parts.end(), q.tips.begin(), q.tips.end());
  parts.insert(parts.end(), q.follow_ups.begin(), q.follow_ups.end());
  return parts;
}

TEST_CASE("bundled bank: no question shares a 10-word run with another question") {
  Stemmer stemmer;
  std::map<std::string, std::string> first_owner; // run of 10 words -> question that has it
  for (const auto &q : bundled().questions())
    for (const auto &text : own_text(q)) {
      std::vector<std::string> words;
      for (const auto &t : tokenize(text, stemmer).tokens)
        words.emplace_back(t.word);
      for (std::size_t i = 0; i + 10 <= words.size(); ++i) {
        std::string run;
        for (std::size_t k = i; k < i + 10; ++k)
          run += words[k] + ' ';
        auto [it, fresh] = first_owner.emplace(run, q.id);
        INFO(q.id << " and " << it->second << ": " << run);
        CHECK((fresh || it->second == q.id));
      }
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
    for (const auto &c : q.concepts)
      CHECK(c.any.size() >= 2);
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
      for (const auto &s : a)
        common += b.count(s);
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
    // topic, is of another category, and is asked for another role (any
    // other, for the questions every role shares).
    auto shares = [](const std::vector<std::string> &a, const std::vector<std::string> &b) {
      return std::any_of(a.begin(), a.end(),
                         [&](const std::string &x) { return std::find(b.begin(), b.end(), x) != b.end(); });
    };
    const bool for_all = std::find(q.roles.begin(), q.roles.end(), "any") != q.roles.end();
    for (std::size_t k = 1; k < qs.size(); ++k) {
      const Question &other = qs[(i + k * 7) % qs.size()];
      const bool other_for_all = std::find(other.roles.begin(), other.roles.end(), "any") != other.roles.end();
      const bool same_role = !for_all && (other_for_all || shares(q.roles, other.roles));
      if (shares(q.topics, other.topics) || other.category == q.category || same_role) continue;
      INFO("against " << other.id);
      CHECK(scorer.grade(other, q.model_answer).score <= 30);
      break;
    }
  }
}
