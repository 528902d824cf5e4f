// Fuzzes rewriting with context slots: arbitrary slot keys and values from the host, over
// arbitrary utterances, with a pack whose rules fire on common characters and use every
// rewrite strategy and slot form ({reason}, {match}, unknown keys, stray braces).
//
// Input: a control byte, then up to 7 slots (key chunk, value chunk), then the utterance.
//   bits 0-2   number of slots
//   bit 3      use the engine with LY_OPT_MAX_SLOTS = 2 (more slots must give LY_E_LIMIT)
//   bit 4      pick keys from kKeys by their first byte instead of using the raw chunk
//
// Properties: ly_context_set accepts exactly non-empty UTF-8 keys and UTF-8 values; ly_check
// answers OK or the documented limit; the rewrite is the checked text with the listed edits
// applied; a slot the host filled is never listed as unfilled; the result is deterministic.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "liangyan/liangyan.h"

namespace {

// Rules that fire on characters random text often contains, so rewrites are planned for a
// large share of inputs, with overlapping spans and insertions at the same places.
constexpr char kPack[] = R"(pack: fuzz-rewrite
version: 1
format: 1
slots:
  reason: 原因
  alternative: 可行方案
  "": 空
rules:
  - id: RW-REPLACE
    category: negative
    severity: 3
    message: replace with slots
    when: '"不" | "没"'
    rewrite: {replace: '我可以{alternative}，因为{reason}'}
  - id: RW-MATCH
    category: command
    severity: 2
    message: replace keeping the match
    when: 're"[a-z0-9]+"'
    rewrite: {replace: '请{match}{match}'}
  - id: RW-END
    category: no_consult
    severity: 2
    message: end with a question
    scope: sentence
    when: '"等" | "。" | "!"'
    rewrite: {end: '，您看可以吗？', before_end: '，因为{reason}'}
  - id: RW-PREFIX
    category: but
    severity: 1
    message: prefix and stray braces
    scope: clause
    when: '"但" | "," | " "'
    rewrite: {prefix: '{ }非常理解{unknown}{您，', replace: '{match}}'}
  - id: RW-DELETE
    category: rude
    severity: 4
    message: delete the span
    scope: utterance
    when: '"你" then(2) ("的" | "了")'
    rewrite: {replace: ''}
  - id: RW-NESTED-BRACES
    category: blame
    severity: 2
    message: nested braces (an empty {} is refused by the loader)
    when: 'sentence_end("吧") | clause_start("好")'
    rewrite: {before_end: '{{reason}}', end: '？'}
)";

constexpr std::string_view kKeys[] = {"reason", "alternative", "match", "unknown",  "{reason}",
                                      "原因",   "REASON",      " ",     "reason\n", "x"};

const ly_engine* EngineFor(bool few_slots) {
  static ly_engine* engines[2] = {nullptr, nullptr};
  ly_engine*& engine = engines[few_slots];
  if (engine != nullptr) return engine;
  ly_options* options = ly_options_create();
  ly_options_set(options, LY_OPT_MAX_REWRITES, 3);
  if (few_slots) ly_options_set(options, LY_OPT_MAX_SLOTS, 2);
  ly_options_add_pack(options, kPack, sizeof kPack - 1, "fuzz-rewrite.yaml");
  char* error = nullptr;
  const ly_status status = ly_engine_create(options, &engine, &error);
  LY_FUZZ_REQUIRE(status == LY_OK, error ? error : ly_status_name(status));
  ly_options_free(options);
  return engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ly_fuzz::Reader in(data, size);
  const uint8_t control = in.Byte();
  const int slot_count = control & 7;
  const bool few_slots = in.Bit(control, 3);
  const bool named_keys = in.Bit(control, 4);
  const ly_engine* engine = EngineFor(few_slots);

  ly_context* context = ly_context_create();
  LY_FUZZ_REQUIRE(context != nullptr, "");
  std::set<std::string> filled;
  for (int i = 0; i < slot_count; ++i) {
    std::string key = in.Chunk(32);
    if (named_keys) key = kKeys[key.empty() ? 0 : static_cast<uint8_t>(key[0]) % 10];
    const std::string value = in.Chunk(64);
    const ly_status status =
        ly_context_set(context, key.data(), key.size(), value.data(), value.size());
    if (key.empty()) {
      LY_FUZZ_REQUIRE(status == LY_E_INVALID_ARGUMENT, ly_status_name(status));
    } else if (!ly_fuzz::IsUtf8(key) || !ly_fuzz::IsUtf8(value)) {
      LY_FUZZ_REQUIRE(status == LY_E_INVALID_UTF8, ly_status_name(status));
    } else {
      LY_FUZZ_REQUIRE(status == LY_OK, ly_status_name(status));
      filled.insert(key);
    }
  }
  const std::string_view text = in.Rest();

  ly_result* result = nullptr;
  const ly_status status = ly_check(engine, text.data(), text.size(), context, &result);
  if (text.size() > 65536) {
    LY_FUZZ_REQUIRE(status == LY_E_INPUT_TOO_LARGE, ly_status_name(status));
  } else if (few_slots && filled.size() > 2) {
    LY_FUZZ_REQUIRE(status == LY_E_LIMIT, ly_status_name(status));
  } else if (!ly_fuzz::IsUtf8(text)) {
    LY_FUZZ_REQUIRE(status == LY_E_INVALID_UTF8, ly_status_name(status));
  } else {
    LY_FUZZ_REQUIRE(status == LY_OK || status == LY_E_LIMIT, ly_status_name(status));
  }
  if (status == LY_OK) {
    ly_fuzz::Expectations want;
    ly_fuzz::CheckResult(result, want);
    ly_fuzz::CheckEditsGiveRewrite(result);
    for (size_t i = 0; i < ly_result_count(result, LY_ITEM_SLOT); ++i) {
      const std::string name = ly_fuzz::Str(result, LY_ITEM_SLOT, i, LY_FIELD_NAME);
      LY_FUZZ_REQUIRE(!filled.count(name), "slot '" + name + "' was filled but listed as unfilled");
    }
    ly_fuzz::CheckDeterministic(engine, text, context, ly_fuzz::Json(result));
  } else {
    LY_FUZZ_REQUIRE(result == nullptr, "");
  }
  ly_result_free(result);
  ly_context_free(context);
  return 0;
}
