// Every bound the engine enforces, each settable through ly_options_set.
#ifndef LIANGYAN_CORE_LIMITS_H_
#define LIANGYAN_CORE_LIMITS_H_

#include <cstdint>

namespace liangyan {

struct Limits {
  int64_t max_input_bytes = 64 * 1024;
  bool replace_invalid_utf8 = false;
  int64_t max_rewrites = 3;
  int64_t max_rules = 10000;
  int64_t max_condition_depth = 32;
  int64_t regex_max_mem = 64LL << 20;
  int64_t max_pattern_bytes = 1024;
  int64_t max_turns = 10000;
  int64_t max_slots = 64;
};

}  // namespace liangyan

#endif  // LIANGYAN_CORE_LIMITS_H_
