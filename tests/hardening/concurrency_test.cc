// Eight threads share one engine, one context and a set of finished results; every answer must
// equal the serial answer for the same input.  Run normally by ctest and under TSan by
// scripts/test.d/30-sanitizers.sh, where any data race fails the run.
//
// The engine is documented as immutable and thread-safe, but it recycles per-call scratch
// through a lock-free pool and RE2 builds DFA states lazily: both are shared mutable state
// behind a const interface, which is what this test is for.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "liangyan/liangyan.h"

namespace {

constexpr int kThreads = 8;

// Adds rules whose rewrites use the context, so that slot filling runs concurrently too.
constexpr char kPack[] = R"(pack: concurrency
version: 1
format: 1
rules:
  - id: CC-SLOT
    category: no_reason
    message: reason and alternative
    when: '"不行" | "没有"'
    rewrite: {replace: '可以{alternative}', before_end: '，因为{reason}'}
)";

struct Input {
  std::string text;
  const char* charset;  // nullptr: ly_check; else ly_check_encoded
  bool with_context;
};

std::vector<Input> MakeInputs() {
  const char* base[] = {
      "对不起，您不能退货。",
      "不好意思，让您久等了。",
      "您先等一下，我帮您查一下。",
      "這個不能退，你自己弄壞的。",
      "好的 亲 稍等 我看下",
      "是的是的，但是您必须先付款。",
      "我知道了我知道了，不行就是不行。",
      "请问还有什么可以帮您？",
      "没有货了，您明天再来吧",
      "您 这个 订单 已经 发货 了 您 不能 退",
      "ＡＢＣ，您不能退货！",
      "😀 您不能\u0301退货",
      "",
      "。。。？？？",
      "价格3.5元，没有优惠了。",
      "你必须先登录，否则无法办理。",
  };
  std::vector<Input> inputs;
  for (const char* text : base) {
    inputs.push_back({text, nullptr, false});
    inputs.push_back({text, nullptr, true});
    inputs.push_back({text, "UTF-8", true});
  }
  // Longer texts keep several threads inside the matcher at once.
  std::string longer;
  for (const char* text : base) longer += text;
  for (int i = 0; i < 4; ++i) longer += longer;
  inputs.push_back({longer, nullptr, true});
  // Legacy bytes: 对不起，您不能退货。 in GBK.
  inputs.push_back(
      {"\xb6\xd4\xb2\xbb\xc6\xf0\xa3\xac\xc4\xfa\xb2\xbb\xc4\xdc\xcd\xcb\xbb\xf5\xa1\xa3", "GBK",
       false});
  inputs.push_back({"\xff not utf-8", nullptr, false});  // an error answer is an answer too
  return inputs;
}

// The whole answer as one string: status, then the JSON dump (which holds every field).
std::string Answer(const ly_engine* engine, const Input& input, const ly_context* context) {
  ly_result* result = nullptr;
  const ly_context* used = input.with_context ? context : nullptr;
  const ly_status status =
      input.charset == nullptr
          ? ly_check(engine, input.text.data(), input.text.size(), used, &result)
          : ly_check_encoded(engine, input.charset, input.text.data(), input.text.size(), used,
                             &result, nullptr);
  std::string answer = ly_status_name(status);
  if (status == LY_OK) {
    char* json = nullptr;
    if (ly_result_to_json(result, &json, nullptr) != LY_OK) return "to_json failed";
    answer += json;
    ly_free(json);
  }
  ly_result_free(result);
  return answer;
}

// Reads every field of a finished result, the way a host's UI thread would.
std::string ReadBack(const ly_result* result) {
  std::string out;
  for (int item = LY_ITEM_SUMMARY; item <= LY_ITEM_EDIT; ++item) {
    const size_t n = ly_result_count(result, static_cast<ly_item>(item));
    for (size_t i = 0; i < n; ++i) {
      for (int field : {1, 2, 3, 4, 5, 6, 7, 8}) {
        size_t len = 0;
        const char* s = ly_result_get_str(result, static_cast<ly_item>(item), i,
                                          static_cast<ly_field>(field), &len);
        if (s) out.append(s, len);
      }
      for (int field = 20; field <= 28; ++field) {
        out += std::to_string(
            ly_result_get_int(result, static_cast<ly_item>(item), i, static_cast<ly_field>(field)));
      }
    }
  }
  return out;
}

}  // namespace

int main() {
  ly_options* options = ly_options_create();
  ly_options_add_pack(options, kPack, sizeof kPack - 1, "concurrency.yaml");
  ly_options_set(options, LY_OPT_MAX_REWRITES, 3);
  ly_engine* engine = nullptr;
  char* error = nullptr;
  if (ly_engine_create(options, &engine, &error) != LY_OK) {
    std::fprintf(stderr, "engine: %s\n", error ? error : "?");
    return 1;
  }
  ly_options_free(options);
  ly_context* context = ly_context_create();
  ly_context_set(context, "reason", 6, "系统升级", 12);
  ly_context_set(context, "alternative", 11, "换货", 6);

  const std::vector<Input> inputs = MakeInputs();
  std::vector<std::string> serial;
  std::vector<ly_result*> shared;  // finished results read by all threads at once
  std::vector<std::string> shared_serial;
  for (const Input& input : inputs) {
    serial.push_back(Answer(engine, input, context));
    ly_result* result = nullptr;
    if (input.charset == nullptr &&
        ly_check(engine, input.text.data(), input.text.size(), context, &result) == LY_OK) {
      shared.push_back(result);
      shared_serial.push_back(ReadBack(result));
    }
  }

  const int rounds =
      std::getenv("LY_CONCURRENCY_ROUNDS") ? std::atoi(std::getenv("LY_CONCURRENCY_ROUNDS")) : 20;
  std::atomic<int> mismatches{0};
  std::atomic<int> answers{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();  // start together, maximise overlap
      for (int round = 0; round < rounds; ++round) {
        // Each thread walks the inputs from its own offset, so different inputs overlap.
        for (size_t k = 0; k < inputs.size(); ++k) {
          const size_t i =
              (k + static_cast<size_t>(t) * 7 + static_cast<size_t>(round)) % inputs.size();
          if (Answer(engine, inputs[i], context) != serial[i]) {
            if (mismatches.fetch_add(1) < 5) {
              std::fprintf(stderr, "thread %d: answer for input %zu differs from serial\n", t, i);
            }
          }
          answers.fetch_add(1);
          const size_t s = i % shared.size();
          if (ReadBack(shared[s]) != shared_serial[s]) mismatches.fetch_add(1);
        }
      }
    });
  }
  go.store(true);
  for (std::thread& thread : threads) thread.join();

  for (ly_result* result : shared) ly_result_free(result);
  ly_context_free(context);
  ly_engine_free(engine);
  std::printf("concurrency: %d threads, %d answers, %d mismatches\n", kThreads, answers.load(),
              mismatches.load());
  return mismatches.load() == 0 ? 0 : 1;
}
