// Prints the whole result (ly_result_to_json: every finding, credit and rewrite candidate with
// its edits, slots and fixed rules) of every line of a corpus, one JSON object per line.
// Speed work must leave this output byte-identical: run it before and after a change and
// compare (docs/performance.md, "Identical output").
//
//   ly_dump_json CORPUS [--context KEY=VALUE]... [--threads T]
//
// With T > 1, T threads check the corpus at once on one shared engine (each line's result is
// still printed in corpus order), so that the comparison also covers concurrent use.
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "../bench_corpus.h"
#include "liangyan/liangyan.h"

namespace {

std::string Dump(const ly_engine* engine, const ly_context* context, const std::string& line) {
  ly_result* result = nullptr;
  const ly_status status = ly_check(engine, line.data(), line.size(), context, &result);
  if (status != LY_OK) return "{\"status\":" + std::to_string(static_cast<int>(status)) + "}";
  char* json = nullptr;
  size_t len = 0;
  std::string out;
  if (ly_result_to_json(result, &json, &len) == LY_OK) out.assign(json, len);
  ly_free(json);
  ly_result_free(result);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ly_dump_json CORPUS [--context KEY=VALUE]... [--threads T]\n");
    return 64;
  }
  ly_context* context = ly_context_create();
  int threads = 1;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--context") == 0) {
      const char* kv = argv[i + 1];
      const char* eq = std::strchr(kv, '=');
      if (eq == nullptr) return 64;
      ly_context_set(context, kv, static_cast<size_t>(eq - kv), eq + 1, std::strlen(eq + 1));
    }
  }
  if (threads < 1) return 64;
  std::vector<std::string> corpus;
  if (!liangyan::bench::ReadLines(argv[1], &corpus)) {
    std::fprintf(stderr, "ly_dump_json: cannot read %s\n", argv[1]);
    return 1;
  }
  ly_engine* engine = nullptr;
  char* error = nullptr;
  if (ly_engine_create(nullptr, &engine, &error) != LY_OK) {
    std::fprintf(stderr, "ly_engine_create: %s\n", error ? error : "?");
    ly_free(error);
    return 1;
  }
  std::vector<std::string> out(corpus.size());
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < corpus.size(); i += threads) {
        out[i] = Dump(engine, context, corpus[i]);
      }
    });
  }
  for (std::thread& w : workers) w.join();
  for (const std::string& line : out) std::printf("%s\n", line.c_str());
  ly_engine_free(engine);
  ly_context_free(context);
  return 0;
}
