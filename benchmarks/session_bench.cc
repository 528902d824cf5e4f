// Streaming sessions (ly_session_*) against a fresh ly_check per keystroke: the total cost of
// typing one utterance one code point at a time, for typical (~25 characters) and long
// (~200 characters) utterances, and of a recogniser's partials (every partial sent twice,
// each third code point revised once).  One iteration is one whole utterance; the counters
// give the keystrokes (updates) per second and the time per update.
//
//   ./ly_bench_session
//
// Variants:
//   CheckEveryKey       ly_check (analysis, score, rewrites) + ly_result_free per keystroke:
//                       what a host without sessions does.
//   SessionFindings     ly_session_update with findings and score only per keystroke, then one
//                       LY_SESSION_REWRITES update for the finished text.
//   SessionRewritesEveryKey  LY_SESSION_REWRITES on every keystroke: what is left when rewrites
//                       are wanted live (only the identical-text and validation reuse).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "liangyan/liangyan.h"

namespace {

using liangyan::bench::LongUtterances;
using liangyan::bench::TypicalUtterances;

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

size_t CodePointLength(const std::string& s, size_t at) {
  size_t len = 1;
  while (at + len < s.size() && (static_cast<unsigned char>(s[at + len]) & 0xC0) == 0x80) ++len;
  return len;
}

// Every prefix of every utterance that ends on a character boundary, built outside the timer.
std::vector<std::vector<std::string>> Typing(const std::vector<std::string>& set) {
  std::vector<std::vector<std::string>> out;
  for (const std::string& text : set) {
    std::vector<std::string> steps;
    for (size_t at = 0; at < text.size();) {
      at += CodePointLength(text, at);
      steps.push_back(text.substr(0, at));
    }
    out.push_back(std::move(steps));
  }
  return out;
}

// A recogniser's partials: three code points at a time, the last one first misheard (嗯) and
// then corrected, and every partial sent twice, as streaming recognisers often repeat them.
std::vector<std::vector<std::string>> Recognising(const std::vector<std::string>& set) {
  std::vector<std::vector<std::string>> out;
  for (const std::vector<std::string>& typed : Typing(set)) {
    std::vector<std::string> steps;
    for (size_t k = 2; k < typed.size(); k += 3) {
      const std::string wrong = typed[k - 1] + "嗯";
      for (const std::string* s : {&wrong, &wrong, &typed[k], &typed[k]}) steps.push_back(*s);
    }
    steps.push_back(typed.back());
    out.push_back(std::move(steps));
  }
  return out;
}

void Count(benchmark::State& state, const std::vector<std::vector<std::string>>& sequences,
           size_t updates) {
  state.SetItemsProcessed(static_cast<int64_t>(updates));
  state.counters["updates_per_utterance"] =
      static_cast<double>(updates) / static_cast<double>(state.iterations());
  state.counters["us_per_update"] = benchmark::Counter(
      static_cast<double>(updates), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["utterances"] = static_cast<double>(sequences.size());
}

void CheckEveryKey(benchmark::State& state, const std::vector<std::vector<std::string>>& seqs) {
  const ly_engine* engine = SharedEngine();
  size_t i = 0, updates = 0;
  int64_t sum = 0;
  for (auto _ : state) {
    for (const std::string& text : seqs[i++ % seqs.size()]) {
      ly_result* result = nullptr;
      if (ly_check(engine, text.data(), text.size(), nullptr, &result) != LY_OK) {
        state.SkipWithError("ly_check failed");
        return;
      }
      sum += ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE);
      ly_result_free(result);
      ++updates;
    }
  }
  benchmark::DoNotOptimize(sum);
  Count(state, seqs, updates);
}

void Session(benchmark::State& state, const std::vector<std::vector<std::string>>& seqs,
             uint32_t flags_per_key) {
  const ly_engine* engine = SharedEngine();
  ly_session* session = nullptr;
  if (ly_session_create(engine, &session) != LY_OK) {
    state.SkipWithError("ly_session_create failed");
    return;
  }
  size_t i = 0, updates = 0;
  int64_t sum = 0;
  for (auto _ : state) {
    const std::vector<std::string>& seq = seqs[i++ % seqs.size()];
    ly_session_reset(session);
    for (size_t k = 0; k < seq.size(); ++k) {
      // The finished utterance is checked with rewrites once, as a host shows "say this".
      const uint32_t flags =
          k + 1 == seq.size() ? static_cast<uint32_t>(LY_SESSION_REWRITES) : flags_per_key;
      const ly_result* result = nullptr;
      if (ly_session_update(session, seq[k].data(), seq[k].size(), nullptr, flags, &result) !=
          LY_OK) {
        state.SkipWithError("ly_session_update failed");
        ly_session_free(session);
        return;
      }
      sum += ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE);
      ++updates;
    }
  }
  benchmark::DoNotOptimize(sum);
  ly_session_free(session);
  Count(state, seqs, updates);
}

const std::vector<std::vector<std::string>>& TypedTypical() {
  static const auto* s = new std::vector<std::vector<std::string>>(Typing(TypicalUtterances()));
  return *s;
}
const std::vector<std::vector<std::string>>& TypedLong() {
  static const auto* s = new std::vector<std::vector<std::string>>(Typing(LongUtterances()));
  return *s;
}
const std::vector<std::vector<std::string>>& HeardTypical() {
  static const auto* s =
      new std::vector<std::vector<std::string>>(Recognising(TypicalUtterances()));
  return *s;
}
const std::vector<std::vector<std::string>>& HeardLong() {
  static const auto* s = new std::vector<std::vector<std::string>>(Recognising(LongUtterances()));
  return *s;
}

void BM_TypeTypical_CheckEveryKey(benchmark::State& s) { CheckEveryKey(s, TypedTypical()); }
void BM_TypeTypical_SessionFindings(benchmark::State& s) { Session(s, TypedTypical(), 0); }
void BM_TypeTypical_SessionRewritesEveryKey(benchmark::State& s) {
  Session(s, TypedTypical(), LY_SESSION_REWRITES);
}
void BM_TypeLong_CheckEveryKey(benchmark::State& s) { CheckEveryKey(s, TypedLong()); }
void BM_TypeLong_SessionFindings(benchmark::State& s) { Session(s, TypedLong(), 0); }
void BM_TypeLong_SessionRewritesEveryKey(benchmark::State& s) {
  Session(s, TypedLong(), LY_SESSION_REWRITES);
}
void BM_HearTypical_CheckEveryPartial(benchmark::State& s) { CheckEveryKey(s, HeardTypical()); }
void BM_HearTypical_SessionFindings(benchmark::State& s) { Session(s, HeardTypical(), 0); }
void BM_HearLong_CheckEveryPartial(benchmark::State& s) { CheckEveryKey(s, HeardLong()); }
void BM_HearLong_SessionFindings(benchmark::State& s) { Session(s, HeardLong(), 0); }

BENCHMARK(BM_TypeTypical_CheckEveryKey)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TypeTypical_SessionFindings)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TypeTypical_SessionRewritesEveryKey)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TypeLong_CheckEveryKey)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TypeLong_SessionFindings)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TypeLong_SessionRewritesEveryKey)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HearTypical_CheckEveryPartial)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HearTypical_SessionFindings)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HearLong_CheckEveryPartial)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HearLong_SessionFindings)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
