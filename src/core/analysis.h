// Turning an evaluation into the public Result: what Engine::Check and a streaming Session
// share, so the two can never disagree field by field.
#ifndef LIANGYAN_CORE_ANALYSIS_H_
#define LIANGYAN_CORE_ANALYSIS_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "eval/evaluator.h"

namespace liangyan {

// Converts byte offsets to code-point offsets by walking from the previous query, forwards or
// backwards: queries in nearly increasing order (spans that overlap) cost O(n) overall.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text) : text_(text) {}
  uint32_t At(uint32_t byte);

 private:
  std::string_view text_;
  uint32_t byte_ = 0;
  uint32_t cp_ = 0;
};

// Fills pack, text, script, score, findings and credits of *out from the evaluation of `text`
// held in `scratch`; clears rewrites and encoded_offsets.  replaced_invalid is the caller's.
void FillAnalysis(const std::shared_ptr<const rules::CompiledPack>& pack, std::string_view text,
                  const eval::Scratch& scratch, const std::vector<eval::RawFinding>& findings,
                  const std::vector<eval::RawCredit>& credits, Result* out);

}  // namespace liangyan

#endif  // LIANGYAN_CORE_ANALYSIS_H_
