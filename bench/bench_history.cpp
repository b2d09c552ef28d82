// The practice history: recording one answer (one BEGIN IMMEDIATE
// transaction in WAL mode, as a session does after each grade), and the
// queries behind `drill stats` and a session's start with --due, over
// synthetic histories of 10,000, 100,000 and 1,000,000 answers (building the
// largest takes about a minute, once per run).
#include "bank/bank.hpp"
#include "history/history.hpp"
#include "history/stats.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <stdlib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <random>

using namespace drill;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t k_start_ms = 1'700'000'000'000;

// A temporary directory that lives as long as the benchmark process.
const fs::path &scratch_dir() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "drill-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory");
    return fs::path(pattern);
  }();
  return dir;
}

struct Cleanup {
  ~Cleanup() {
    std::error_code ec;
    fs::remove_all(scratch_dir(), ec);
  }
} cleanup;

const Bank &bundled_bank() {
  static const Bank bank = [] {
    Bank b;
    std::vector<Diagnostic> problems;
    for (const auto &f : bank_files({DRILL_BENCH_DATA "/banks"}))
      load_bank_file(f, b, problems);
    return b;
  }();
  return bank;
}

// Answer number `i` of a synthetic history of `n`: a question of the bundled
// bank, some of its concepts missed, five answers per session, the `n` spread
// evenly over two years.
AnswerRecord synthetic_answer(std::size_t i, std::size_t n, std::mt19937_64 &rng) {
  const auto &questions = bundled_bank().questions();
  const Question &q = questions[rng() % questions.size()];
  AnswerRecord a;
  a.session_id = fmt::format("{:016x}", i / 5);
  a.mode = "interactive";
  a.question_id = q.id;
  a.question_hash = "0123456789abcdef";
  a.role = i % 4 == 3 ? "platform" : "backend";
  a.category = std::string(to_string(q.category));
  a.difficulty = std::string(to_string(q.difficulty));
  a.topics = q.topics;
  a.answered_at_ms = k_start_ms + static_cast<std::int64_t>(i) * (730 * k_day_ms / static_cast<std::int64_t>(n));
  a.elapsed_s = static_cast<double>(rng() % 300);
  a.time_limit_s = q.time_limit_s;
  nlohmann::json hit = nlohmann::json::array(), missed = nlohmann::json::array();
  for (const auto &c : q.concepts)
    (rng() % 3 == 0 ? missed : hit).push_back(c.name);
  a.score = static_cast<double>(rng() % 101);
  a.breakdown = {{"concepts", {{"hit", hit}, {"missed", missed}}}, {"star", nullptr}, {"over_time", false}};
  a.answer = "The service keeps a queue of requests and a worker pool drains it while a cache holds hot rows.";
  return a;
}

// A history of `n` answers, built once per size through History::record_many.
History &history_of(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<History>> built;
  auto &h = built[n];
  if (!h) {
    h = std::make_unique<History>(scratch_dir() / fmt::format("history-{}.db", n));
    std::mt19937_64 rng(n);
    std::size_t i = 0;
    h->record_many([&]() -> std::optional<AnswerRecord> {
      if (i == n) return std::nullopt;
      return synthetic_answer(i++, n, rng);
    });
  }
  return *h;
}

void BM_record_answer(benchmark::State &state) {
  History h(scratch_dir() / "record.db");
  std::mt19937_64 rng(1);
  std::size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(h.record(synthetic_answer(i++, 100'000, rng)));
  state.SetItemsProcessed(static_cast<std::int64_t>(i));
}
BENCHMARK(BM_record_answer)->Unit(benchmark::kMicrosecond);

void BM_stats(benchmark::State &state) {
  History &h = history_of(static_cast<std::size_t>(state.range(0)));
  StatsQuery all{"", "", "2026-01-01"};
  for (auto _ : state)
    benchmark::DoNotOptimize(compute_stats(h, all).answers);
}
BENCHMARK(BM_stats)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_stats_role_since(benchmark::State &state) {
  History &h = history_of(static_cast<std::size_t>(state.range(0)));
  StatsQuery recent{"backend", "2025-01-01", "2026-01-01"};
  for (auto _ : state)
    benchmark::DoNotOptimize(compute_stats(h, recent).answers);
}
BENCHMARK(BM_stats_role_since)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// What --due reads before the first question: due questions, every memory
// state and the topic averages for the role.
void BM_due_first_reads(benchmark::State &state) {
  History &h = history_of(static_cast<std::size_t>(state.range(0)));
  std::int64_t now = k_start_ms + 800 * k_day_ms;
  for (auto _ : state) {
    benchmark::DoNotOptimize(h.due("backend", now).size());
    benchmark::DoNotOptimize(h.memories("backend").size());
    benchmark::DoNotOptimize(h.topic_averages("backend").size());
  }
}
BENCHMARK(BM_due_first_reads)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

} // namespace
