// Per-call latency of the full check (ly_check + ly_result_free) as percentiles, plus what one
// engine costs to build and to keep resident.  Google Benchmark reports means; a host that
// answers agents live needs the tail, so every call is timed on its own.
//
//   ly_latency [--calls N] [--corpus FILE]
//
// Prints a small table, then one "key=value ..." line per measurement.  Wall clock: on a
// machine busy with other work, preemptions (milliseconds) land in the top percentiles, so
// read p99.9 from a quiet machine.  (The thread CPU clock would leave them out, but it is a
// system call that costs microseconds under KVM, more than a short check.)
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "liangyan/liangyan.h"

namespace {

using Clock = std::chrono::steady_clock;

int64_t WallNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// Resident set size of this process in KiB, from /proc (the figure `ps` and the OOM killer use).
long ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// Bytes the heap has handed out and not taken back: unlike RSS it ignores pages that were
// touched and freed, so the difference across engine creation is what the engine holds.
size_t HeapInUse() { return mallinfo2().uordblks; }

struct Percentiles {
  size_t n = 0;
  double mean = 0, p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
};

Percentiles Summarise(std::vector<int64_t> ns) {
  Percentiles p;
  p.n = ns.size();
  if (ns.empty()) return p;
  std::sort(ns.begin(), ns.end());
  // Nearest rank: the smallest sample with at least q of all samples at or below it.
  auto rank = [&](double q) {
    size_t k = static_cast<size_t>(q * static_cast<double>(ns.size()) + 0.999999);
    return static_cast<double>(ns[std::min(ns.size() - 1, k == 0 ? 0 : k - 1)]);
  };
  double sum = 0;
  for (int64_t v : ns) sum += static_cast<double>(v);
  p.mean = sum / static_cast<double>(ns.size());
  p.p50 = rank(0.50);
  p.p90 = rank(0.90);
  p.p99 = rank(0.99);
  p.p999 = rank(0.999);
  p.max = static_cast<double>(ns.back());
  return p;
}

// Times `calls` checks, cycling through `set`, after a warm-up that fills the engine's
// scratch pool and RE2's DFA caches (a long-running host is in that state).
std::vector<int64_t> TimeChecks(const ly_engine* engine, const std::vector<std::string>& set,
                                size_t calls, size_t* errors) {
  for (size_t i = 0; i < std::min<size_t>(calls, 20000); ++i) {
    const std::string& text = set[i % set.size()];
    ly_result* result = nullptr;
    ly_check(engine, text.data(), text.size(), nullptr, &result);
    ly_result_free(result);
  }
  std::vector<int64_t> ns;
  ns.reserve(calls);
  for (size_t i = 0; i < calls; ++i) {
    const std::string& text = set[i % set.size()];
    ly_result* result = nullptr;
    const int64_t start = WallNs();
    const ly_status status = ly_check(engine, text.data(), text.size(), nullptr, &result);
    ly_result_free(result);
    const int64_t stop = WallNs();
    if (status != LY_OK) ++*errors;
    ns.push_back(stop - start);
  }
  return ns;
}

int Usage() {
  std::fprintf(stderr, "usage: ly_latency [--calls N] [--corpus FILE]\n");
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  size_t calls = 200000;
  std::string corpus_path;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--calls") == 0 && i + 1 < argc) {
      calls = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) {
      corpus_path = argv[++i];
    } else {
      return Usage();
    }
  }
  if (calls == 0) return Usage();

  std::vector<std::pair<std::string, std::vector<std::string>>> sets = {
      {"short", liangyan::bench::ShortUtterances()},
      {"typical", liangyan::bench::TypicalUtterances()},
      {"long", liangyan::bench::LongUtterances()}};
  if (!corpus_path.empty()) {
    std::vector<std::string> lines;
    if (!liangyan::bench::ReadLines(corpus_path, &lines) || lines.empty()) {
      std::fprintf(stderr, "ly_latency: cannot read %s\n", corpus_path.c_str());
      return 1;
    }
    sets.emplace_back("corpus", std::move(lines));
  }

  // Creation: the first build pays for page faults and lazy library set-up, so report it
  // apart from the steady figure (median of the following builds).
  std::vector<double> create_ms;
  for (int k = 0; k < 11; ++k) {
    const Clock::time_point start = Clock::now();
    ly_engine* engine = nullptr;
    char* error = nullptr;
    if (ly_engine_create(nullptr, &engine, &error) != LY_OK) {
      std::fprintf(stderr, "ly_engine_create: %s\n", error ? error : "?");
      return 1;
    }
    create_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    ly_engine_free(engine);
  }
  const double first_ms = create_ms.front();
  std::vector<double> steady(create_ms.begin() + 1, create_ms.end());
  std::sort(steady.begin(), steady.end());
  std::printf("engine_create first_ms=%.2f median_ms=%.2f min_ms=%.2f\n", first_ms,
              steady[steady.size() / 2], steady.front());

  malloc_trim(0);
  const long rss_before = ResidentKb();
  const size_t heap_before = HeapInUse();
  ly_engine* engine = nullptr;
  ly_engine_create(nullptr, &engine, nullptr);
  const long rss_created = ResidentKb();
  const size_t heap_created = HeapInUse();

  std::printf("%-8s %9s %9s %9s %9s %9s %9s %9s\n", "", "calls", "mean_ns", "p50_ns", "p90_ns",
              "p99_ns", "p99.9_ns", "max_ns");
  std::vector<std::string> machine_lines;
  for (const auto& [name, set] : sets) {
    size_t errors = 0;
    const Percentiles p = Summarise(TimeChecks(engine, set, calls, &errors));
    std::printf("%-8s %9zu %9.0f %9.0f %9.0f %9.0f %9.0f %9.0f%s\n", name.c_str(), p.n, p.mean,
                p.p50, p.p90, p.p99, p.p999, p.max, errors ? "  (some calls failed)" : "");
    char line[320];
    std::snprintf(line, sizeof(line),
                  "latency set=%s calls=%zu errors=%zu mean_ns=%.0f p50_ns=%.0f "
                  "p90_ns=%.0f p99_ns=%.0f p999_ns=%.0f max_ns=%.0f",
                  name.c_str(), p.n, errors, p.mean, p.p50, p.p90, p.p99, p.p999, p.max);
    machine_lines.push_back(line);
  }
  const long rss_warm = ResidentKb();
  const size_t heap_warm = HeapInUse();
  ly_engine_free(engine);

  for (const std::string& line : machine_lines) std::printf("%s\n", line.c_str());
  std::printf(
      "engine_memory heap_kb=%zu heap_warm_kb=%zu rss_delta_kb=%ld rss_warm_delta_kb=%ld "
      "process_rss_kb=%ld\n",
      (heap_created - heap_before) / 1024, (heap_warm - heap_before) / 1024,
      rss_created - rss_before, rss_warm - rss_before, rss_warm);
  return 0;
}
