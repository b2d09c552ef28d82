// Loading and validating banks (the bundled one, and synthetic banks of
// 1,000 and 10,000 questions from bench/gen_bank.py), and picking questions.
#include "bank/bank.hpp"
#include "session/select.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>

using namespace drill;
namespace fs = std::filesystem;

namespace {

Bank load(const std::vector<fs::path> &files) {
  Bank bank;
  std::vector<Diagnostic> problems;
  for (const auto &f : files)
    load_bank_file(f, bank, problems);
  if (!problems.empty()) throw std::runtime_error(problems.front().to_string());
  return bank;
}

// A synthetic bank of n questions, written once per run into the temp dir.
fs::path synthetic(long n) {
  static std::map<long, fs::path> made;
  if (auto it = made.find(n); it != made.end()) return it->second;
  fs::path file = fs::temp_directory_path() / fmt::format("drill-bench-bank-{}.json", n);
  std::string cmd = fmt::format("/usr/bin/python3 '{}/gen_bank.py' {} '{}'", DRILL_BENCH_SOURCE, n, file.string());
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("cannot run " + cmd);
  return made[n] = file;
}

void BM_load_bundled_bank(benchmark::State &state) {
  auto files = bank_files({DRILL_BENCH_DATA "/banks"});
  for (auto _ : state)
    benchmark::DoNotOptimize(load(files).questions().size());
  state.SetLabel("6 files, 172 questions");
}
BENCHMARK(BM_load_bundled_bank)->Unit(benchmark::kMillisecond);

void BM_load_synthetic_bank(benchmark::State &state) {
  std::vector<fs::path> files{synthetic(state.range(0))};
  for (auto _ : state)
    benchmark::DoNotOptimize(load(files).questions().size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fs::file_size(files[0])));
}
BENCHMARK(BM_load_synthetic_bank)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// The same text through each parser: drill's reader (0) and nlohmann_json (1).
void BM_parse_synthetic_bank(benchmark::State &state) {
  std::string text = read_file(synthetic(state.range(0)));
  auto parser = state.range(1) == 0 ? BankParser::fast : BankParser::nlohmann;
  for (auto _ : state) {
    Bank bank;
    std::vector<Diagnostic> problems;
    load_bank_text(text, "bank.json", bank, problems, parser);
    if (!problems.empty()) throw std::runtime_error(problems.front().to_string());
    benchmark::DoNotOptimize(bank.questions().size());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.SetLabel(parser == BankParser::fast ? "fast" : "nlohmann");
}
BENCHMARK(BM_parse_synthetic_bank)->Args({1000, 0})->Args({1000, 1})->Unit(benchmark::kMillisecond);

void BM_select(benchmark::State &state) {
  Bank bank = load(bank_files({DRILL_BENCH_DATA "/banks"}));
  Filter filter{"backend", {"technical"}, {}, {}};
  std::uint64_t seed = 1;
  for (auto _ : state)
    benchmark::DoNotOptimize(pick(matching(bank, filter), 5, seed++));
  state.SetLabel("bundled bank, 5 technical questions");
}
BENCHMARK(BM_select)->Unit(benchmark::kMicrosecond);

void BM_select_synthetic(benchmark::State &state) {
  Bank bank = load({synthetic(state.range(0))});
  Filter filter{"backend", {"technical"}, {}, {}};
  std::uint64_t seed = 1;
  for (auto _ : state)
    benchmark::DoNotOptimize(pick(matching(bank, filter), 5, seed++));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_select_synthetic)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

} // namespace
