#include "core/session.h"

#include <algorithm>

#include "core/analysis.h"
#include "eval/evaluator.h"
#include "eval/scorer.h"
#include "rules/compiler.h"
#include "rules/pack.h"
#include "text/utf8.h"

namespace liangyan {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

Session::Session(const Engine& engine, Result* result)
    : engine_(engine), result_(result), scratch_(std::make_unique<eval::Scratch>()) {}

Session::~Session() = default;

void Session::Reset() {
  has_result_ = false;
  has_rewrites_ = false;
  text_.clear();
  valid_prefix_ = 0;
}

size_t Session::ValidatedPrefix(std::string_view text) const {
  const size_t limit = std::min(valid_prefix_, text.size());
  size_t same = static_cast<size_t>(
      std::mismatch(text.begin(), text.begin() + limit, text_.begin()).first - text.begin());
  // text_[0, valid_prefix_) is valid UTF-8, so an offset inside it is a character boundary
  // unless a continuation byte sits there.  Both halves of text valid and split on a boundary
  // is the same as the whole being valid: UTF-8 decodes one sequence at a time.
  while (same > 0 && same < text_.size() && IsContinuation(text_[same])) --same;
  return same;
}

void Session::DropRewrites() {
  for (Finding& f : result_->findings) f.replacement.clear();
  result_->rewrites.clear();
  has_rewrites_ = false;
}

ly_status Session::Update(std::string_view text, const rewrite::SlotValues& slots, Depth depth) {
  // The same checks, in the same order, as Engine::Check: the status is part of the contract.
  const Limits& limits = engine_.limits();
  if (static_cast<int64_t>(text.size()) > limits.max_input_bytes) {
    Reset();
    return LY_E_INPUT_TOO_LARGE;
  }
  if (static_cast<int64_t>(slots.size()) > limits.max_slots) {
    Reset();
    return LY_E_LIMIT;
  }

  if (has_result_ && text == std::string_view(text_)) {
    if (depth == Depth::kFindings) {
      if (has_rewrites_) DropRewrites();
      ++stats_.updates;
      ++stats_.unchanged;
      return LY_OK;
    }
    if (has_rewrites_ && slots == slots_) {
      ++stats_.updates;
      ++stats_.unchanged;
      return LY_OK;
    }
  }

  const size_t prefix = ValidatedPrefix(text);
  size_t bad = 0;
  stats_.validated_bytes += text.size() - prefix;
  const bool valid = text::IsValidUtf8(text.substr(prefix), &bad);
  if (!valid && !limits.replace_invalid_utf8) {
    Reset();
    return LY_E_INVALID_UTF8;
  }

  ly_status status;
  if (depth == Depth::kFull) {
    // The one-shot path itself: rewrites are rare (once per utterance) and costly enough that
    // an extra analysis does not matter, and this way they cannot differ from ly_check's.
    status = engine_.Check(text, slots, result_);
    if (status == LY_OK) {
      ++stats_.full_checks;
      has_rewrites_ = true;
      if (slots != slots_) slots_ = slots;
    }
  } else if (valid) {
    status = Analyse(text, 0);
  } else {
    const size_t replaced = text::ReplaceInvalidUtf8(text, &repaired_);
    status = Analyse(repaired_, static_cast<uint32_t>(replaced));
  }
  if (status != LY_OK) {
    Reset();
    return status;
  }
  has_result_ = true;
  text_.assign(text);
  valid_prefix_ = valid ? text.size() : prefix + bad;
  ++stats_.updates;
  return LY_OK;
}

ly_status Session::Analyse(std::string_view checked, uint32_t replaced) {
  const rules::CompiledPack& pack = engine_.pack();
  eval::Scratch& scratch = *scratch_;
  if (!eval::Evaluate(pack, checked, &scratch, &raw_findings_, &raw_credits_)) return LY_E_LIMIT;
  ++stats_.evaluations;
  has_rewrites_ = false;

  // The same assembly as Engine::Check (core/analysis.h), into the session's own result.
  FillAnalysis(engine_.result_pack(), checked, scratch, raw_findings_, raw_credits_, result_);
  result_->replaced_invalid = replaced;
  return LY_OK;
}

}  // namespace liangyan
