// Feeds bytes to the scorer as an answer to a few bundled questions (one per
// category), and as the model answer of a question whose concepts the scorer
// must derive from it.

#include "fuzz_support.hpp"

#include "scoring/tokens.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

using namespace drill;

namespace {

const std::vector<const Question *> &sample_questions() {
  static const std::vector<const Question *> sample = [] {
    std::vector<const Question *> out;
    for (Category c : {Category::technical, Category::behavioral, Category::situational, Category::system_design})
      for (const auto &q : fuzz::bundled_bank().questions())
        if (q.category == c) {
          out.push_back(&q);
          break;
        }
    FUZZ_CHECK(out.size() == 4);
    return out;
  }();
  return sample;
}

void check_feedback(Scorer &scorer, const Question &q, std::string_view answer, const Feedback &fb) {
  FUZZ_CHECK(fb.score >= 0 && fb.score <= 100);
  FUZZ_CHECK(fb.coverage >= 0 && fb.coverage <= 1);
  FUZZ_CHECK(fb.concepts.size() == scorer.concepts_for(q).size());
  FUZZ_CHECK(fb.hit_names().size() + fb.missed_names().size() == fb.concepts.size());
  FUZZ_CHECK(fb.star.has_value() == q.star);
  FUZZ_CHECK(fb.delivery.words == count_words(answer));
  FUZZ_CHECK(fb.delivery.min_words <= fb.delivery.max_words);
  for (const auto &c : fb.concepts) {
    FUZZ_CHECK(!(c.hit && c.negated));
    FUZZ_CHECK(c.evidence.size() <= answer.size() + 3); // "..." when cut
  }
  for (const auto &m : fb.misconceptions) {
    FUZZ_CHECK(!m.claim.empty() && !m.correction.empty());
    FUZZ_CHECK(m.evidence.size() <= answer.size() + 3);
  }
  const ScoreParts &p = fb.parts;
  for (double v : {p.coverage, p.similarity, p.content, p.structure, p.signals})
    FUZZ_CHECK(std::isfinite(v) && v >= 0 && v <= 1);
  FUZZ_CHECK(std::isfinite(p.misconceptions) && p.misconceptions >= 0);
  FUZZ_CHECK(p.penalties >= 0 && p.penalties <= 20);
  // What `drill grade --format json` prints.
  auto dumped = to_json(fb).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  FUZZ_CHECK(!dumped.empty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  Scorer &scorer = fuzz::bundled_scorer();
  for (const Question *q : sample_questions()) {
    Feedback fb = scorer.grade(*q, text, 95.0);
    check_feedback(scorer, *q, text, fb);
  }

  // The same bytes as a model answer: the concepts come from it.
  Question derived = *sample_questions()[0];
  derived.id = "fuzz.derived";
  derived.source.clear(); // an inline question: the scorer caches bank questions by address
  derived.concepts.clear();
  derived.model_answer = std::string(text);
  if (derived.model_answer.empty()) derived.model_answer = " ";
  for (const auto &c : scorer.concepts_for(derived)) {
    FUZZ_CHECK(!c.name.empty() && !c.any.empty());
    FUZZ_CHECK(c.weight > 0);
  }
  Feedback fb = scorer.grade(derived, sample_questions()[0]->model_answer);
  check_feedback(scorer, derived, sample_questions()[0]->model_answer, fb);
  FUZZ_CHECK(fb.derived_concepts);
  Feedback self = scorer.grade(derived, text);
  check_feedback(scorer, derived, text, self);
  return 0;
}
