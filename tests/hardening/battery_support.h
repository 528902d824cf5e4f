// Helpers shared by the bad-input battery's test files: RAII over the C handles, engines built
// from options, and checks that return the status next to the result.
#ifndef LIANGYAN_TESTS_HARDENING_BATTERY_SUPPORT_H_
#define LIANGYAN_TESTS_HARDENING_BATTERY_SUPPORT_H_

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_support.h"
#include "liangyan/liangyan.h"

namespace ly_battery {

struct EngineDeleter {
  void operator()(ly_engine* e) const { ly_engine_free(e); }
};
struct ResultDeleter {
  void operator()(ly_result* r) const { ly_result_free(r); }
};
struct OptionsDeleter {
  void operator()(ly_options* o) const { ly_options_free(o); }
};
struct ContextDeleter {
  void operator()(ly_context* c) const { ly_context_free(c); }
};
using EnginePtr = std::unique_ptr<ly_engine, EngineDeleter>;
using ResultPtr = std::unique_ptr<ly_result, ResultDeleter>;
using OptionsPtr = std::unique_ptr<ly_options, OptionsDeleter>;
using ContextPtr = std::unique_ptr<ly_context, ContextDeleter>;

inline OptionsPtr Options(std::vector<std::pair<ly_option, int64_t>> settings = {}) {
  OptionsPtr options(ly_options_create());
  for (const auto& [key, value] : settings) {
    EXPECT_EQ(ly_options_set(options.get(), key, value), LY_OK) << key << "=" << value;
  }
  return options;
}

// The outcome of building an engine: status, message, and the engine when it built.
struct Built {
  ly_status status = LY_E_INTERNAL;
  std::string error;
  EnginePtr engine;
};

inline Built Build(const ly_options* options) {
  Built built;
  ly_engine* engine = nullptr;
  char* error = nullptr;
  built.status = ly_engine_create(options, &engine, &error);
  built.engine.reset(engine);
  if (error != nullptr) built.error = error;
  ly_free(error);
  if (built.status != LY_OK) {
    EXPECT_EQ(engine, nullptr);
    EXPECT_FALSE(built.error.empty()) << "a failed ly_engine_create gave no message";
  }
  return built;
}

// An engine from a single user pack (with or without the embedded default under it).
inline Built BuildPack(std::string_view pack, bool with_default = false,
                       std::vector<std::pair<ly_option, int64_t>> settings = {}) {
  OptionsPtr options = Options(std::move(settings));
  ly_options_set(options.get(), LY_OPT_USE_DEFAULT_PACK, with_default ? 1 : 0);
  EXPECT_EQ(ly_options_add_pack(options.get(), pack.data(), pack.size(), "battery.yaml"), LY_OK);
  return Build(options.get());
}

inline EnginePtr DefaultEngine(std::vector<std::pair<ly_option, int64_t>> settings = {}) {
  OptionsPtr options = Options(std::move(settings));
  Built built = Build(options.get());
  EXPECT_EQ(built.status, LY_OK) << built.error;
  return std::move(built.engine);
}

struct Checked {
  ly_status status = LY_E_INTERNAL;
  ResultPtr result;
  double seconds = 0;
};

// Checks `text` and, when it succeeds, verifies every property the fuzz targets verify.
inline Checked Check(const ly_engine* engine, std::string_view text,
                     const ly_context* context = nullptr) {
  Checked checked;
  ly_result* result = nullptr;
  const auto start = std::chrono::steady_clock::now();
  checked.status = ly_check(engine, text.data(), text.size(), context, &result);
  checked.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  checked.result.reset(result);
  if (checked.status == LY_OK) {
    ly_fuzz::CheckResult(result, ly_fuzz::Expectations{});
  } else {
    EXPECT_EQ(result, nullptr) << "a failed check left a result";
  }
  return checked;
}

inline std::vector<std::string> RuleIds(const ly_result* r) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < ly_result_count(r, LY_ITEM_FINDING); ++i) {
    ids.push_back(ly_fuzz::Str(r, LY_ITEM_FINDING, i, LY_FIELD_RULE_ID));
  }
  return ids;
}

// A pack of `n` rules, each matching its own phrase ("规则0", "规则1", ...).
inline std::string ManyRulesPack(int n) {
  std::string pack = "pack: many\nversion: 1\nformat: 1\nrules:\n";
  pack.reserve(pack.size() + static_cast<size_t>(n) * 90);
  for (int i = 0; i < n; ++i) {
    const std::string id = std::to_string(i);
    pack += "  - id: R" + id + "\n    category: rude\n    message: m\n    when: '\"规则" + id +
            "号\"'\n";
  }
  return pack;
}

// A pack whose single rule has the given condition.
inline std::string OneRulePack(std::string_view when, std::string_view extra = {}) {
  return "pack: one\nversion: 1\nformat: 1\n" + std::string(extra) +
         "rules:\n  - id: ONE\n    category: negative\n    message: m\n    when: " +
         std::string(when) + "\n";
}

}  // namespace ly_battery

#endif  // LIANGYAN_TESTS_HARDENING_BATTERY_SUPPORT_H_
