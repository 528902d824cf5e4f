// extern "C" shims: check arguments, call the engine, map every exception to a status.  No
// C++ exception ever crosses this boundary.
#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>

#include "capi/handles.h"
#include "core/engine.h"
#include "core/self_test.h"
#include "dialogue/dialogue.h"
#include "liangyan/liangyan.h"
#include "text/utf8.h"

struct ly_options {
  liangyan::EngineOptions options;
};

struct ly_report {
  liangyan::dialogue::Report report;
  std::vector<ly_result> turns;  // one per turn; customer turns stay empty
};

namespace {

constexpr const char* kVersion = "0.1.0";

char* CopyString(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

void SetError(char** out_error, const std::string& message) {
  if (out_error) *out_error = CopyString(message);
}

const liangyan::Rewrite* BestRewrite(const ly_result* r) {
  return r->result.rewrites.empty() ? nullptr : &r->result.rewrites.front();
}

size_t Count(const ly_result* r, ly_item item) {
  const liangyan::Result& res = r->result;
  switch (item) {
    case LY_ITEM_SUMMARY:
      return 1;
    case LY_ITEM_FINDING:
      return res.findings.size();
    case LY_ITEM_CREDIT:
      return res.credits.size();
    case LY_ITEM_REWRITE:
      return res.rewrites.size();
    case LY_ITEM_SLOT:
      return BestRewrite(r) ? BestRewrite(r)->slots.size() : 0;
    case LY_ITEM_EDIT:
      return BestRewrite(r) ? BestRewrite(r)->edits.size() : 0;
  }
  return 0;
}

const char* Str(std::string_view view, size_t* out_len) {
  if (out_len) *out_len = view.size();
  return view.data();
}

int64_t SpanField(const liangyan::Span& span, ly_field field) {
  switch (field) {
    case LY_FIELD_BEGIN:
      return span.begin;
    case LY_FIELD_END:
      return span.end;
    case LY_FIELD_BEGIN_CP:
      return span.begin_cp;
    case LY_FIELD_END_CP:
      return span.end_cp;
    default:
      return -1;
  }
}

}  // namespace

extern "C" {

const char* ly_status_name(ly_status status) {
  switch (status) {
    case LY_OK:
      return "LY_OK";
    case LY_E_INVALID_ARGUMENT:
      return "LY_E_INVALID_ARGUMENT";
    case LY_E_INVALID_UTF8:
      return "LY_E_INVALID_UTF8";
    case LY_E_INPUT_TOO_LARGE:
      return "LY_E_INPUT_TOO_LARGE";
    case LY_E_ENCODING:
      return "LY_E_ENCODING";
    case LY_E_PACK_SYNTAX:
      return "LY_E_PACK_SYNTAX";
    case LY_E_PACK_INVALID:
      return "LY_E_PACK_INVALID";
    case LY_E_PACK_VERSION:
      return "LY_E_PACK_VERSION";
    case LY_E_PATTERN:
      return "LY_E_PATTERN";
    case LY_E_LIMIT:
      return "LY_E_LIMIT";
    case LY_E_OUT_OF_MEMORY:
      return "LY_E_OUT_OF_MEMORY";
    case LY_E_NOT_FOUND:
      return "LY_E_NOT_FOUND";
    case LY_E_IO:
      return "LY_E_IO";
    case LY_E_INTERNAL:
      return "LY_E_INTERNAL";
  }
  return "LY_E_UNKNOWN_STATUS";
}

uint32_t ly_version_number(void) { return LY_VERSION_NUMBER; }
const char* ly_version_string(void) { return kVersion; }
void ly_free(void* p) { std::free(p); }

ly_options* ly_options_create(void) { return new (std::nothrow) ly_options(); }
void ly_options_free(ly_options* options) { delete options; }

ly_status ly_options_set(ly_options* options, ly_option key, int64_t value) {
  if (!options) return LY_E_INVALID_ARGUMENT;
  liangyan::Limits& l = options->options.limits;
  auto in = [&](int64_t lo, int64_t hi) { return value >= lo && value <= hi; };
  switch (key) {
    case LY_OPT_MAX_INPUT_BYTES:
      if (!in(1, int64_t{1} << 30)) return LY_E_INVALID_ARGUMENT;
      l.max_input_bytes = value;
      return LY_OK;
    case LY_OPT_INVALID_UTF8:
      if (!in(LY_INVALID_UTF8_REJECT, LY_INVALID_UTF8_REPLACE)) return LY_E_INVALID_ARGUMENT;
      l.replace_invalid_utf8 = value == LY_INVALID_UTF8_REPLACE;
      return LY_OK;
    case LY_OPT_USE_DEFAULT_PACK:
      if (!in(0, 1)) return LY_E_INVALID_ARGUMENT;
      options->options.use_default_pack = value == 1;
      return LY_OK;
    case LY_OPT_MAX_REWRITES:
      if (!in(0, 16)) return LY_E_INVALID_ARGUMENT;
      l.max_rewrites = value;
      return LY_OK;
    case LY_OPT_MAX_RULES:
      if (!in(1, 1000000)) return LY_E_INVALID_ARGUMENT;
      l.max_rules = value;
      return LY_OK;
    case LY_OPT_MAX_CONDITION_DEPTH:
      // The parser recurses per level (~2-5 KB of stack each); 128 keeps it far from any
      // host thread's stack limit.
      if (!in(1, 128)) return LY_E_INVALID_ARGUMENT;
      l.max_condition_depth = value;
      return LY_OK;
    case LY_OPT_REGEX_MAX_MEM:
      if (!in(int64_t{1} << 20, int64_t{1} << 34)) return LY_E_INVALID_ARGUMENT;
      l.regex_max_mem = value;
      return LY_OK;
    case LY_OPT_MAX_PATTERN_BYTES:
      if (!in(1, 1 << 20)) return LY_E_INVALID_ARGUMENT;
      l.max_pattern_bytes = value;
      return LY_OK;
    case LY_OPT_MAX_TURNS:
      if (!in(1, 10000000)) return LY_E_INVALID_ARGUMENT;
      l.max_turns = value;
      return LY_OK;
    case LY_OPT_MAX_SLOTS:
      if (!in(0, 4096)) return LY_E_INVALID_ARGUMENT;
      l.max_slots = value;
      return LY_OK;
  }
  return LY_E_INVALID_ARGUMENT;
}

ly_status ly_options_add_pack(ly_options* options, const char* data, size_t len, const char* name) {
  if (!options || (!data && len > 0)) return LY_E_INVALID_ARGUMENT;
  try {
    const size_t index = options->options.packs.size() + 1;
    options->options.packs.push_back(
        liangyan::PackSource{name ? std::string(name) : "pack #" + std::to_string(index),
                             std::string(data ? data : "", len)});
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}

ly_status ly_options_add_pack_file(ly_options* options, const char* path) {
  if (!options || !path) return LY_E_INVALID_ARGUMENT;
  try {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return LY_E_IO;  // missing, or a directory
    std::ifstream in(path, std::ios::binary);
    if (!in) return LY_E_IO;
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return LY_E_IO;
    options->options.packs.push_back(liangyan::PackSource{path, content.str()});
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}

ly_status ly_engine_create(const ly_options* options, ly_engine** out_engine, char** out_error) {
  if (out_error) *out_error = nullptr;
  if (!out_engine) return LY_E_INVALID_ARGUMENT;
  *out_engine = nullptr;
  try {
    const liangyan::EngineOptions defaults;
    std::unique_ptr<liangyan::Engine> engine;
    std::string error;
    const ly_status status =
        liangyan::Engine::Create(options ? options->options : defaults, &engine, &error);
    if (status != LY_OK) {
      SetError(out_error, error);
      return status;
    }
    *out_engine = new ly_engine{std::move(engine)};
    return LY_OK;
  } catch (const std::bad_alloc&) {
    SetError(out_error, "out of memory");
    return LY_E_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    SetError(out_error, std::string("internal error: ") + e.what());
    return LY_E_INTERNAL;
  } catch (...) {
    SetError(out_error, "internal error");
    return LY_E_INTERNAL;
  }
}

void ly_engine_free(ly_engine* engine) { delete engine; }

const char* ly_engine_info(const ly_engine* engine, ly_info key) {
  if (!engine) return nullptr;
  switch (key) {
    case LY_INFO_PACK_ID:
    case LY_INFO_PACK_VERSION:
    case LY_INFO_RULE_COUNT:
    case LY_INFO_PACKS:
      return engine->engine->info(key).c_str();
  }
  return nullptr;
}

ly_status ly_engine_run_examples(const ly_engine* engine, const char* pack_name, char** out_json,
                                 int64_t* out_failed) {
  if (out_failed) *out_failed = 0;
  if (!out_json) return LY_E_INVALID_ARGUMENT;
  *out_json = nullptr;
  if (!engine) return LY_E_INVALID_ARGUMENT;
  try {
    const liangyan::SelfTestSummary summary =
        liangyan::RunExamples(*engine->engine, pack_name ? pack_name : "");
    *out_json = CopyString(summary.json);
    if (!*out_json) return LY_E_OUT_OF_MEMORY;
    if (out_failed) *out_failed = summary.failed;
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}

ly_context* ly_context_create(void) { return new (std::nothrow) ly_context(); }
void ly_context_free(ly_context* context) { delete context; }

ly_status ly_context_set(ly_context* context, const char* key, size_t key_len, const char* value,
                         size_t value_len) {
  if (!context || !key || key_len == 0 || (!value && value_len > 0)) return LY_E_INVALID_ARGUMENT;
  const std::string_view k(key, key_len), v(value ? value : "", value_len);
  if (!liangyan::text::IsValidUtf8(k, nullptr) || !liangyan::text::IsValidUtf8(v, nullptr)) {
    return LY_E_INVALID_UTF8;
  }
  try {
    context->slots[std::string(k)] = std::string(v);
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}

ly_status ly_check(const ly_engine* engine, const char* text, size_t len, const ly_context* context,
                   ly_result** out_result) {
  if (!out_result) return LY_E_INVALID_ARGUMENT;
  *out_result = nullptr;
  if (!engine || (!text && len > 0)) return LY_E_INVALID_ARGUMENT;
  try {
    static const liangyan::rewrite::SlotValues kNoSlots;
    auto result = std::make_unique<ly_result>();
    const ly_status status =
        engine->engine->Check(std::string_view(text ? text : "", len),
                              context ? context->slots : kNoSlots, &result->result);
    if (status != LY_OK) return status;
    *out_result = result.release();
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}

ly_status ly_check_encoded(const ly_engine* engine, const char* charset, const char* bytes,
                           size_t len, const ly_context* context, ly_result** out_result,
                           char** out_error) {
  if (out_error) *out_error = nullptr;
  if (!out_result) return LY_E_INVALID_ARGUMENT;
  *out_result = nullptr;
  if (!engine || !charset || (!bytes && len > 0)) return LY_E_INVALID_ARGUMENT;
  try {
    static const liangyan::rewrite::SlotValues kNoSlots;
    auto result = std::make_unique<ly_result>();
    std::string error;
    const ly_status status =
        engine->engine->CheckEncoded(charset, std::string_view(bytes ? bytes : "", len),
                                     context ? context->slots : kNoSlots, &result->result, &error);
    if (status != LY_OK) {
      SetError(out_error, error);
      return status;
    }
    *out_result = result.release();
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}

void ly_result_free(ly_result* result) { delete result; }

size_t ly_result_count(const ly_result* result, ly_item item) {
  return result ? Count(result, item) : 0;
}

const char* ly_result_get_str(const ly_result* result, ly_item item, size_t index, ly_field field,
                              size_t* out_len) {
  if (out_len) *out_len = 0;
  if (!result || index >= Count(result, item)) return nullptr;
  const liangyan::Result& r = result->result;
  switch (item) {
    case LY_ITEM_SUMMARY:
      if (field == LY_FIELD_TEXT) return Str(r.text, out_len);
      if (field == LY_FIELD_SCRIPT) return Str(r.script, out_len);
      return nullptr;
    case LY_ITEM_FINDING: {
      const liangyan::Finding& f = r.findings[index];
      switch (field) {
        case LY_FIELD_RULE_ID:
          return Str(f.rule_id, out_len);
        case LY_FIELD_CATEGORY:
          return Str(f.category, out_len);
        case LY_FIELD_MESSAGE:
          return Str(f.message, out_len);
        case LY_FIELD_CITATION:
          return Str(f.citation, out_len);
        case LY_FIELD_REPLACEMENT:
          return Str(f.replacement, out_len);
        default:
          return nullptr;
      }
    }
    case LY_ITEM_CREDIT: {
      const liangyan::Credit& c = r.credits[index];
      if (field == LY_FIELD_RULE_ID) return Str(c.rule_id, out_len);
      if (field == LY_FIELD_MESSAGE) return Str(c.message, out_len);
      return nullptr;
    }
    case LY_ITEM_REWRITE:
      if (field == LY_FIELD_TEXT) return Str(r.rewrites[index].text, out_len);
      return nullptr;
    case LY_ITEM_SLOT: {
      const liangyan::Slot& s = BestRewrite(result)->slots[index];
      if (field == LY_FIELD_NAME) return Str(s.name, out_len);
      if (field == LY_FIELD_TEXT) return Str(s.marker, out_len);
      return nullptr;
    }
    case LY_ITEM_EDIT:
      if (field == LY_FIELD_TEXT) return Str(BestRewrite(result)->edits[index].text, out_len);
      return nullptr;
  }
  return nullptr;
}

int64_t ly_result_get_int(const ly_result* result, ly_item item, size_t index, ly_field field) {
  if (!result || index >= Count(result, item)) return -1;
  const liangyan::Result& r = result->result;
  switch (item) {
    case LY_ITEM_SUMMARY:
      if (field == LY_FIELD_SCORE) return r.score;
      if (field == LY_FIELD_REPLACED_INVALID) return r.replaced_invalid;
      return -1;
    case LY_ITEM_FINDING: {
      const liangyan::Finding& f = r.findings[index];
      if (field == LY_FIELD_SEVERITY) return f.severity;
      if (field == LY_FIELD_WEIGHT) return f.weight;
      return SpanField(f.span, field);
    }
    case LY_ITEM_CREDIT: {
      const liangyan::Credit& c = r.credits[index];
      if (field == LY_FIELD_WEIGHT) return c.weight;
      return SpanField(c.span, field);
    }
    case LY_ITEM_REWRITE:
      if (field == LY_FIELD_SCORE) return r.rewrites[index].score;
      if (field == LY_FIELD_FIXES) return r.rewrites[index].fixes;
      return -1;
    case LY_ITEM_SLOT:
      return -1;
    case LY_ITEM_EDIT:
      return SpanField(BestRewrite(result)->edits[index].span, field);
  }
  return -1;
}

ly_status ly_result_to_json(const ly_result* result, char** out_json, size_t* out_len) {
  if (out_len) *out_len = 0;
  if (!out_json) return LY_E_INVALID_ARGUMENT;
  *out_json = nullptr;
  if (!result) return LY_E_INVALID_ARGUMENT;
  try {
    const std::string json = liangyan::ToJson(result->result);
    *out_json = CopyString(json);
    if (!*out_json) return LY_E_OUT_OF_MEMORY;
    if (out_len) *out_len = json.size();
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}

ly_status ly_coach(const ly_engine* engine, const char* dialogue_json, size_t len,
                   const ly_context* context, ly_report** out_report, char** out_error) {
  if (out_error) *out_error = nullptr;
  if (!out_report) return LY_E_INVALID_ARGUMENT;
  *out_report = nullptr;
  if (!engine || (!dialogue_json && len > 0)) return LY_E_INVALID_ARGUMENT;
  try {
    static const liangyan::rewrite::SlotValues kNoSlots;
    liangyan::dialogue::Dialogue dialogue;
    std::string error;
    ly_status status =
        liangyan::dialogue::ParseDialogue(std::string_view(dialogue_json ? dialogue_json : "", len),
                                          engine->engine->limits(), &dialogue, &error);
    if (status != LY_OK) {
      SetError(out_error, error);
      return status;
    }
    auto report = std::make_unique<ly_report>();
    status = liangyan::dialogue::Coach(*engine->engine, dialogue,
                                       context ? context->slots : kNoSlots, &report->report);
    if (status != LY_OK) {
      SetError(out_error, std::string("coaching failed: ") + ly_status_name(status));
      return status;
    }
    report->turns.resize(report->report.turns.size());
    for (size_t i = 0; i < report->turns.size(); ++i) {
      if (report->report.turns[i].checked) {
        report->turns[i].result = std::move(report->report.turns[i].result);
      }
    }
    *out_report = report.release();
    return LY_OK;
  } catch (const std::bad_alloc&) {
    SetError(out_error, "out of memory");
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    SetError(out_error, "internal error");
    return LY_E_INTERNAL;
  }
}

void ly_report_free(ly_report* report) { delete report; }

int64_t ly_report_get_int(const ly_report* report, ly_report_field field) {
  if (!report) return -1;
  const liangyan::dialogue::Report& r = report->report;
  switch (field) {
    case LY_REPORT_SCORE:
      return r.score;
    case LY_REPORT_CARD_SCORE:
      return r.card_score;
    case LY_REPORT_UTTERANCE_SCORE:
      return r.utterance_score;
    case LY_REPORT_FATAL_FAILED:
      return r.fatal_failed ? 1 : 0;
    case LY_REPORT_TURN_COUNT:
      return static_cast<int64_t>(r.turns.size());
    case LY_REPORT_ITEM_COUNT:
      return static_cast<int64_t>(r.items.size());
    case LY_REPORT_FAILED_COUNT: {
      int64_t failed = 0;
      for (const auto& item : r.items) failed += item.outcome == liangyan::dialogue::Outcome::kFail;
      return failed;
    }
  }
  return -1;
}

const ly_result* ly_report_turn(const ly_report* report, size_t index) {
  if (!report || index >= report->turns.size() || !report->report.turns[index].checked) {
    return nullptr;
  }
  return &report->turns[index];
}

namespace {
// The report's turn results live in ly_report::turns (moved there for ly_report_turn); the
// serialisers read them through a view that puts them back in place.  C++ linkage: it
// returns a C++ type, and this file's shims sit in an extern "C" block.
extern "C++" liangyan::dialogue::Report WithTurnResults(const ly_report* report) {
  liangyan::dialogue::Report copy = report->report;
  for (size_t i = 0; i < copy.turns.size(); ++i) {
    if (copy.turns[i].checked) copy.turns[i].result = report->turns[i].result;
  }
  return copy;
}

ly_status Serialise(const ly_report* report, bool html, char** out, size_t* out_len) {
  if (out_len) *out_len = 0;
  if (!out) return LY_E_INVALID_ARGUMENT;
  *out = nullptr;
  if (!report) return LY_E_INVALID_ARGUMENT;
  try {
    const liangyan::dialogue::Report full = WithTurnResults(report);
    const std::string text =
        html ? liangyan::dialogue::ReportToHtml(full) : liangyan::dialogue::ReportToJson(full);
    *out = CopyString(text);
    if (!*out) return LY_E_OUT_OF_MEMORY;
    if (out_len) *out_len = text.size();
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}
}  // namespace

ly_status ly_report_to_json(const ly_report* report, char** out_json, size_t* out_len) {
  return Serialise(report, false, out_json, out_len);
}

ly_status ly_report_to_html(const ly_report* report, char** out_html, size_t* out_len) {
  return Serialise(report, true, out_html, out_len);
}

}  // extern "C"
