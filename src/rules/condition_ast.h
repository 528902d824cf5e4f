// The parsed form of a rule condition (the `when:` / `unless:` fields of a rule pack).
//
// Grammar (docs/rule-pack.md has the user-facing description):
//   expr    := or
//   or      := and ( ("or" | "|") and )*
//   and     := seq ( ("and" | "&") seq )*
//   seq     := unary ( seq_op unary )*
//   seq_op  := "then" [ "(" INT ")" ]    right starts within N code points after left ends,
//                                         same clause (N defaults to 0: adjacent)
//            | "near" "(" INT ")"         right within N code points of left, same sentence
//            | "before" | "after"         right later / earlier in the same scope unit
//            | "not_after" "(" INT ")"    left's hits with no right ending within N code points
//                                         before them (same clause): negation scope per hit
//            | "not_before" "(" INT ")"   left's hits with no right starting within N after
//   unary   := "not" unary | primary
//   primary := STRING                     phrase, e.g. "不能" (JSON-style escapes \" \\ \n \t)
//            | "@" IDENT                  lexicon reference, e.g. @refusal_verbs
//            | "re" STRING                RE2 regex, e.g. re"不.{0,2}能"
//            | IDENT "(" expr ")"         position / form function, e.g. clause_start(@x)
//            | IDENT                      flag, e.g. question
//            | "(" expr ")"
//   IDENT   := [A-Za-z_][A-Za-z0-9_]*     (keywords and/or/not/then/near/before/after/re/
//                                          not_after/not_before excluded)
// Precedence, tightest first: not, sequence operators, and, or.  All binary operators are
// left-associative.  Whitespace (including newlines) separates tokens; `#` starts a comment
// to the end of the line.
#ifndef LIANGYAN_RULES_CONDITION_AST_H_
#define LIANGYAN_RULES_CONDITION_AST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace liangyan::rules {

struct ConditionNode {
  enum class Kind {
    kPhrase,     // text = the phrase (unescaped UTF-8)
    kLexicon,    // text = lexicon name (without '@')
    kRegex,      // text = the RE2 pattern (unescaped)
    kFlag,       // text = flag name
    kCall,       // text = function name; children = {argument}
    kNot,        // children = {operand}
    kAnd,        // children = {left, right}
    kOr,         // children = {left, right}
    kThen,       // children = {left, right}; distance = N (0 if not given)
    kNear,       // children = {left, right}; distance = N
    kBefore,     // children = {left, right}
    kAfter,      // children = {left, right}
    kNotAfter,   // children = {left, right}; distance = N
    kNotBefore,  // children = {left, right}; distance = N
  };
  Kind kind = Kind::kPhrase;
  std::string text;
  int distance = 0;
  std::vector<ConditionNode> children;
  uint32_t offset = 0;  // byte offset of the node's first token in the condition source
};

struct ConditionError {
  uint32_t offset = 0;  // byte offset in the source where parsing failed
  std::string message;  // e.g. "expected ')'" or "nesting deeper than 32"
};

// Parses `source`.  Nesting (parentheses, not, calls) deeper than `max_depth` is an error,
// never a stack overflow.  Returns false and fills *error on failure.  Thread-safe.
bool ParseCondition(std::string_view source, int max_depth, ConditionNode* out,
                    ConditionError* error);

}  // namespace liangyan::rules

#endif  // LIANGYAN_RULES_CONDITION_AST_H_
