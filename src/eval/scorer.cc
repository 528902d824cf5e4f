#include "eval/scorer.h"

#include <algorithm>
#include <cstdint>

namespace liangyan::eval {

int Score(const rules::CompiledPack& pack, const std::vector<RawFinding>& findings,
          const std::vector<RawCredit>& credits) {
  // Repeating a fault costs less than committing a new one: a rule's second and later
  // findings count half, so one long message with the same habit is not scored to zero.
  int deducted_twice = 0;  // in half points
  // A check scores a handful of findings, several times over (each rewrite candidate):
  // looking back beats allocating a per-rule array, up to a point.
  constexpr size_t kLookBack = 32;
  std::vector<uint8_t> seen;
  if (findings.size() > kLookBack) seen.assign(pack.rules.size(), 0);
  for (size_t i = 0; i < findings.size(); ++i) {
    const int rule = findings[i].rule;
    bool repeated = false;
    if (seen.empty()) {
      for (size_t j = 0; j < i && !repeated; ++j) repeated = findings[j].rule == rule;
    } else {
      repeated = seen[rule] != 0;
      seen[rule] = 1;
    }
    const int weight = pack.rules[rule].spec.weight;
    deducted_twice += repeated ? weight : 2 * weight;
  }
  int credited = 0;
  for (const RawCredit& c : credits) credited += pack.credits[c.credit].spec.weight;
  credited = std::min(credited, kMaxCreditPoints);
  const int score = 100 - (deducted_twice + 1) / 2 + credited;
  return std::clamp(score, 0, 100);
}

}  // namespace liangyan::eval
