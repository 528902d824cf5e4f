// Cost of each stage of the pipeline on typical utterances, to see where a full check spends
// its time: normalise, parse, one matcher pass, protection and rule evaluation, the rewrite,
// and Engine::Check without the C API around it.  Internals: links liangyan_core.
//
//   ./ly_bench_stages
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "core/engine.h"
#include "eval/evaluator.h"
#include "eval/scorer.h"
#include "rewrite/rewriter.h"
#include "rules/compiler.h"
#include "text/normalized_text.h"
#include "text/utf8.h"

namespace {

using liangyan::bench::TotalBytes;
using liangyan::bench::TypicalUtterances;

const liangyan::Engine& SharedEngine() {
  static const std::unique_ptr<liangyan::Engine> engine = [] {
    std::unique_ptr<liangyan::Engine> created;
    std::string error;
    if (liangyan::Engine::Create(liangyan::EngineOptions{}, &created, &error) != LY_OK) {
      std::fprintf(stderr, "Engine::Create: %s\n", error.c_str());
      std::abort();
    }
    return created;
  }();
  return *engine;
}

void Count(benchmark::State& state, const std::vector<std::string>& set) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(TotalBytes(set) / set.size()));
}

// Pack loading (YAML) and compilation, which together are engine creation.
void BM_StageCreateEngine(benchmark::State& state) {
  for (auto _ : state) {
    std::unique_ptr<liangyan::Engine> engine;
    std::string error;
    liangyan::Engine::Create(liangyan::EngineOptions{}, &engine, &error);
    benchmark::DoNotOptimize(engine.get());
  }
}
BENCHMARK(BM_StageCreateEngine)->Unit(benchmark::kMillisecond);

void BM_StageValidateUtf8(benchmark::State& state) {
  const auto& set = TypicalUtterances();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(liangyan::text::IsValidUtf8(set[i++ % set.size()], nullptr));
  }
  Count(state, set);
}
BENCHMARK(BM_StageValidateUtf8);

void BM_StageNormalize(benchmark::State& state) {
  const auto& set = TypicalUtterances();
  liangyan::text::NormalizedText normalized;
  size_t i = 0;
  for (auto _ : state) {
    liangyan::text::Normalize(set[i++ % set.size()], &normalized);
    benchmark::DoNotOptimize(normalized.folded.data());
  }
  Count(state, set);
}
BENCHMARK(BM_StageNormalize);

// The remaining stages run on texts prepared outside the timed loop.
struct Prepared {
  std::vector<liangyan::text::NormalizedText> normalized;
  explicit Prepared(const std::vector<std::string>& set) : normalized(set.size()) {
    for (size_t i = 0; i < set.size(); ++i) liangyan::text::Normalize(set[i], &normalized[i]);
  }
};

void BM_StageAnalyze(benchmark::State& state) {
  const auto& set = TypicalUtterances();
  const Prepared prepared(set);
  liangyan::parse::Structure structure;
  size_t i = 0;
  for (auto _ : state) {
    liangyan::parse::Analyze(prepared.normalized[i++ % set.size()], &structure);
    benchmark::DoNotOptimize(structure.clauses.data());
  }
  Count(state, set);
}
BENCHMARK(BM_StageAnalyze);

// One matcher pass: the phrase automaton and the regex prefilter (the evaluator searches a
// regex only when a condition asks for it, so those searches are in BM_StageEvaluate).
void BM_StageMatch(benchmark::State& state) {
  const auto& set = TypicalUtterances();
  const Prepared prepared(set);
  const liangyan::rules::CompiledPack& pack = SharedEngine().pack();
  liangyan::match::MatchScratch scratch;
  size_t i = 0;
  for (auto _ : state) {
    pack.matcher.ScanPhrases(prepared.normalized[i++ % set.size()].folded, &scratch);
    benchmark::DoNotOptimize(scratch.matched.data());
  }
  Count(state, set);
  state.counters["patterns"] = static_cast<double>(pack.matcher.pattern_count());
}
BENCHMARK(BM_StageMatch);

// Normalise + parse + match + every candidate rule's condition: eval::Evaluate as a whole.
void BM_StageEvaluate(benchmark::State& state) {
  const auto& set = TypicalUtterances();
  const liangyan::rules::CompiledPack& pack = SharedEngine().pack();
  liangyan::eval::Scratch scratch;
  std::vector<liangyan::eval::RawFinding> findings;
  std::vector<liangyan::eval::RawCredit> credits;
  size_t i = 0;
  for (auto _ : state) {
    liangyan::eval::Evaluate(pack, set[i++ % set.size()], &scratch, &findings, &credits);
    benchmark::DoNotOptimize(liangyan::eval::Score(pack, findings, credits));
  }
  Count(state, set);
}
BENCHMARK(BM_StageEvaluate);

// The minimal rewrite plan alone, given the evaluation (done outside the timer).
void BM_StageRewrite(benchmark::State& state) {
  const auto& set = TypicalUtterances();
  const liangyan::rules::CompiledPack& pack = SharedEngine().pack();
  std::vector<std::unique_ptr<liangyan::eval::Scratch>> scratches;
  std::vector<std::vector<liangyan::eval::RawFinding>> findings(set.size());
  for (size_t k = 0; k < set.size(); ++k) {
    scratches.push_back(std::make_unique<liangyan::eval::Scratch>());
    std::vector<liangyan::eval::RawCredit> credits;
    liangyan::eval::Evaluate(pack, set[k], scratches.back().get(), &findings[k], &credits);
  }
  const liangyan::rewrite::SlotValues slots;
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ % set.size();
    liangyan::rewrite::Plan plan;
    liangyan::rewrite::BuildRewrite(pack, set[k], *scratches[k], findings[k], slots,
                                    liangyan::rewrite::Mode::kMinimal, &plan);
    benchmark::DoNotOptimize(plan.text.data());
  }
  Count(state, set);
}
BENCHMARK(BM_StageRewrite);

// Engine::Check: everything but the C API's result allocation.
void BM_StageEngineCheck(benchmark::State& state) {
  const auto& set = TypicalUtterances();
  const liangyan::Engine& engine = SharedEngine();
  const liangyan::rewrite::SlotValues slots;
  liangyan::Result result;
  size_t i = 0;
  for (auto _ : state) {
    engine.Check(set[i++ % set.size()], slots, &result);
    benchmark::DoNotOptimize(result.score);
  }
  Count(state, set);
}
BENCHMARK(BM_StageEngineCheck);

}  // namespace

BENCHMARK_MAIN();
