// Fuzzes ly_check with the embedded default pack: arbitrary bytes as the utterance, under the
// option combinations that change how text is treated.
//
// Input: one flag byte, then the utterance.
//   bit 0      LY_OPT_INVALID_UTF8 = REPLACE (else REJECT)
//   bits 1-2   LY_OPT_MAX_REWRITES = 0, 1, 3, 16
//   bit 3      LY_OPT_MAX_INPUT_BYTES = 64 (else the default 65536)
//   bit 4      also check through ly_check_encoded("UTF-8") and compare
//
// Properties: the status is one the header allows for ly_check; every result is internally
// consistent (ly_fuzz::CheckResult); a second check is identical; REJECT fails exactly on
// invalid UTF-8; the UTF-8 "legacy" path agrees with the direct one.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "liangyan/liangyan.h"

namespace {

constexpr int kEngineVariants = 16;

// Engines are built on first use and kept for the whole process: building one per input
// would spend the run compiling the pack instead of checking text.
const ly_engine* EngineFor(int variant) {
  static std::array<ly_engine*, kEngineVariants> engines{};
  ly_engine*& engine = engines[variant];
  if (engine != nullptr) return engine;
  static constexpr int64_t kRewrites[] = {0, 1, 3, 16};
  ly_options* options = ly_options_create();
  LY_FUZZ_REQUIRE(options != nullptr, "");
  ly_options_set(options, LY_OPT_INVALID_UTF8,
                 (variant & 1) ? LY_INVALID_UTF8_REPLACE : LY_INVALID_UTF8_REJECT);
  ly_options_set(options, LY_OPT_MAX_REWRITES, kRewrites[(variant >> 1) & 3]);
  if (variant & 8) ly_options_set(options, LY_OPT_MAX_INPUT_BYTES, 64);
  char* error = nullptr;
  const ly_status status = ly_engine_create(options, &engine, &error);
  LY_FUZZ_REQUIRE(status == LY_OK, error ? error : ly_status_name(status));
  ly_options_free(options);
  return engine;
}

// The "offsets" member is the one field that legitimately differs between the two paths.
std::string WithoutOffsetsKind(std::string json) {
  for (const char* kind : {"\"offsets\":\"utf8\"", "\"offsets\":\"encoded_bytes\""}) {
    const size_t at = json.find(kind);
    if (at != std::string::npos) json.erase(at, std::string_view(kind).size());
  }
  return json;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ly_fuzz::Reader in(data, size);
  const uint8_t flags = in.Byte();
  const int variant = flags & (kEngineVariants - 1);
  const bool compare_encoded = in.Bit(flags, 4);
  const std::string_view text = in.Rest();
  const ly_engine* engine = EngineFor(variant);
  const bool replace = variant & 1;
  const int64_t max_input = (variant & 8) ? 64 : 65536;
  static constexpr int64_t kRewrites[] = {0, 1, 3, 16};

  ly_result* result = nullptr;
  const ly_status status = ly_check(engine, text.data(), text.size(), nullptr, &result);
  const bool valid = ly_fuzz::IsUtf8(text);
  if (static_cast<int64_t>(text.size()) > max_input) {
    LY_FUZZ_REQUIRE(status == LY_E_INPUT_TOO_LARGE, ly_status_name(status));
  } else if (!valid && !replace) {
    LY_FUZZ_REQUIRE(status == LY_E_INVALID_UTF8, ly_status_name(status));
  } else {
    // LY_E_LIMIT is the documented answer when RE2's DFA exhausts its memory budget.
    LY_FUZZ_REQUIRE(status == LY_OK || status == LY_E_LIMIT, ly_status_name(status));
  }
  if (status != LY_OK) {
    LY_FUZZ_REQUIRE(result == nullptr, "a failed check left a result behind");
    return 0;
  }

  ly_fuzz::Expectations want;
  want.max_rewrites = kRewrites[(variant >> 1) & 3];
  ly_fuzz::CheckResult(result, want);
  const std::string summary = ly_fuzz::Str(result, LY_ITEM_SUMMARY, 0, LY_FIELD_TEXT);
  const int64_t replaced = ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID);
  if (valid) {
    // Valid input is checked as given, NUL bytes included: nothing is dropped silently.
    LY_FUZZ_REQUIRE(summary == text, "summary text differs from valid input");
    LY_FUZZ_REQUIRE(replaced == 0, std::to_string(replaced));
  } else {
    LY_FUZZ_REQUIRE(replaced > 0, "invalid input checked without counting replacements");
  }
  const std::string json = ly_fuzz::Json(result);
  ly_fuzz::CheckDeterministic(engine, text, nullptr, json);

  if (compare_encoded && valid) {
    ly_result* encoded = nullptr;
    char* error = nullptr;
    const ly_status encoded_status =
        ly_check_encoded(engine, "UTF-8", text.data(), text.size(), nullptr, &encoded, &error);
    LY_FUZZ_REQUIRE(encoded_status == LY_OK, error ? error : ly_status_name(encoded_status));
    LY_FUZZ_REQUIRE(WithoutOffsetsKind(ly_fuzz::Json(encoded)) == WithoutOffsetsKind(json),
                    "ly_check_encoded(\"UTF-8\") differs from ly_check");
    ly_result_free(encoded);
  }
  ly_result_free(result);
  return 0;
}
