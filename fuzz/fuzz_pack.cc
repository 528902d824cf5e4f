// Fuzzes the rule-pack loader (YAML), the condition language (Spirit X3) and the compiler,
// through ly_engine_create, and the condition parser directly.
//
// Input: a mode byte, then mode-specific bytes.
//   mode & 3 == 0   the rest is a whole pack, alone (LY_OPT_USE_DEFAULT_PACK = 0)
//   mode & 3 == 1   the rest is a whole pack added on top of the embedded default pack
//   mode & 3 == 2   a depth byte, a scope byte, then a condition: parsed directly, and as the
//                   `when:` of a rule and a credit in a small pack
//   mode & 3 == 3   the rest is a whole pack, under tiny limits (8 rules, 16-byte patterns,
//                   depth 4, 1 MiB of regex memory), so that LY_E_LIMIT paths run
//
// Properties: ly_engine_create answers with a pack status and a UTF-8 message, never
// LY_E_INTERNAL; a pack that builds checks a few utterances consistently; a condition the
// parser accepts is never reported as a pack syntax error, and one it rejects never builds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "liangyan/liangyan.h"
#include "rules/condition_ast.h"

namespace {

constexpr std::string_view kUtterances[] = {"对不起，您不能退货。",
                                            "您先等一下，我这边帮您查询，好吗？",
                                            "這個不能退，你自己弄壞的。", "好的 亲 稍等", ""};

bool IsPackStatus(ly_status s) {
  return s == LY_E_PACK_SYNTAX || s == LY_E_PACK_INVALID || s == LY_E_PACK_VERSION ||
         s == LY_E_PATTERN || s == LY_E_LIMIT || s == LY_E_OUT_OF_MEMORY;
}

// Builds an engine and, if it builds, checks the fixed utterances and `extra` with it.
ly_status BuildAndUse(ly_options* options, std::string_view extra) {
  ly_engine* engine = nullptr;
  char* error = nullptr;
  const ly_status status = ly_engine_create(options, &engine, &error);
  if (status != LY_OK) {
    LY_FUZZ_REQUIRE(engine == nullptr, "failed create left an engine");
    LY_FUZZ_REQUIRE(error != nullptr && *error != '\0', ly_status_name(status));
    const std::string message = error;
    ly_free(error);
    // Known issue (reported): yaml-cpp's messages quote single bytes of the pack, and the
    // loader passes them on, so a syntax error near a multi-byte character is not UTF-8
    // (fuzz/known-bugs/fuzz_pack/).  Every other message must be.
    if (status != LY_E_PACK_SYNTAX) LY_FUZZ_REQUIRE(ly_fuzz::IsUtf8(message), message);
    // Known issue (reported): a pack whose `pack:` id is empty is taken for no pack at all.
    if (status == LY_E_INVALID_ARGUMENT && message.find("no rule pack") == 0) return status;
    LY_FUZZ_REQUIRE(IsPackStatus(status), std::string(ly_status_name(status)) + ": " + message);
    return status;
  }
  LY_FUZZ_REQUIRE(error == nullptr, "successful create set an error");
  LY_FUZZ_REQUIRE(ly_engine_info(engine, LY_INFO_RULE_COUNT) != nullptr, "");
  ly_fuzz::Expectations want;
  for (std::string_view text : kUtterances) {
    ly_result* result = nullptr;
    const ly_status checked = ly_check(engine, text.data(), text.size(), nullptr, &result);
    LY_FUZZ_REQUIRE(checked == LY_OK || checked == LY_E_LIMIT, ly_status_name(checked));
    if (checked == LY_OK) ly_fuzz::CheckResult(result, want);
    ly_result_free(result);
  }
  if (!extra.empty() && extra.size() <= 4096 && ly_fuzz::IsUtf8(extra)) {
    ly_result* result = nullptr;
    const ly_status checked = ly_check(engine, extra.data(), extra.size(), nullptr, &result);
    LY_FUZZ_REQUIRE(checked == LY_OK || checked == LY_E_LIMIT, ly_status_name(checked));
    if (checked == LY_OK) ly_fuzz::CheckResult(result, want);
    ly_result_free(result);
  }
  ly_engine_free(engine);
  return status;
}

// YAML printable characters (YAML 1.2 c-printable) pass through a double-quoted scalar as
// they are; everything else is written as an escape, so the scalar's value is `source`
// byte for byte.  `source` is valid UTF-8.
std::string DoubleQuoted(std::string_view source) {
  std::string out = "\"";
  for (size_t i = 0; i < source.size();) {
    const auto b = static_cast<unsigned char>(source[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (source[i + k] & 0x3F);
    const bool printable = (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF) ||
                           (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF) || cp >= 0x10000;
    if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (printable) {
      out.append(source.substr(i, n));
    } else {
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
      out += buf;
    }
    i += n;
  }
  return out + "\"";
}

void FuzzCondition(ly_fuzz::Reader& in) {
  const int depth = 1 + in.Byte() % 128;
  static constexpr const char* kScopes[] = {"clause", "sentence", "utterance"};
  const char* scope = kScopes[in.Byte() % 3];
  const std::string_view source = in.Rest();

  liangyan::rules::ConditionNode root;
  liangyan::rules::ConditionError error;
  const bool parsed = liangyan::rules::ParseCondition(source, depth, &root, &error);
  if (!parsed) LY_FUZZ_REQUIRE(error.offset <= source.size(), error.message);
  if (!ly_fuzz::IsUtf8(source)) return;  // a pack must be UTF-8; the loader says so first

  const std::string quoted = DoubleQuoted(source);
  const std::string pack =
      "pack: fuzz-condition\nversion: 1\nformat: 1\nslots: {reason: 原因}\n"
      "lexicons:\n  you: [您, 你]\n  refusal: [不能, 不可以, 没办法]\n"
      "  nested: [\"@refusal\", 无法]\n  polite: [不好意思]\nprotect: [polite]\n"
      "rules:\n  - id: FUZZ-RULE\n    category: negative\n    message: m\n    scope: " +
      std::string(scope) + "\n    when: " + quoted +
      "\n    rewrite: {replace: '{match}{reason}', end: '，好吗？'}\n"
      "credits:\n  - id: FUZZ-CREDIT\n    message: c\n    when: " +
      quoted + "\n";
  ly_options* options = ly_options_create();
  ly_options_set(options, LY_OPT_USE_DEFAULT_PACK, 0);
  ly_options_set(options, LY_OPT_MAX_CONDITION_DEPTH, depth);
  ly_options_add_pack(options, pack.data(), pack.size(), "fuzz.yaml");
  const ly_status status = BuildAndUse(options, source);
  ly_options_free(options);
  // The compiler adds its own checks (lexicons, functions, regexes, lengths), so a parsed
  // condition may still fail, but never as a syntax error; and nothing unparsable builds.
  if (parsed) {
    LY_FUZZ_REQUIRE(status != LY_E_PACK_SYNTAX, std::string(source));
  } else {
    LY_FUZZ_REQUIRE(status == LY_E_PACK_SYNTAX || status == LY_E_LIMIT,
                    std::string(ly_status_name(status)) + " for " + std::string(source));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ly_fuzz::Reader in(data, size);
  const int mode = in.Byte() & 3;
  if (mode == 2) {
    FuzzCondition(in);
    return 0;
  }
  const std::string_view pack = in.Rest();
  ly_options* options = ly_options_create();
  ly_options_set(options, LY_OPT_USE_DEFAULT_PACK, mode == 1 ? 1 : 0);
  if (mode == 3) {
    ly_options_set(options, LY_OPT_MAX_RULES, 8);
    ly_options_set(options, LY_OPT_MAX_PATTERN_BYTES, 16);
    ly_options_set(options, LY_OPT_MAX_CONDITION_DEPTH, 4);
    ly_options_set(options, LY_OPT_REGEX_MAX_MEM, 1 << 20);
  }
  LY_FUZZ_REQUIRE(ly_options_add_pack(options, pack.data(), pack.size(), "fuzz.yaml") == LY_OK, "");
  BuildAndUse(options, {});
  ly_options_free(options);
  return 0;
}
