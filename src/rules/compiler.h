// Compiles a merged PackSpec into what the evaluator runs: one Matcher holding every phrase
// and regex, and each condition as a flat expression tree over groups of pattern ids.
#ifndef LIANGYAN_RULES_COMPILER_H_
#define LIANGYAN_RULES_COMPILER_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/limits.h"
#include "match/flat_lists.h"
#include "match/matcher.h"
#include "rules/condition_ast.h"
#include "rules/pack.h"

namespace liangyan::rules {

enum class Position {
  kNone,
  kClauseStart,
  kClauseEnd,
  kSentenceStart,
  kSentenceEnd,
  kUtteranceStart,
  kUtteranceEnd,
  kInQuestion,
  kInStatement
};
enum class Flag { kQuestion, kStatement, kUnfinished };

struct Expr {
  ConditionNode::Kind kind = ConditionNode::Kind::kPhrase;
  int group = -1;                       // leaves: index into CompiledPack::groups
  Position position = Position::kNone;  // kCall
  Flag flag = Flag::kQuestion;          // kFlag
  int distance = 0;                     // kThen, kNear
  int left = -1;                        // children: indices into CompiledPack::exprs
  int right = -1;
};

struct CompiledRule {
  RuleSpec spec;
  int when = -1;
  int unless = -1;  // -1: no exception
  // Groups one of which must have a hit inside a scope unit for `when` to hold there (see
  // CompiledPack::rules_of_group); empty when `when` can hold without any.
  std::vector<int> triggers;
  // What `when` needs to have any chance, checked before evaluating it: in conjunctive form,
  // each clause as its length followed by its groups, one of which must have occurred; {-1}
  // when that form is too long to list (the condition's tree is asked instead).
  std::vector<int> needs;
};

struct CompiledCredit {
  CreditSpec spec;
  int when = -1;
  std::vector<int> needs;  // as CompiledRule::needs
};

struct CompiledScorecardItem {
  ScorecardItemSpec spec;
  int require = -1, forbid = -1, trigger = -1, first = -1, then = -1, applies_if = -1;
  std::vector<int> require_all;
};

struct CompiledPack {
  PackSpec spec;  // rules and credits moved out into the vectors below
  match::Matcher matcher;
  std::vector<std::vector<int>> groups;  // pattern ids of each leaf
  // The inverse: groups each pattern belongs to (sorted), so that a check touches only the
  // groups of the few patterns that occurred instead of scanning every group.
  match::FlatLists pattern_groups;
  std::span<const int> GroupsOf(int id) const { return pattern_groups[id]; }
  std::vector<Expr> exprs;
  std::vector<CompiledRule> rules;  // enabled rules only, in pack order
  std::vector<CompiledCredit> credits;
  std::vector<CompiledScorecardItem> scorecard;  // enabled items only
  std::vector<uint8_t> is_protect;               // per pattern id
  int enabled_rule_count = 0;
  // The rules (credits) that a group occurring can make hold: a rule's condition needs at
  // least one of its trigger groups (an `and` needs both sides, so either side's triggers
  // will do), unless it can hold with none (`not X`, `question`): those are listed apart.
  // Lets a check skip most rules without looking at them.
  match::FlatLists rules_of_group, credits_of_group;
  std::vector<int> unconditional_rules, unconditional_credits;
};

// Compiles `spec`.  Errors carry the pack position of the offending rule or condition.
bool Compile(PackSpec spec, const Limits& limits, CompiledPack* out, PackError* error);

// Folds a phrase the way utterances are folded, so that pack authors may write Traditional or
// full-width text and still match.
std::string FoldPhrase(std::string_view phrase);

}  // namespace liangyan::rules

#endif  // LIANGYAN_RULES_COMPILER_H_
