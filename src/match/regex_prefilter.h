// Which regexes could match a text, from the literal pieces ("atoms") each regex needs: for
// `(根据|依据)[^,.!?]{1,12}(规定|政策)` the text must hold 根据 or 依据, and 规定 or 政策.  The
// matcher's automaton finds the atoms with the phrases, in the same pass; only the regexes
// whose condition holds are searched with RE2.
//
// The condition is necessary, never sufficient: syntax the analysis does not follow makes a
// part of the regex require nothing (or the whole regex always a candidate), which costs a
// search but can never lose a match.  Case-insensitive parts require lower-case atoms, which
// is only sound on text without case-folding characters: Candidates takes that into account.
#ifndef LIANGYAN_MATCH_REGEX_PREFILTER_H_
#define LIANGYAN_MATCH_REGEX_PREFILTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match/flat_lists.h"
#include "match/prefilter_parser.h"

namespace liangyan::match {

class RegexPrefilter {
 public:
  // Analyses regex number `regex_count()` (valid RE2 syntax, as RE2 accepted it).
  void Add(std::string_view pattern);
  size_t regex_count() const { return regexes_.size(); }

  // Done adding: lays out the look-up tables for Candidates.
  void Finish();

  // The distinct non-empty atoms to look for; atom ids are indices into this.
  const std::vector<std::string>& atoms() const { return atoms_; }

  // Sets *out to the regexes (ascending) that may match `text`, in which exactly the atoms
  // with present[a] != 0 occur (`found` lists them).  `case_folds`: the text holds letters
  // that lower-casing changes.  *mark: per-regex scratch, all zero before and after.
  void Candidates(std::string_view text, const uint8_t* present, const std::vector<int>& found,
                  bool case_folds, std::vector<int>* out, std::vector<uint8_t>* mark) const;

  // Whether regex `r` may still match at or after byte `from`, given where each present atom
  // last begins (last_begin[a], valid where present[a] != 0): a match holds its atoms.
  bool MayMatchFrom(size_t r, const uint8_t* present, const uint32_t* last_begin,
                    uint32_t from) const {
    return Holds(regexes_[r].root, [&](uint32_t a) { return present[a] && last_begin[a] >= from; });
  }

  // True when `pattern` is a plain string (ordinary characters, escaped punctuation,
  // one-character classes such as [?]) that cannot overlap itself: its matches are then
  // exactly the string's occurrences, which the automaton finds without RE2.
  static bool PlainString(std::string_view pattern, std::string* literal);

  // For tests and tools: whether regex `r` is searched whatever the text.
  bool always(size_t r) const { return regexes_[r].root == kTrue && regexes_[r].starts.empty(); }

 private:
  static constexpr uint32_t kTrue = 0;  // node 0: the condition that always holds
  using Kind = FormulaKind;
  struct Node {
    Kind kind = Kind::kTrue;
    uint32_t atom = 0;         // kAtom
    uint32_t first_child = 0;  // kAnd, kOr: node indices in children_[first_child, +count);
    uint32_t child_count = 0;  // kAnyAtom: atom ids there
  };
  struct Regex {
    uint32_t root = kTrue;
    bool case_insensitive = false;  // some atom was lower-cased
    // For a regex that can only match at the start of the text: strings one of which the
    // text must begin with (empty: no such condition).
    std::vector<std::string> starts;
    std::vector<char32_t> start_characters;  // their first characters (sorted; empty: any)
  };

  // Whether the condition at `node` holds when atom a occurs iff occurs(a).
  template <typename Occurs>
  bool Holds(uint32_t index, const Occurs& occurs) const {
    const Node& node = nodes_[index];
    switch (node.kind) {
      case Kind::kTrue:
        return true;
      case Kind::kAtom:
        return occurs(node.atom);
      case Kind::kAnd:
        for (uint32_t i = 0; i < node.child_count; ++i) {
          if (!Holds(children_[node.first_child + i], occurs)) return false;
        }
        return true;
      case Kind::kOr:
        for (uint32_t i = 0; i < node.child_count; ++i) {
          if (Holds(children_[node.first_child + i], occurs)) return true;
        }
        return false;
      case Kind::kAnyAtom:
        for (uint32_t i = 0; i < node.child_count; ++i) {
          if (occurs(children_[node.first_child + i])) return true;
        }
        return false;
    }
    return true;
  }
  // Appends atoms one of which must occur for `node` to hold, preferring rare ones; returns
  // an estimate of how often that happens.  Moves each AND's chosen child first.
  double Triggers(uint32_t node, std::vector<uint32_t>* out);
  double AtomCost(uint32_t atom) const;
  static bool StartsRight(const Regex& regex, std::string_view text);
  uint32_t AtomId(const std::string& atom);

  std::vector<Node> nodes_{Node{}};
  std::vector<uint32_t> children_;
  std::vector<Regex> regexes_;
  std::vector<std::string> atoms_;
  std::unordered_map<std::string, uint32_t> atom_ids_;
  std::vector<std::vector<int>> regexes_of_atom_;  // atom -> regexes it triggers
  FlatLists triggered_;                // the same lists in one array, read by Candidates
  std::vector<uint8_t> triggers_any_;  // per atom: its list is not empty (a small, hot table)
  std::vector<int> unconditional_;     // regexes whose condition always holds
  std::vector<int> anchored_;          // regexes with a start condition
  std::vector<int> case_insensitive_;
};

}  // namespace liangyan::match

#endif  // LIANGYAN_MATCH_REGEX_PREFILTER_H_
