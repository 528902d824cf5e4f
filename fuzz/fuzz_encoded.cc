// Fuzzes legacy-charset input: ly_check_encoded with GBK, GB18030, Big5, UTF-8 and names
// that must be refused, over arbitrary bytes.
//
// Input: a charset byte (index into kCharsets), then the bytes to decode.
//
// Properties: the status is OK, LY_E_ENCODING (with a message naming a byte offset inside the
// input) or LY_E_INPUT_TOO_LARGE; unknown names are always refused; offsets stay inside the
// caller's bytes and are ordered; the UTF-8 path agrees with ly_check; ASCII-only bytes mean
// the same in every charset; a second call is identical.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "liangyan/liangyan.h"

namespace {

struct Charset {
  const char* name;
  bool known;
};
// Near-misses and ICU aliases are deliberately refused: the accepted list is closed.
constexpr Charset kCharsets[] = {
    {"GBK", true},     {"gb18030", true}, {"Big5", true},         {"UTF-8", true},
    {"gbk", true},     {"BIG5", true},    {"utf-8", true},        {"GB18030", true},
    {"utf8", false},   {"", false},       {"windows-936", false}, {"Big5-HKSCS", false},
    {"latin1", false}, {"GB2312", false}, {"UTF-16", false},      {"ebcdic-cp-us", false},
};
constexpr size_t kCharsetCount = sizeof kCharsets / sizeof kCharsets[0];

const ly_engine* Engine() {
  static ly_engine* engine = [] {
    ly_engine* e = nullptr;
    char* error = nullptr;
    const ly_status status = ly_engine_create(nullptr, &e, &error);
    LY_FUZZ_REQUIRE(status == LY_OK, error ? error : ly_status_name(status));
    return e;
  }();
  return engine;
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The offset in "byte N does not decode as X".
long ByteOffsetIn(const std::string& message) {
  const size_t at = message.find("byte ");
  if (at == std::string::npos) return -1;
  return std::strtol(message.c_str() + at + 5, nullptr, 10);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ly_fuzz::Reader in(data, size);
  const Charset& charset = kCharsets[in.Byte() % kCharsetCount];
  const std::string_view bytes = in.Rest();
  const ly_engine* engine = Engine();

  ly_result* result = nullptr;
  char* error = nullptr;
  const ly_status status =
      ly_check_encoded(engine, charset.name, bytes.data(), bytes.size(), nullptr, &result, &error);
  const std::string message = error ? error : "";
  ly_free(error);
  if (bytes.size() > 65536) {
    LY_FUZZ_REQUIRE(status == LY_E_INPUT_TOO_LARGE, ly_status_name(status));
    return 0;
  }
  if (!charset.known) {
    LY_FUZZ_REQUIRE(status == LY_E_ENCODING, charset.name);
    LY_FUZZ_REQUIRE(message.find("unknown charset") != std::string::npos, message);
    return 0;
  }
  if (status == LY_E_ENCODING) {
    // Nothing is skipped silently: the refusal names a byte that is really in the input.
    const long offset = ByteOffsetIn(message);
    LY_FUZZ_REQUIRE(offset >= 0 && static_cast<size_t>(offset) < bytes.size(), message);
    LY_FUZZ_REQUIRE(!IsAscii(bytes), "ASCII refused as " + std::string(charset.name));
    LY_FUZZ_REQUIRE(result == nullptr, "");
    return 0;
  }
  LY_FUZZ_REQUIRE(status == LY_OK || status == LY_E_LIMIT, ly_status_name(status));
  if (status != LY_OK) return 0;

  ly_fuzz::Expectations want;
  want.encoded = true;
  want.encoded_size = bytes.size();
  ly_fuzz::CheckResult(result, want);
  const std::string json = ly_fuzz::Json(result);
  LY_FUZZ_REQUIRE(json.find("\"offsets\":\"encoded_bytes\"") != std::string::npos, json);

  // Determinism, and agreement with ly_check where the meaning is known without decoding.
  ly_result* again = nullptr;
  LY_FUZZ_REQUIRE(ly_check_encoded(engine, charset.name, bytes.data(), bytes.size(), nullptr,
                                   &again, nullptr) == LY_OK,
                  "");
  LY_FUZZ_REQUIRE(ly_fuzz::Json(again) == json, "second decode differs");
  ly_result_free(again);
  const bool utf8 = charset.name[0] == 'U' || charset.name[0] == 'u';
  if (utf8 || IsAscii(bytes)) {
    ly_result* direct = nullptr;
    LY_FUZZ_REQUIRE(ly_check(engine, bytes.data(), bytes.size(), nullptr, &direct) == LY_OK,
                    "decodable as " + std::string(charset.name) + " but not as UTF-8");
    const size_t n = ly_result_count(direct, LY_ITEM_FINDING);
    LY_FUZZ_REQUIRE(n == ly_result_count(result, LY_ITEM_FINDING), "finding counts differ");
    for (size_t i = 0; i < n; ++i) {
      for (ly_field f : {LY_FIELD_BEGIN, LY_FIELD_END, LY_FIELD_BEGIN_CP, LY_FIELD_END_CP}) {
        LY_FUZZ_REQUIRE(ly_result_get_int(direct, LY_ITEM_FINDING, i, f) ==
                            ly_result_get_int(result, LY_ITEM_FINDING, i, f),
                        "span differs from ly_check");
      }
    }
    LY_FUZZ_REQUIRE(ly_fuzz::Str(direct, LY_ITEM_REWRITE, 0, LY_FIELD_TEXT) ==
                        ly_fuzz::Str(result, LY_ITEM_REWRITE, 0, LY_FIELD_TEXT),
                    "rewrite differs from ly_check");
    ly_result_free(direct);
  }
  ly_result_free(result);
  return 0;
}
