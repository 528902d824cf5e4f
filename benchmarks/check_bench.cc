// The public C API as a host uses it: building an engine with the default pack, and the full
// check (analyse, score, rewrite) of short, typical and long utterances, on one thread and on
// one engine shared by several threads.
//
//   ./ly_bench_check --benchmark_filter=Check
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench_corpus.h"
#include "liangyan/liangyan.h"

namespace {

using liangyan::bench::LongUtterances;
using liangyan::bench::ShortUtterances;
using liangyan::bench::TotalBytes;
using liangyan::bench::TypicalUtterances;

// One engine for the whole process, as a host would keep it; built outside any timed region.
const ly_engine* SharedEngine() {
  static const ly_engine* engine = [] {
    ly_engine* created = nullptr;
    char* error = nullptr;
    if (ly_engine_create(nullptr, &created, &error) != LY_OK) {
      std::fprintf(stderr, "ly_engine_create: %s\n", error ? error : "?");
      std::abort();
    }
    return created;
  }();
  return engine;
}

void BM_EngineCreate(benchmark::State& state) {
  for (auto _ : state) {
    ly_engine* engine = nullptr;
    if (ly_engine_create(nullptr, &engine, nullptr) != LY_OK) {
      state.SkipWithError("ly_engine_create failed");
      break;
    }
    ly_engine_free(engine);
  }
}
BENCHMARK(BM_EngineCreate)->Unit(benchmark::kMillisecond);

// The full check through the C API: every iteration is one ly_check and one ly_result_free,
// cycling through the set so that branch predictors cannot learn one sentence.
void RunChecks(benchmark::State& state, const std::vector<std::string>& set) {
  const ly_engine* engine = SharedEngine();
  // Threads start at different places so they do not check the same text in lockstep.
  size_t i = static_cast<size_t>(state.thread_index()) * 7;
  int64_t score_sum = 0;
  for (auto _ : state) {
    const std::string& text = set[i % set.size()];
    ++i;
    ly_result* result = nullptr;
    if (ly_check(engine, text.data(), text.size(), nullptr, &result) != LY_OK) {
      state.SkipWithError("ly_check failed");
      break;
    }
    score_sum += ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE);
    ly_result_free(result);
  }
  benchmark::DoNotOptimize(score_sum);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(TotalBytes(set) / set.size()));
}

void BM_CheckShort(benchmark::State& state) { RunChecks(state, ShortUtterances()); }
void BM_CheckTypical(benchmark::State& state) { RunChecks(state, TypicalUtterances()); }
void BM_CheckLong(benchmark::State& state) { RunChecks(state, LongUtterances()); }
BENCHMARK(BM_CheckShort);
BENCHMARK(BM_CheckTypical);
BENCHMARK(BM_CheckLong);

// One engine shared by 1..N threads (N = the machine's cores, at least 2).  Real time, so
// items_per_second is the throughput of all threads together.
int MaxThreads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores < 2 ? 2 : static_cast<int>(cores);
}
void BM_CheckTypicalShared(benchmark::State& state) { RunChecks(state, TypicalUtterances()); }
BENCHMARK(BM_CheckTypicalShared)->ThreadRange(1, MaxThreads())->UseRealTime();

// What the CLI and most hosts do with a result: the check plus its JSON form.
void BM_CheckTypicalToJson(benchmark::State& state) {
  const ly_engine* engine = SharedEngine();
  const std::vector<std::string>& set = TypicalUtterances();
  size_t i = 0;
  size_t json_bytes = 0;
  for (auto _ : state) {
    const std::string& text = set[i++ % set.size()];
    ly_result* result = nullptr;
    if (ly_check(engine, text.data(), text.size(), nullptr, &result) != LY_OK) {
      state.SkipWithError("ly_check failed");
      break;
    }
    char* json = nullptr;
    size_t len = 0;
    if (ly_result_to_json(result, &json, &len) == LY_OK) json_bytes += len;
    ly_free(json);
    ly_result_free(result);
  }
  benchmark::DoNotOptimize(json_bytes);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(TotalBytes(set) / set.size()));
}
BENCHMARK(BM_CheckTypicalToJson);

}  // namespace

BENCHMARK_MAIN();
