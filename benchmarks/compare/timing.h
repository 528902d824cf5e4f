// The timing protocol every contender of the comparison follows, so that their figures can
// be divided by each other: one untimed warm-up pass over the whole corpus, then `passes`
// timed passes; the median pass counts.  Prints one "result ..." line for run.sh to read.
//
// Each pass is timed twice: wall clock, and the CPU time of the process.  On a quiet machine
// they agree for one thread; on a shared one (two cores, other people compiling) CPU time
// is the steadier basis for the single-thread ratios.
#ifndef LIANGYAN_BENCHMARKS_COMPARE_TIMING_H_
#define LIANGYAN_BENCHMARKS_COMPARE_TIMING_H_

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace liangyan::bench {

struct PassResult {
  uint64_t matches = 0;  // what the pass found, so that no work can be skipped unseen
  uint64_t errors = 0;
};

inline double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

inline double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// `pass` checks every utterance once and returns what it found.
template <typename Pass>
void TimePasses(const char* name, const std::vector<std::string>& corpus, int passes, Pass&& pass) {
  const PassResult warm = pass();
  std::vector<double> wall, cpu;
  for (int k = 0; k < passes; ++k) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ProcessCpuSeconds();
    const PassResult r = pass();
    cpu.push_back(ProcessCpuSeconds() - cpu_start);
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (r.matches != warm.matches) std::fprintf(stderr, "%s: passes disagree\n", name);
  }
  const double median = Median(wall);
  const double cpu_median = Median(cpu);
  uint64_t bytes = 0;
  for (const std::string& u : corpus) bytes += u.size();
  const double n = static_cast<double>(corpus.size());
  std::printf(
      "result name=%s n=%zu bytes=%llu passes=%d median_s=%.6f min_s=%.6f ns_per_utt=%.1f "
      "utt_per_s=%.0f cpu_median_s=%.6f cpu_utt_per_s=%.0f matches=%llu errors=%llu\n",
      name, corpus.size(), static_cast<unsigned long long>(bytes), passes, median,
      *std::min_element(wall.begin(), wall.end()), median * 1e9 / n, n / median, cpu_median,
      n / cpu_median, static_cast<unsigned long long>(warm.matches),
      static_cast<unsigned long long>(warm.errors));
}

}  // namespace liangyan::bench

#endif  // LIANGYAN_BENCHMARKS_COMPARE_TIMING_H_
