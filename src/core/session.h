// A streaming check of one utterance (ly_session): the host passes the whole text each time it
// grows or is revised (an agent typing, partial speech-recognition results) and reads the
// findings of the text as it stands.
//
// Every update must answer exactly what a one-shot Engine::Check of the same text would, so
// the session only reuses what provably cannot change:
//   - the whole previous result, when the text is byte-identical to the previous update's
//     (recognisers re-send unchanged partials; user interfaces re-render);
//   - UTF-8 validation of the unchanged prefix (only the bytes from the first change on are
//     validated again);
//   - its working memory and result storage, so that a steady stream of updates allocates
//     little and never touches the engine's shared scratch pool.
// Rewrites, the costliest stage (each candidate re-checks the text in up to three rounds), run
// only when an update asks for them.
//
// What it does not reuse, and why: normalisation, the clause split, the pattern scan and rule
// evaluation of an unchanged prefix all depend on the text after it.  Utterance-scope rules and
// credits read the whole text; `utterance_end` depends on which sentence is last; the
// segmented-transcript decision (spaces vs Han characters) and the script are counted over the
// whole text and change every clause split and fold; a sentence closes only once the next
// character shows its terminator run has ended ("。。", "3.5"); regex hits are found left to
// right from the start of the text and may span sentences; protection phrases may shield hits
// across a boundary.  Caching per-sentence rule results would need a fingerprint of everything
// a rule's condition reads in its unit, maintained in step with the evaluator.
#ifndef LIANGYAN_CORE_SESSION_H_
#define LIANGYAN_CORE_SESSION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/result.h"
#include "liangyan/liangyan.h"
#include "rewrite/rewriter.h"

namespace liangyan {

namespace eval {
struct Scratch;
struct RawFinding;
struct RawCredit;
}  // namespace eval

class Session {
 public:
  // How much an update computes.
  enum class Depth {
    kFindings,  // findings, credits, score, script: Engine::Check's result without rewrites
                // and with every finding's replacement empty
    kFull,      // exactly Engine::Check's result, rewrites included
  };

  // What the session did; tests and benchmarks read it to see that reuse happened.
  struct Stats {
    uint64_t updates = 0;          // successful updates
    uint64_t unchanged = 0;        // of which answered from the previous result, without work
    uint64_t evaluations = 0;      // findings-only analyses run
    uint64_t full_checks = 0;      // Engine::Check runs (with rewrites)
    uint64_t validated_bytes = 0;  // bytes UTF-8-validated (changed suffixes only)
  };

  // Every update writes into *result, which must outlive the session and which nothing else
  // may modify (the session answers unchanged text from it).  `engine` must outlive the
  // session too.
  Session(const Engine& engine, Result* result);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Checks `text`, the utterance as it stands now.  `slots` fill rewrite slots (kFull only;
  // their count is limited as in Engine::Check either way).  Returns the status Engine::Check
  // would; on failure the session forgets its text, as after Reset().
  ly_status Update(std::string_view text, const rewrite::SlotValues& slots, Depth depth);

  // Forgets the text (the next update starts a new utterance) but keeps the memory.
  void Reset();

  const Stats& stats() const { return stats_; }

 private:
  // Length of the prefix of `text` known to be valid UTF-8 and to end on a character boundary,
  // from what the previous update validated.
  size_t ValidatedPrefix(std::string_view text) const;
  ly_status Analyse(std::string_view checked, uint32_t replaced);
  void DropRewrites();

  const Engine& engine_;
  Result* const result_;
  std::unique_ptr<eval::Scratch> scratch_;
  std::vector<eval::RawFinding> raw_findings_;
  std::vector<eval::RawCredit> raw_credits_;
  std::string repaired_;  // the text with U+FFFD, under LY_INVALID_UTF8_REPLACE

  // State of the previous successful update.
  bool has_result_ = false;
  bool has_rewrites_ = false;
  std::string text_;           // the caller's bytes as passed
  size_t valid_prefix_ = 0;    // bytes of text_ known to be valid UTF-8
  rewrite::SlotValues slots_;  // the slots the rewrites were made with
  Stats stats_;
};

}  // namespace liangyan

#endif  // LIANGYAN_CORE_SESSION_H_
