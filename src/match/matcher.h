// All phrases and regexes of a pack in one RE2::Set: one pass tells which patterns occur, then
// positions are found only for those (never one regex call per rule per utterance).
#ifndef LIANGYAN_MATCH_MATCHER_H_
#define LIANGYAN_MATCH_MATCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>


namespace liangyan::match {

struct Hit {
  uint32_t begin;  // byte offsets into the scanned (folded) text
  uint32_t end;
};

// Per-call working memory; reuse one per thread to avoid allocation in steady state.
struct MatchScratch {
  std::vector<int> matched;                  // pattern ids found by the sets
  std::vector<int> set_ids;                  // indices reported by one set
  std::vector<std::vector<Hit>> hits;        // hits[pattern id], valid for matched ids only
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

  // Builds the set.  False (with *error) when RE2 runs out of its memory budget.
  bool Compile(int64_t max_mem, std::string* error);

  size_t pattern_count() const { return patterns_.size(); }
  // Read-only view of pattern `id` (0 <= id < pattern_count()): its text as registered (a
  // folded phrase or an RE2 regex).  Lets tools export exactly what the pack matches.
  const std::string& pattern_text(int id) const;
  bool pattern_is_literal(int id) const;

  // Finds every pattern occurring in `text`: scratch->matched lists their ids (ascending) and
  // scratch->hits[id] their non-overlapping-from-each-start occurrences in text order.
  // Returns false if RE2's DFA ran out of memory (the text was too large for the budget).
  bool Scan(std::string_view text, MatchScratch* scratch) const;

 private:
  struct Pattern {
    std::string text;
    bool literal;
    std::unique_ptr<re2::RE2> regex;  // positions of regex patterns
  };
  std::vector<Pattern> patterns_;
  std::unordered_map<std::string, int> literal_ids_;
  std::unordered_map<std::string, int> regex_ids_;
  // Phrases and regexes in separate sets: a few broad regexes (any run of Han characters) in
  // the same automaton as thousands of phrases multiply its states; apart, each stays small.
  struct PatternSet {
    std::unique_ptr<re2::RE2::Set> set;
    std::vector<int> ids;  // set index -> pattern id
  };
  bool CompileSet(bool literal, int64_t max_mem, PatternSet* out, std::string* error);
  bool MatchSet(const PatternSet& set, std::string_view text, std::vector<int>* scratch_ids,
                std::vector<int>* matched) const;
  PatternSet literal_set_;
  PatternSet regex_set_;
};

}  // namespace liangyan::match

#endif  // LIANGYAN_MATCH_MATCHER_H_
