// Fuzzes dialogue coaching: ly_coach over arbitrary bytes as the dialogue JSON, with the
// embedded default pack (its score card) and a context.
//
// Input: the dialogue JSON, as is.  (The dictionary has its keys and roles.)
//
// Properties: the status is one the header lists for ly_coach, with a UTF-8 message on
// failure; a report's numbers are in range; every agent turn's check is a consistent result;
// JSON and HTML renderings succeed and are UTF-8; coaching again gives the same JSON.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "liangyan/liangyan.h"

namespace {

const ly_engine* Engine() {
  static ly_engine* engine = [] {
    ly_options* options = ly_options_create();
    // A small turn limit keeps LY_E_LIMIT reachable within libFuzzer's input sizes.
    ly_options_set(options, LY_OPT_MAX_TURNS, 64);
    ly_engine* e = nullptr;
    char* error = nullptr;
    const ly_status status = ly_engine_create(options, &e, &error);
    LY_FUZZ_REQUIRE(status == LY_OK, error ? error : ly_status_name(status));
    ly_options_free(options);
    return e;
  }();
  return engine;
}

const ly_context* Context() {
  static ly_context* context = [] {
    ly_context* c = ly_context_create();
    ly_context_set(c, "reason", 6, "系统升级", 12);
    return c;
  }();
  return context;
}

std::string ReportJson(const ly_report* report) {
  char* json = nullptr;
  size_t len = 0;
  const ly_status status = ly_report_to_json(report, &json, &len);
  LY_FUZZ_REQUIRE(status == LY_OK && json != nullptr, ly_status_name(status));
  std::string out(json, len);
  ly_free(json);
  LY_FUZZ_REQUIRE(ly_fuzz::IsUtf8(out), "report JSON is not UTF-8");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  ly_report* report = nullptr;
  char* error = nullptr;
  const ly_status status = ly_coach(Engine(), json.data(), json.size(), Context(), &report, &error);
  if (status != LY_OK) {
    LY_FUZZ_REQUIRE(report == nullptr, "a failed ly_coach left a report");
    LY_FUZZ_REQUIRE(status == LY_E_INVALID_ARGUMENT || status == LY_E_INVALID_UTF8 ||
                        status == LY_E_INPUT_TOO_LARGE || status == LY_E_LIMIT,
                    ly_status_name(status));
    LY_FUZZ_REQUIRE(error != nullptr, ly_status_name(status));
    // Known issue (reported): the JSON parser's message quotes the bytes it last read, which
    // may end inside a character (fuzz/known-bugs/fuzz_coach/).  Other messages must be UTF-8.
    if (std::string_view(error).find("invalid JSON at byte") == std::string_view::npos) {
      LY_FUZZ_REQUIRE(ly_fuzz::IsUtf8(error), error);
    }
    ly_free(error);
    return 0;
  }
  LY_FUZZ_REQUIRE(error == nullptr, "successful ly_coach set an error");
  const int64_t score = ly_report_get_int(report, LY_REPORT_SCORE);
  LY_FUZZ_REQUIRE(score >= 0 && score <= 100, std::to_string(score));
  for (ly_report_field f : {LY_REPORT_CARD_SCORE, LY_REPORT_UTTERANCE_SCORE}) {
    const int64_t v = ly_report_get_int(report, f);
    LY_FUZZ_REQUIRE(v >= 0 && v <= 100, std::to_string(v));
  }
  const int64_t fatal = ly_report_get_int(report, LY_REPORT_FATAL_FAILED);
  LY_FUZZ_REQUIRE(fatal == 0 || fatal == 1, std::to_string(fatal));
  const int64_t items = ly_report_get_int(report, LY_REPORT_ITEM_COUNT);
  const int64_t failed = ly_report_get_int(report, LY_REPORT_FAILED_COUNT);
  LY_FUZZ_REQUIRE(items >= 0 && failed >= 0 && failed <= items, std::to_string(failed));
  const int64_t turns = ly_report_get_int(report, LY_REPORT_TURN_COUNT);
  LY_FUZZ_REQUIRE(turns >= 0 && turns <= 64, std::to_string(turns));
  for (int64_t i = 0; i <= turns; ++i) {
    const ly_result* turn = ly_report_turn(report, static_cast<size_t>(i));
    if (i == turns) {
      LY_FUZZ_REQUIRE(turn == nullptr, "a turn past the end");
    } else if (turn != nullptr) {
      ly_fuzz::CheckResult(turn, ly_fuzz::Expectations{});
    }
  }
  const std::string first = ReportJson(report);
  char* html = nullptr;
  size_t html_len = 0;
  LY_FUZZ_REQUIRE(ly_report_to_html(report, &html, &html_len) == LY_OK && html != nullptr, "");
  LY_FUZZ_REQUIRE(ly_fuzz::IsUtf8(std::string_view(html, html_len)), "report HTML is not UTF-8");
  ly_free(html);
  ly_report_free(report);

  ly_report* again = nullptr;
  LY_FUZZ_REQUIRE(ly_coach(Engine(), json.data(), json.size(), Context(), &again, nullptr) == LY_OK,
                  "second ly_coach failed");
  LY_FUZZ_REQUIRE(ReportJson(again) == first, "second ly_coach differs from the first");
  ly_report_free(again);
  return 0;
}
