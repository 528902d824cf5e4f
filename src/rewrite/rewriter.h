// Turns findings into edits of the caller's original text, following each rule's rewrite
// strategy, and applies them.  Text outside the edits stays byte-identical; inserted text
// follows the input's script and punctuation width.
#ifndef LIANGYAN_REWRITE_REWRITER_H_
#define LIANGYAN_REWRITE_REWRITER_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "eval/evaluator.h"

namespace liangyan::rewrite {

using SlotValues = std::map<std::string, std::string, std::less<>>;

struct PlannedEdit {
  uint32_t begin = 0;  // original bytes; begin == end is an insertion
  uint32_t end = 0;
  std::string text;
  int finding = -1;    // index into the findings vector it fixes
};

struct Plan {
  std::vector<PlannedEdit> edits;  // sorted, non-overlapping
  std::vector<std::pair<std::string, std::string>> unfilled_slots;  // name, marker
  std::string text;                // the original with the edits applied
};

// Plans and applies the edits for `findings` (as produced by eval::Evaluate on `original`,
// whose normalisation and structure are in `scratch`).
void BuildRewrite(const rules::CompiledPack& pack, std::string_view original,
                  const eval::Scratch& scratch, const std::vector<eval::RawFinding>& findings,
                  const SlotValues& slots, Plan* plan);

}  // namespace liangyan::rewrite

#endif  // LIANGYAN_REWRITE_REWRITER_H_
