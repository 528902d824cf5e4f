// Reads a regex in RE2's syntax for what any match of it must contain: the condition over
// literal strings ("atoms") that RegexPrefilter evaluates, and, for a regex anchored at the
// start of the text, the strings one of which the text must begin with.
#ifndef LIANGYAN_MATCH_PREFILTER_PARSER_H_
#define LIANGYAN_MATCH_PREFILTER_PARSER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace liangyan::match {

enum class FormulaKind : uint8_t { kTrue, kAtom, kAnd, kOr, kAnyAtom };

// A node of the condition: an atom that must occur, or all / any of its children.
struct Formula {
  FormulaKind kind;
  std::string atom;           // kAtom
  std::vector<int> children;  // kAnd, kOr: indices into ParsedPrefilter::formulas
};

struct ParsedPrefilter {
  static constexpr int kTrue = -1;    // the condition that always holds
  int root = kTrue;                   // index into formulas, or kTrue
  std::vector<Formula> formulas;      // a tree (no node has two parents)
  std::vector<std::string> prefixes;  // empty: no start condition
  bool lowered = false;  // case-insensitive parts: atoms are lower case (sound only on text
                         // without letters that lower-casing changes)
};

// False for syntax the analysis does not follow: *out is then the condition that always
// holds.  The condition is necessary, never sufficient.
bool ParsePrefilter(std::string_view pattern, ParsedPrefilter* out);

// True for ASCII letters and digits (escapes of those are not literal characters).
bool IsAsciiAlnumChar(char c);

}  // namespace liangyan::match

#endif  // LIANGYAN_MATCH_PREFILTER_PARSER_H_
