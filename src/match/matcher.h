// Every phrase and regex of a pack, found in one pass: an Aho-Corasick automaton reports each
// phrase's occurrences directly, and also the literal pieces ("atoms") each regex needs
// (RegexPrefilter); only the regexes whose atoms occurred are searched, each with its own RE2.
// Never one regex call per rule per utterance, nor one DFA over all patterns.
#ifndef LIANGYAN_MATCH_MATCHER_H_
#define LIANGYAN_MATCH_MATCHER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match/aho_corasick.h"
#include "match/regex_prefilter.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace liangyan::match {

struct Hit {
  uint32_t begin;  // byte offsets into the scanned (folded) text
  uint32_t end;
};

// Per-call working memory; reuse one per thread to avoid allocation in steady state.
struct MatchScratch {
  std::vector<int> matched;  // pattern ids found (ascending)
  // The hits of pattern `id` (a matched one) in text order.  One array for all patterns,
  // grouped by pattern: a vector per pattern scattered thousands of small blocks over the
  // heap, and the cache misses cost more than the matching.
  std::span<const Hit> HitsOf(int id) const {
    return {hits.data() + slots[id].first, slots[id].count};
  }

  std::vector<Hit> hits;
  // Per pattern, together so that a pattern found costs one cache line, not three.
  struct Slot {
    uint32_t first = 0;  // its hits' offset in `hits` (matched ids only)
    uint32_t count = 0;  // how many (matched ids only)
    uint32_t seen = 0;   // in `matched` (0 between calls)
  };
  std::vector<Slot> slots;
  std::vector<std::pair<uint32_t, Hit>> found;  // (pattern, hit) as the automaton reports them
  std::vector<int> atoms;                       // prefilter atoms found
  std::vector<uint8_t> atom_seen;               // per atom: found in the last text scanned
  std::vector<uint32_t> atom_last;              // per atom: where its last occurrence begins
  std::vector<int> regexes;                     // regexes that passed the prefilter (ascending)
  std::vector<uint8_t> regex_mark;              // per regex (all 0 between calls)
};

class Matcher {
 public:
  Matcher();
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Registers a pattern before Compile; identical patterns share one id.
  int AddLiteral(std::string_view phrase);
  // Returns -1 and fills *error when RE2 rejects the pattern.
  int AddRegex(std::string_view pattern, std::string* error);

  // Builds the automaton and the regexes' prefilter.  `max_mem` bounds the RE2 memory of all
  // regexes together (LY_OPT_REGEX_MAX_MEM); false (with *error) when they do not fit.
  bool Compile(int64_t max_mem, std::string* error);

  size_t pattern_count() const { return patterns_.size(); }
  // Read-only view of pattern `id` (0 <= id < pattern_count()): its text as registered (a
  // folded phrase or an RE2 regex).  Lets tools export exactly what the pack matches.
  const std::string& pattern_text(int id) const;
  bool pattern_is_literal(int id) const;

  // Finds every phrase occurring in `text` (valid UTF-8): scratch->matched lists their ids
  // (ascending) and scratch->HitsOf(id) their occurrences in text order, overlapping ones
  // included.  Regexes are left to the caller, who searches one only when it needs its
  // answer (most regexes that pass the prefilter serve rules that cannot hold anyway):
  // scratch->regexes lists those that may match (their atoms occurred), for SearchRegex.
  void ScanPhrases(std::string_view text, MatchScratch* scratch) const;
  // Appends the matches of regex `r` (an entry of scratch.regexes) in `text`, each leftmost
  // match and searching on after its end, to *out; `scratch` as ScanPhrases left it for this same
  // text.  True if the regex matched at all (a match may be empty, and is then not appended).
  bool SearchRegex(int r, std::string_view text, const MatchScratch& scratch,
                   std::vector<Hit>* out) const;
  // The pattern id of regex `r`.
  int regex_pattern(int r) const { return regex_pattern_[r]; }

  // Bytes held by the phrase automaton.
  size_t automaton_bytes() const { return automaton_.MemoryBytes(); }

 private:
  struct Pattern {
    std::string text;
    bool literal;
    std::unique_ptr<re2::RE2> regex;  // until Compile moves it to regexes_
    int64_t budget = 0;               // its max_mem
  };

  std::vector<Pattern> patterns_;
  std::unordered_map<std::string, int> literal_ids_;
  std::unordered_map<std::string, int> regex_ids_;
  AhoCorasick automaton_;  // phrases (value: pattern id) and atoms (value: kAtom + atom)
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  std::vector<int> regex_pattern_;  // regex index -> pattern id
  RegexPrefilter prefilter_;
};

}  // namespace liangyan::match

#endif  // LIANGYAN_MATCH_MATCHER_H_
