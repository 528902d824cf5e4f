#include "core/engine.h"

#include <algorithm>
#include <set>

#include "eval/evaluator.h"
#include "eval/scorer.h"
#include "rules/compiler.h"
#include "rules/pack.h"
#include "text/charset.h"
#include "text/utf8.h"

namespace liangyan {
namespace {

// Converts byte offsets to code-point offsets; queries in increasing order cost O(n) overall.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text) : text_(text) {}
  uint32_t At(uint32_t byte) {
    if (byte < byte_) {
      byte_ = 0;
      cp_ = 0;
    }
    while (byte_ < byte && byte_ < text_.size()) {
      if ((static_cast<unsigned char>(text_[byte_]) & 0xC0) != 0x80) ++cp_;
      ++byte_;
    }
    return cp_;
  }

 private:
  std::string_view text_;
  uint32_t byte_ = 0;
  uint32_t cp_ = 0;
};

const char* ScriptName(text::Script script) {
  switch (script) {
    case text::Script::kSimplified: return "simplified";
    case text::Script::kTraditional: return "traditional";
    case text::Script::kNone: return "none";
  }
  return "none";
}

}  // namespace

ly_status Engine::Create(const EngineOptions& options, std::unique_ptr<Engine>* out,
                         std::string* error) {
  rules::PackSpec spec;
  rules::PackError pack_error;
  if (options.use_default_pack &&
      (!rules::LoadPack(kDefaultPack, "default.yaml", options.limits, &spec, &pack_error) ||
       !rules::LoadPack(kConversationPack, "conversation.yaml", options.limits, &spec,
                        &pack_error))) {
    *error = pack_error.message;
    return pack_error.status;
  }
  for (const PackSource& source : options.packs) {
    if (!rules::LoadPack(source.data, source.name, options.limits, &spec, &pack_error)) {
      *error = pack_error.message;
      return pack_error.status;
    }
  }
  if (spec.id.empty()) {
    *error = "no rule pack: the default pack is disabled and no pack was added";
    return LY_E_INVALID_ARGUMENT;
  }
  auto compiled = std::make_shared<rules::CompiledPack>();
  if (!rules::Compile(std::move(spec), options.limits, compiled.get(), &pack_error)) {
    *error = pack_error.message;
    return pack_error.status;
  }
  std::unique_ptr<Engine> engine(new Engine());
  engine->limits_ = options.limits;
  engine->pack_id_ = compiled->spec.id;
  engine->pack_version_ = compiled->spec.version;
  engine->rule_count_ = std::to_string(compiled->enabled_rule_count);
  for (const std::string& loaded : compiled->spec.loaded) {
    engine->packs_ += (engine->packs_.empty() ? "" : ",") + loaded;
  }
  engine->pack_ = std::move(compiled);
  *out = std::move(engine);
  return LY_OK;
}

Engine::~Engine() {
  for (auto& slot : pool_) delete slot.exchange(nullptr);
}

std::unique_ptr<eval::Scratch> Engine::AcquireScratch() const {
  for (auto& slot : pool_) {
    if (eval::Scratch* scratch = slot.exchange(nullptr, std::memory_order_acquire)) {
      return std::unique_ptr<eval::Scratch>(scratch);
    }
  }
  return std::make_unique<eval::Scratch>();
}

void Engine::ReleaseScratch(std::unique_ptr<eval::Scratch> scratch) const {
  for (auto& slot : pool_) {
    eval::Scratch* expected = nullptr;
    if (slot.compare_exchange_strong(expected, scratch.get(), std::memory_order_release)) {
      scratch.release();
      return;
    }
  }
  // Pool full (more threads than slots): let it go.
}

const std::string& Engine::info(ly_info key) const {
  static const std::string kEmpty;
  switch (key) {
    case LY_INFO_PACK_ID: return pack_id_;
    case LY_INFO_PACK_VERSION: return pack_version_;
    case LY_INFO_RULE_COUNT: return rule_count_;
    case LY_INFO_PACKS: return packs_;
  }
  return kEmpty;
}

ly_status Engine::Check(std::string_view text, const rewrite::SlotValues& slots,
                        Result* out) const {
  if (static_cast<int64_t>(text.size()) > limits_.max_input_bytes) return LY_E_INPUT_TOO_LARGE;
  if (static_cast<int64_t>(slots.size()) > limits_.max_slots) return LY_E_LIMIT;
  if (text::IsValidUtf8(text, nullptr)) {
    out->replaced_invalid = 0;
    return CheckValid(text, slots, out);
  }
  if (!limits_.replace_invalid_utf8) return LY_E_INVALID_UTF8;
  std::string repaired;
  const size_t replaced = text::ReplaceInvalidUtf8(text, &repaired);
  const ly_status status = CheckValid(repaired, slots, out);
  out->replaced_invalid = static_cast<uint32_t>(replaced);
  return status;
}

