// The 0-100 score of one utterance (docs/rule-pack.md, "Score").
#ifndef LIANGYAN_EVAL_SCORER_H_
#define LIANGYAN_EVAL_SCORER_H_

#include <vector>

#include "eval/evaluator.h"

namespace liangyan::eval {

inline constexpr int kMaxCreditPoints = 10;

int Score(const rules::CompiledPack& pack, const std::vector<RawFinding>& findings,
          const std::vector<RawCredit>& credits);

}  // namespace liangyan::eval

#endif  // LIANGYAN_EVAL_SCORER_H_
