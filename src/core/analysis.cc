#include "core/analysis.h"

#include <cstring>

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

// Bytes of `chunk` (eight bytes of UTF-8) that start a code point, i.e. are not 10xxxxxx.
inline uint32_t LeadBytes(uint64_t chunk) {
  const uint64_t continuation = (chunk >> 7) & ~(chunk >> 6) & 0x0101010101010101ull;
  return 8 - static_cast<uint32_t>((continuation * 0x0101010101010101ull) >> 56);
}

inline bool IsLead(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

}  // namespace

uint32_t CodePointIndex::At(uint32_t byte) {
  const auto size = static_cast<uint32_t>(text_.size());
  if (byte > size) byte = size;
  // Back from the previous query: findings overlap, so a span often starts before the
  // previous one ended.
  while (byte_ >= byte + 8) {
    uint64_t chunk;
    std::memcpy(&chunk, text_.data() + byte_ - 8, 8);
    cp_ -= LeadBytes(chunk);
    byte_ -= 8;
  }
  while (byte_ > byte) cp_ -= IsLead(text_[--byte_]);
  while (byte_ + 8 <= byte) {
    uint64_t chunk;
    std::memcpy(&chunk, text_.data() + byte_, 8);
    cp_ += LeadBytes(chunk);
    byte_ += 8;
  }
  while (byte_ < byte) cp_ += IsLead(text_[byte_++]);
  return cp_;
}

void FillAnalysis(const std::shared_ptr<const rules::CompiledPack>& shared_pack,
                  std::string_view text, const eval::Scratch& scratch,
                  const std::vector<eval::RawFinding>& findings,
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
