// The engine: a compiled rule pack plus limits.  Immutable after Create, so one engine serves
// any number of threads; all per-call state lives in the call.
#ifndef LIANGYAN_CORE_ENGINE_H_
#define LIANGYAN_CORE_ENGINE_H_

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/limits.h"
#include "core/result.h"
#include "liangyan/liangyan.h"
#include "rewrite/rewriter.h"

namespace liangyan {

namespace rules {
struct CompiledPack;
}
namespace eval {
struct Scratch;
struct RawFinding;
}  // namespace eval

struct PackSource {
  std::string name;  // for messages: a file path or "pack #2"
  std::string data;
};

struct EngineOptions {
  Limits limits;
  bool use_default_pack = true;
  std::vector<PackSource> packs;
};

class Engine {
 public:
  // Loads the default pack (unless disabled) and every added pack, compiles them.
  static ly_status Create(const EngineOptions& options, std::unique_ptr<Engine>* out,
                          std::string* error);

  // Checks one UTF-8 utterance.  Thread-safe.
  ly_status Check(std::string_view text, const rewrite::SlotValues& slots, Result* out) const;

  // Checks text in a legacy charset; spans become byte offsets into `bytes`.  Thread-safe.
  ly_status CheckEncoded(std::string_view charset, std::string_view bytes,
                         const rewrite::SlotValues& slots, Result* out, std::string* error) const;

  const Limits& limits() const { return limits_; }
  const rules::CompiledPack& pack() const { return *pack_; }
  std::shared_ptr<const rules::CompiledPack> shared_pack() const { return pack_; }
  // The pack, to be held by a result.  Results copy and release this on every check: from a
  // handle per thread (of several), so that threads sharing the engine do not bounce one
  // reference count between their caches.
  const std::shared_ptr<const rules::CompiledPack>& result_pack() const;
  const std::string& info(ly_info key) const;

 private:
  Engine() = default;
  ly_status CheckValid(std::string_view text, const rewrite::SlotValues& slots, Result* out) const;

  // Rewrites in up to kRewriteRounds rounds (a fix can expose or cause another finding) and
  // scores the result honestly by checking it again.  False when there is no candidate:
  // no round changed the text, a check ran out of memory, or (with `settle`) a check of the
  // result would rewrite it again.  Without `settle`, only out's text, score and fixes are
  // filled (what WorthOffering reads).  *first_round_texts (may be null) receives what round
  // 0 wrote for each finding.
  static constexpr int kRewriteRounds = 3;
  class EvaluationMemo;
  bool BuildCandidate(std::string_view text, const eval::Scratch& first,
                      const std::vector<eval::RawFinding>& raw, const rewrite::SlotValues& slots,
                      rewrite::Mode mode, bool settle, EvaluationMemo* memo, Rewrite* out,
                      std::vector<std::string>* first_round_texts) const;

  // Whether Check offers `candidate`, a rewrite of `text` (which scores `score`).
  static bool WorthOffering(const Rewrite& candidate, std::string_view text, int score);

  // True when checking `text` (already evaluated into `scratch`) would offer a rewrite of it:
  // a candidate that is not a fixed point of the engine is never offered.
  bool WouldRewriteAgain(std::string_view text, const eval::Scratch& scratch,
                         const std::vector<eval::RawFinding>& findings, int score,
                         const rewrite::SlotValues& slots, EvaluationMemo* memo) const;

  // Working memory is recycled through a small lock-free pool owned by the engine, so a
  // steady stream of checks allocates no scratch and threads never wait for each other.
  // (Thread-local caches would tie memory to the host's threads and outlive the engine.)
  // Besides an evaluation's buffers, a pooled scratch keeps the rewriter's, for BuildCandidate.
  struct CheckScratch : eval::Scratch {
    rewrite::Plan plan;
    rewrite::EditTrail trail;
  };
  std::unique_ptr<CheckScratch> AcquireScratch() const;
  void ReleaseScratch(std::unique_ptr<CheckScratch> scratch) const;
  class PooledScratch;  // one taken from the pool for a scope
  // A check holds up to three scratches of its own and four in its EvaluationMemo.
  static constexpr size_t kPoolSize = 32;
  // Aligned so that each thread's eight home slots (HomeSlot) fill one cache line of their own.
  alignas(64) mutable std::array<std::atomic<CheckScratch*>, kPoolSize> pool_{};

 public:
  ~Engine();

  std::shared_ptr<const rules::CompiledPack> pack_;
  static constexpr size_t kPackHandles = 8;
  std::array<std::shared_ptr<const rules::CompiledPack>, kPackHandles> pack_handles_;
  Limits limits_;
  std::string pack_id_, pack_version_, rule_count_, packs_;
};

}  // namespace liangyan

#endif  // LIANGYAN_CORE_ENGINE_H_
