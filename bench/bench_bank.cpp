// Loading and validating the bundled bank, and picking questions from it.
#include "drill/bank.hpp"
#include "drill/select.hpp"

#include <benchmark/benchmark.h>

using namespace drill;

namespace {

void BM_load_bundled_bank(benchmark::State &state) {
  auto files = bank_files({DRILL_BENCH_DATA "/banks"});
  for (auto _ : state) {
    Bank bank;
    std::vector<Diagnostic> problems;
    for (const auto &f : files) load_bank_file(f, bank, problems);
    benchmark::DoNotOptimize(bank.questions().size());
  }
}
BENCHMARK(BM_load_bundled_bank)->Unit(benchmark::kMillisecond);

void BM_select(benchmark::State &state) {
  Bank bank;
  std::vector<Diagnostic> problems;
  for (const auto &f : bank_files({DRILL_BENCH_DATA "/banks"})) load_bank_file(f, bank, problems);
  Filter filter{"backend", {"technical"}, {}, {}};
  std::uint64_t seed = 1;
  for (auto _ : state) benchmark::DoNotOptimize(pick(matching(bank, filter), 5, seed++));
}
BENCHMARK(BM_select)->Unit(benchmark::kMicrosecond);

} // namespace
