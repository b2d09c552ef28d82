// Scoring speed: one answer by length, and batch grading with JSON in and out.
#include "bank/bank.hpp"
#include "scoring/scorer.hpp"
#include "session/batch.hpp"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace drill;

namespace {

// A realistic 6-concept technical question.
Question six_concepts() {
  Question q;
  q.id = "bench.sql";
  q.source = "bench";
  q.time_limit_s = 180;
  q.prompt = "How do you protect a service against SQL injection?";
  q.concepts = {{"parameterised queries", {"parameterised queries", "parameterized queries", "prepared statements"}, 3},
                {"least privilege", {"least privilege", "minimal permissions"}, 2},
                {"input validation", {"input validation", "validate input", "allow list"}, 2},
                {"ORM", {"orm", "query builder"}, 1},
                {"escaping is not enough", {"escaping", "sanitising strings", "sanitizing strings"}, 1},
                {"detection", {"waf", "web application firewall", "audit logs"}, 1}};
  return q;
}

const char *k_sentence = "I would use prepared statements for every query so that user input travels separately "
                         "from the SQL text, and the database account gets least privilege, while the service "
                         "validates input against an allow list before it reaches the query builder. ";

std::string answer_of(std::size_t words) {
  std::string out;
  std::size_t n = 0;
  std::istringstream in;
  while (n < words) {
    in.clear();
    in.str(k_sentence);
    std::string w;
    while (n < words && in >> w) {
      out += w + ' ';
      ++n;
    }
  }
  return out;
}

void BM_score_answer(benchmark::State &state) {
  Question q = six_concepts();
  Scorer scorer;
  std::string answer = answer_of(static_cast<std::size_t>(state.range(0)));
  scorer.grade(q, answer); // compile the question once, as a session does
  for (auto _ : state)
    benchmark::DoNotOptimize(scorer.grade(q, answer));
  state.SetLabel(std::to_string(state.range(0)) + " words, 6 concepts");
}
BENCHMARK(BM_score_answer)->Arg(20)->Arg(150)->Arg(600)->Unit(benchmark::kMicrosecond);

void BM_score_by_concepts(benchmark::State &state) {
  Question q = six_concepts();
  auto base = q.concepts;
  q.concepts.clear();
  for (long i = 0; i < state.range(0); ++i) {
    Concept c = base[static_cast<std::size_t>(i) % base.size()];
    c.name += std::to_string(i);
    q.concepts.push_back(c);
  }
  Scorer scorer;
  std::string answer = answer_of(150);
  scorer.grade(q, answer);
  for (auto _ : state)
    benchmark::DoNotOptimize(scorer.grade(q, answer));
}
BENCHMARK(BM_score_by_concepts)->Arg(2)->Arg(6)->Arg(12)->Arg(24)->Unit(benchmark::kMicrosecond);

void BM_grade_batch_jsonl(benchmark::State &state) {
  Bank bank;
  std::vector<Diagnostic> problems;
  for (const auto &f : bank_files({DRILL_BENCH_DATA "/banks"}))
    load_bank_file(f, bank, problems);
  std::string input;
  const auto &qs = bank.questions();
  for (std::size_t i = 0; i < 1000; ++i) {
    const Question &q = qs[i % qs.size()];
    input += nlohmann::json{{"key", i}, {"id", q.id}, {"answer", answer_of(150)}}.dump() + "\n";
  }
  Scorer scorer(&bank);
  for (auto _ : state) {
    std::istringstream in(input);
    std::ostringstream out;
    grade_batch(in, out, bank, scorer);
    benchmark::DoNotOptimize(out.str().size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 1000);
  state.SetLabel("150-word answers, JSON in and out");
}
BENCHMARK(BM_grade_batch_jsonl)->Unit(benchmark::kMillisecond);

} // namespace
