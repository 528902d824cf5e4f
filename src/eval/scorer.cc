#include "eval/scorer.h"

#include <algorithm>

namespace liangyan::eval {

int Score(const rules::CompiledPack& pack, const std::vector<RawFinding>& findings,
          const std::vector<RawCredit>& credits) {
  // Repeating a fault costs less than committing a new one: a rule's second and later
  // findings count half, so one long message with the same habit is not scored to zero.
  int deducted_twice = 0;  // in half points
  std::vector<int> seen(pack.rules.size(), 0);
  for (const RawFinding& f : findings) {
    const int weight = pack.rules[f.rule].spec.weight;
    deducted_twice += seen[f.rule]++ == 0 ? 2 * weight : weight;
  }
  int credited = 0;
  for (const RawCredit& c : credits) credited += pack.credits[c.credit].spec.weight;
  credited = std::min(credited, kMaxCreditPoints);
  const int score = 100 - (deducted_twice + 1) / 2 + credited;
  return std::clamp(score, 0, 100);
}

}  // namespace liangyan::eval
