// Runs a compiled pack's own examples (rules' flag/pass texts, score-card items' fail/pass
// dialogues) so that trainers can validate a pack without a test framework.
#ifndef LIANGYAN_CORE_SELF_TEST_H_
#define LIANGYAN_CORE_SELF_TEST_H_

#include <string>

#include "core/engine.h"

namespace liangyan {

struct SelfTestSummary {
  int passed = 0;
  int failed = 0;
  std::string json;  // {"passed", "failed", "failures": [{"rule", "expect", "text", "at", ...}]}
};

// `only_pack` (empty: all) restricts the run to examples written in the pack of that name.
SelfTestSummary RunExamples(const Engine& engine, const std::string& only_pack);

}  // namespace liangyan

#endif  // LIANGYAN_CORE_SELF_TEST_H_
