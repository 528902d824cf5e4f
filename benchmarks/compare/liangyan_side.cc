// The comparison's liangyan contender: the full check (analyse, score, rewrite) of every
// utterance through the public C API, as a host calls it.
//
//   ly_compare_liangyan CORPUS [--passes N] [--threads T]
//
// With T > 1, T threads check the corpus at once on one shared engine, each taking the next
// block of lines when it finishes one, as a host's thread pool would.  (Contiguous parts
// measured the corpus as much as the engine: the second half of the real corpus holds 37 %
// more bytes than the first, so one thread sat idle while the other finished.)
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "../bench_corpus.h"
#include "liangyan/liangyan.h"
#include "timing.h"

namespace {

liangyan::bench::PassResult CheckRange(const ly_engine* engine,
                                       const std::vector<std::string>& corpus, size_t begin,
                                       size_t end) {
  liangyan::bench::PassResult r;
  for (size_t i = begin; i < end; ++i) {
    ly_result* result = nullptr;
    if (ly_check(engine, corpus[i].data(), corpus[i].size(), nullptr, &result) != LY_OK) {
      ++r.errors;
      continue;
    }
    r.matches += ly_result_count(result, LY_ITEM_FINDING);
    ly_result_free(result);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ly_compare_liangyan CORPUS [--passes N] [--threads T]\n");
    return 64;
  }
  int passes = 5;
  int threads = 1;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--passes") == 0) passes = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::atoi(argv[i + 1]);
  }
  if (passes < 1 || threads < 1) return 64;
  std::vector<std::string> corpus;
  if (!liangyan::bench::ReadLines(argv[1], &corpus) || corpus.empty()) {
    std::fprintf(stderr, "ly_compare_liangyan: cannot read %s\n", argv[1]);
    return 1;
  }
  ly_engine* engine = nullptr;
  char* error = nullptr;
  if (ly_engine_create(nullptr, &engine, &error) != LY_OK) {
    std::fprintf(stderr, "ly_engine_create: %s\n", error ? error : "?");
    ly_free(error);
    return 1;
  }
  const std::string name = threads == 1 ? "liangyan" : "liangyan_t" + std::to_string(threads);
  liangyan::bench::TimePasses(name.c_str(), corpus, passes, [&] {
    if (threads == 1) return CheckRange(engine, corpus, 0, corpus.size());
    constexpr size_t kBlock = 256;  // lines a thread takes at a time
    std::atomic<size_t> next{0};
    std::vector<liangyan::bench::PassResult> parts(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (size_t begin; (begin = next.fetch_add(kBlock)) < corpus.size();) {
          const liangyan::bench::PassResult block =
              CheckRange(engine, corpus, begin, std::min(corpus.size(), begin + kBlock));
          parts[t].matches += block.matches;
          parts[t].errors += block.errors;
        }
      });
    }
    liangyan::bench::PassResult total;
    for (int t = 0; t < threads; ++t) {
      workers[t].join();
      total.matches += parts[t].matches;
      total.errors += parts[t].errors;
    }
    return total;
  });
  ly_engine_free(engine);
  return 0;
}
