// Runs every compiled rule over one utterance: one matcher pass, then each candidate rule's
// condition over the clause structure.
#ifndef LIANGYAN_EVAL_EVALUATOR_H_
#define LIANGYAN_EVAL_EVALUATOR_H_

#include <cstdint>
#include <string>
#include <utility>
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
  // The patterns with any hit after protection, and their hits:
  // match.hits[kept_at[i].first, + kept_at[i].count) for present_ids[i] (protection filters
  // each pattern's hits in place; a regex's are appended when it is searched).  Phrases come
  // first.  Mutable, like everything below that a const evaluation fills in: regexes are
  // searched only when a condition asks for one of their groups (see
  // match::Matcher::ScanPhrases).
  mutable match::MatchScratch match;
  struct Range {
    uint32_t first = 0;
    uint32_t count = 0;
  };
  mutable std::vector<Range> kept_at;
  mutable std::vector<int> present_ids;
  // Each group's present patterns, as lists threaded through `memberships`: group_last[g] is
  // 1 + the index of its last entry (0: none), an entry is (position in present_ids, 1 + the
  // index of the group's previous entry).  Filled in one pass over the patterns present.
  mutable std::vector<uint32_t> group_last;
  struct Membership {
    uint32_t position = 0;
    uint32_t previous = 0;
  };
  mutable std::vector<Membership> memberships;
  // Per leaf group: kPresent when some pattern of it has hits, plus kPending while some of its
  // regexes are not searched yet (`pending`, matcher regex indices); 0 when neither.
  enum : uint8_t { kPresent = 1, kPending = 2 };
  mutable std::vector<uint8_t> group_present;
  mutable std::vector<int> pending;

  // Internal to the evaluator: which groups are set above (so that the next text clears
  // only those, and so that rules are picked by what occurred), each group's hits over the
  // whole text (computed when first needed), the stack of condition values, and the rules to
  // run.
  mutable std::vector<int> present_groups;
  mutable std::vector<match::Hit> group_hits;
  mutable std::vector<uint32_t> group_hits_at;  // per group: offset in group_hits, or ~0u
  mutable std::vector<uint32_t> group_hits_size;
  mutable std::vector<int> cached_groups;
  mutable std::vector<match::Hit> values;
  std::vector<match::Hit> shields;
  std::vector<int> candidates;
  std::vector<uint64_t> candidate_bits;

  // Buffers of the engine's check (core/engine.cc), here so that checks reuse them.
  std::string evaluated_text;  // what the engine's memo of evaluations filed this under
  std::vector<RawFinding> findings, todo, attempts;
  std::string text;
  std::vector<std::pair<std::string, std::string>> slots;
  std::vector<RawCredit> credits;
  std::vector<uint8_t> rule_flags;
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
