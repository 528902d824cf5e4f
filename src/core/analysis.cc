#include "core/analysis.h"

#include "eval/scorer.h"
#include "rules/compiler.h"
#include "rules/pack.h"

namespace liangyan {
namespace {

const char* ScriptName(text::Script script) {
  switch (script) {
    case text::Script::kSimplified:
      return "simplified";
    case text::Script::kTraditional:
      return "traditional";
    case text::Script::kNone:
      return "none";
  }
  return "none";
}

}  // namespace

uint32_t CodePointIndex::At(uint32_t byte) {
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

void FillAnalysis(const std::shared_ptr<const rules::CompiledPack>& shared_pack,
                  std::string_view text,
                  const eval::Scratch& scratch, const std::vector<eval::RawFinding>& findings,
                  const std::vector<eval::RawCredit>& credits, Result* out) {
  const rules::CompiledPack& pack = *shared_pack;
  if (out->pack != shared_pack) out->pack = shared_pack;
  out->text.assign(text);
  out->script = ScriptName(scratch.normalized.script);
  out->score = eval::Score(pack, findings, credits);
  out->findings.clear();
  out->credits.clear();
  out->rewrites.clear();
  out->encoded_offsets = false;

  out->findings.reserve(findings.size());
  out->credits.reserve(credits.size());
  CodePointIndex cp_index(text);
  auto span_of = [&](uint32_t folded_begin, uint32_t folded_end) {
    Span span;
    scratch.normalized.MapSpan(folded_begin, folded_end, &span.begin, &span.end);
    span.begin_cp = cp_index.At(span.begin);
    span.end_cp = cp_index.At(span.end);
    return span;
  };
  for (const eval::RawFinding& f : findings) {
    const rules::CompiledRule& rule = pack.rules[f.rule];
    Finding& finding = out->findings.emplace_back();
    finding.rule = f.rule;
    finding.rule_id = rule.spec.id;
    finding.category = rules::CategoryName(rule.spec.category);
    finding.message = rule.spec.message;
    finding.citation = rule.spec.cite;
    finding.severity = rule.spec.severity;
    finding.weight = rule.spec.weight;
    finding.span = span_of(f.begin, f.end);
  }
  for (const eval::RawCredit& c : credits) {
    const rules::CompiledCredit& credit = pack.credits[c.credit];
    out->credits.push_back(
        Credit{credit.spec.id, credit.spec.message, span_of(c.begin, c.end), credit.spec.weight});
  }
}

}  // namespace liangyan