ly_status Engine::CheckValid(std::string_view text, const rewrite::SlotValues& slots,
                             Result* out) const {
  const rules::CompiledPack& pack = *pack_;
  std::unique_ptr<eval::Scratch> held = AcquireScratch();
  eval::Scratch& scratch = *held;
  struct Recycle {
    const Engine* engine;
    std::unique_ptr<eval::Scratch>* scratch;
    ~Recycle() { engine->ReleaseScratch(std::move(*scratch)); }
  } recycle{this, &held};
  std::vector<eval::RawFinding> raw;
  std::vector<eval::RawCredit> raw_credits;
  if (!eval::Evaluate(pack, text, &scratch, &raw, &raw_credits)) return LY_E_LIMIT;

  out->pack = pack_;
  out->text.assign(text);
  out->script = ScriptName(scratch.normalized.script);
  out->score = eval::Score(pack, raw, raw_credits);
  out->findings.clear();
  out->credits.clear();
  out->rewrites.clear();
  out->encoded_offsets = false;

  CodePointIndex cp_index(text);
  auto span_of = [&](uint32_t folded_begin, uint32_t folded_end) {
    Span span;
    scratch.normalized.MapSpan(folded_begin, folded_end, &span.begin, &span.end);
    span.begin_cp = cp_index.At(span.begin);
    span.end_cp = cp_index.At(span.end);
    return span;
  };
  for (const eval::RawFinding& f : raw) {
    const rules::CompiledRule& rule = pack.rules[f.rule];
    Finding finding;
    finding.rule = f.rule;
    finding.rule_id = rule.spec.id;
    finding.category = rules::CategoryName(rule.spec.category);
    finding.message = rule.spec.message;
    finding.citation = rule.spec.cite;
    finding.severity = rule.spec.severity;
    finding.weight = rule.spec.weight;
    finding.span = span_of(f.begin, f.end);
    out->findings.push_back(std::move(finding));
  }
  for (const eval::RawCredit& c : raw_credits) {
    const rules::CompiledCredit& credit = pack.credits[c.credit];
    out->credits.push_back(Credit{credit.spec.id, credit.spec.message, span_of(c.begin, c.end),
                                  credit.spec.weight});
  }
  if (raw.empty() || limits_.max_rewrites == 0) return LY_OK;

  rewrite::Plan plan;
  rewrite::BuildRewrite(pack, text, scratch, raw, slots, &plan);
  if (plan.edits.empty()) return LY_OK;

  // The rewrite is checked like any utterance: its score is honest, and "fixes" counts the
  // original findings whose rule no longer fires anywhere in it.
  std::unique_ptr<eval::Scratch> again = AcquireScratch();
  std::vector<eval::RawFinding> after;
  std::vector<eval::RawCredit> after_credits;
  Rewrite best;
  best.text = plan.text;
  const bool checked = eval::Evaluate(pack, plan.text, again.get(), &after, &after_credits);
  ReleaseScratch(std::move(again));
  if (checked) {
    best.score = eval::Score(pack, after, after_credits);
    std::set<int> still;
    for (const eval::RawFinding& f : after) still.insert(f.rule);
    std::set<int> fixed;
    for (const eval::RawFinding& f : raw) {
      if (!still.count(f.rule)) {
        ++best.fixes;
        fixed.insert(f.rule);
      }
    }
    for (int rule : fixed) best.fixed_rules.push_back(pack.rules[rule].spec.id);
  }
  CodePointIndex edit_index(text);
  for (const rewrite::PlannedEdit& planned : plan.edits) {
    Edit edit;
    edit.span.begin = planned.begin;
    edit.span.end = planned.end;
    edit.span.begin_cp = edit_index.At(planned.begin);
    edit.span.end_cp = edit_index.At(planned.end);
    edit.text = planned.text;
    if (planned.finding >= 0) {
      std::string& replacement = out->findings[planned.finding].replacement;
      replacement += planned.text;
    }
    best.edits.push_back(std::move(edit));
  }
  for (auto& [name, marker] : plan.unfilled_slots) best.slots.push_back(Slot{name, marker});
  out->rewrites.push_back(std::move(best));
  return LY_OK;
}

ly_status Engine::CheckEncoded(std::string_view charset, std::string_view bytes,
                               const rewrite::SlotValues& slots, Result* out,
                               std::string* error) const {
  if (static_cast<int64_t>(bytes.size()) > limits_.max_input_bytes) return LY_E_INPUT_TOO_LARGE;
  text::DecodedText decoded;
  size_t bad = 0;
  switch (text::DecodeCharset(charset, bytes, &decoded, &bad)) {
    case text::DecodeStatus::kUnknownCharset:
      *error = "unknown charset '" + std::string(charset) + "' (GBK, GB18030, Big5, UTF-8)";
      return LY_E_ENCODING;
    case text::DecodeStatus::kUndecodable:
      *error = "byte " + std::to_string(bad) + " does not decode as " + std::string(charset);
      return LY_E_ENCODING;
    case text::DecodeStatus::kOk:
      break;
  }
  const ly_status status = CheckValid(decoded.utf8, slots, out);
  if (status != LY_OK) return status;
  // Spans become byte offsets into the caller's encoded bytes.
  auto remap = [&](Span* span) {
    span->begin = decoded.byte_map[span->begin];
    span->end = decoded.byte_map[span->end];
  };
  for (Finding& f : out->findings) remap(&f.span);
  for (Credit& c : out->credits) remap(&c.span);
  for (Rewrite& r : out->rewrites) {
    for (Edit& e : r.edits) remap(&e.span);
  }
  out->encoded_offsets = true;
  return LY_OK;
}

}  // namespace liangyan
