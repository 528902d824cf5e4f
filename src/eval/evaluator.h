// Runs every compiled rule over one utterance: one matcher pass, then each candidate rule's
// condition over the clause structure.
#ifndef LIANGYAN_EVAL_EVALUATOR_H_
#define LIANGYAN_EVAL_EVALUATOR_H_

#include <cstdint>
#include <vector>

#include "match/matcher.h"
#include "parse/clauses.h"
#include "rules/compiler.h"
#include "text/normalized_text.h"

namespace liangyan::eval {

struct RawFinding {
  int rule = -1;       // index into CompiledPack::rules
  uint32_t begin = 0;  // folded byte offsets
  uint32_t end = 0;
  uint32_t sentence = 0;
};

struct RawCredit {
  int credit = -1;  // index into CompiledPack::credits
  uint32_t begin = 0;
  uint32_t end = 0;
};

// Working memory of one check; keep one per thread to avoid allocation in steady state.
struct Scratch {
  text::NormalizedText normalized;
  parse::Structure structure;
  match::MatchScratch match;
  std::vector<std::vector<match::Hit>> hits;  // per pattern, after protection
  std::vector<uint8_t> present;               // per pattern: any hit after protection
  std::vector<uint8_t> group_present;         // per leaf group: any of its patterns present
};

// Normalises, parses and scans `text` (valid UTF-8) into *scratch without running rules.
// Returns false only if the matcher ran out of its memory budget.
bool Prepare(const rules::CompiledPack& pack, std::string_view text, Scratch* scratch);

// Whether expression `expr` holds over the whole utterance prepared in `scratch`; *begin/*end
// (may be null) receive the folded span of its first hit, or the whole text without one.
bool Holds(const rules::CompiledPack& pack, const Scratch& scratch, int expr, uint32_t* begin,
           uint32_t* end);

// Normalises, parses and evaluates `text` (valid UTF-8).  Returns false only if the matcher
// ran out of its memory budget.
bool Evaluate(const rules::CompiledPack& pack, std::string_view text, Scratch* scratch,
              std::vector<RawFinding>* findings, std::vector<RawCredit>* credits);

}  // namespace liangyan::eval

#endif  // LIANGYAN_EVAL_EVALUATOR_H_
