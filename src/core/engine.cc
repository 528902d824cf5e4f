#include "core/engine.h"

#include <algorithm>

#include "core/analysis.h"
#include "eval/evaluator.h"
#include "eval/scorer.h"
#include "rules/compiler.h"
#include "rules/pack.h"
#include "rules/yaml_tree.h"
#include "text/charset.h"
#include "text/utf8.h"

namespace liangyan {

ly_status Engine::Create(const EngineOptions& options, std::unique_ptr<Engine>* out,
                         std::string* error) {
  rules::PackSpec spec;
  rules::PackError pack_error;
  // The embedded packs were parsed when the library was built (rules/yaml_tree.h).
  if (options.use_default_pack &&
      (!rules::LoadPackTree(kDefaultPackTree, kDefaultPack, "default.yaml", options.limits, &spec,
                            &pack_error) ||
       !rules::LoadPackTree(kConversationPackTree, kConversationPack, "conversation.yaml",
                            options.limits, &spec, &pack_error))) {
    *error = pack_error.message;
    return pack_error.status;
  }
  for (const PackSource& source : options.packs) {
    if (!rules::LoadPack(source.data, source.name, options.limits, &spec, &pack_error)) {
      *error = pack_error.message;
      return pack_error.status;
    }
  }
  if (spec.id.empty()) {
    *error = "no rule pack: the default pack is disabled and no pack was added";
    return LY_E_INVALID_ARGUMENT;
  }
  auto compiled = std::make_shared<rules::CompiledPack>();
  if (!rules::Compile(std::move(spec), options.limits, compiled.get(), &pack_error)) {
    *error = pack_error.message;
    return pack_error.status;
  }
  std::unique_ptr<Engine> engine(new Engine());
  engine->limits_ = options.limits;
  engine->pack_id_ = compiled->spec.id;
  engine->pack_version_ = compiled->spec.version;
  engine->rule_count_ = std::to_string(compiled->enabled_rule_count);
  for (const std::string& loaded : compiled->spec.loaded) {
    engine->packs_ += (engine->packs_.empty() ? "" : ",") + loaded;
  }
  engine->pack_ = std::move(compiled);
  // Each handle counts its results in a control block of its own, on a cache line of its own.
  struct alignas(64) PackOwner {
    std::shared_ptr<const rules::CompiledPack> pack;
  };
  for (auto& handle : engine->pack_handles_) {
    auto owner = std::make_shared<PackOwner>(PackOwner{engine->pack_});
    handle = std::shared_ptr<const rules::CompiledPack>(owner, owner->pack.get());
  }
  *out = std::move(engine);
  return LY_OK;
}

Engine::~Engine() {
  for (auto& slot : pool_) delete slot.exchange(nullptr);
}

namespace {

// A number per thread, in the order threads first check.
size_t ThreadNumber() {
  static std::atomic<size_t> next_thread{0};
  thread_local const size_t number = next_thread.fetch_add(1, std::memory_order_relaxed);
  return number;
}

// Where a thread starts looking in the scratch pool.  Threads start a cache line apart (eight
// slots), and look at a slot before writing it, so that two threads checking at once do not
// take the same line from each other on every call: on a shared engine that cost a fifth of a
// check's time.  Only an index is per thread; the memory stays the engine's.
size_t HomeSlot(size_t pool_size) { return ThreadNumber() * 8 % pool_size; }

}  // namespace

const std::shared_ptr<const rules::CompiledPack>& Engine::result_pack() const {
  return pack_handles_[ThreadNumber() % kPackHandles];
}

std::unique_ptr<Engine::CheckScratch> Engine::AcquireScratch() const {
  const size_t home = HomeSlot(kPoolSize);
  for (size_t i = 0; i < kPoolSize; ++i) {
    auto& slot = pool_[(home + i) % kPoolSize];
    if (slot.load(std::memory_order_relaxed) == nullptr) continue;
    if (CheckScratch* scratch = slot.exchange(nullptr, std::memory_order_acquire)) {
      return std::unique_ptr<CheckScratch>(scratch);
    }
  }
  return std::make_unique<CheckScratch>();
}

void Engine::ReleaseScratch(std::unique_ptr<CheckScratch> scratch) const {
  const size_t home = HomeSlot(kPoolSize);
  for (size_t i = 0; i < kPoolSize; ++i) {
    auto& slot = pool_[(home + i) % kPoolSize];
    if (slot.load(std::memory_order_relaxed) != nullptr) continue;
    CheckScratch* expected = nullptr;
    if (slot.compare_exchange_strong(expected, scratch.get(), std::memory_order_release)) {
      scratch.release();
      return;
    }
  }
  // Pool full (more threads than slots): let it go.
}

class Engine::PooledScratch {
 public:
  explicit PooledScratch(const Engine& engine)
      : engine_(engine), scratch_(engine.AcquireScratch()) {}
  ~PooledScratch() { engine_.ReleaseScratch(std::move(scratch_)); }
  PooledScratch(const PooledScratch&) = delete;
  PooledScratch& operator=(const PooledScratch&) = delete;
  CheckScratch* get() const { return scratch_.get(); }
  CheckScratch* operator->() const { return scratch_.get(); }
  CheckScratch& operator*() const { return *scratch_; }

 private:
  const Engine& engine_;
  std::unique_ptr<CheckScratch> scratch_;
};

// The evaluations one check has made, by text.  Candidates meet: restructuring the minimal
// candidate, to see whether it is final, often gives the restructured candidate again, and
// on the real corpus a fifth of the rewrites' evaluations were of a text already evaluated.
// Entries hold pooled scratches, so a steady stream of checks still allocates nothing; past
// kCapacity texts, evaluations go to the caller's scratch and are not remembered.
class Engine::EvaluationMemo {
 public:
  explicit EvaluationMemo(const Engine& engine) : engine_(engine) {}
  ~EvaluationMemo() {
    for (size_t i = 0; i < size_; ++i) engine_.ReleaseScratch(std::move(entries_[i]));
  }
  EvaluationMemo(const EvaluationMemo&) = delete;
  EvaluationMemo& operator=(const EvaluationMemo&) = delete;

  // `text` evaluated: findings and credits in the returned scratch's own vectors.  Null if
  // the evaluation failed.
  const eval::Scratch* Evaluate(std::string_view text, eval::Scratch* spare) {
    for (size_t i = 0; i < size_; ++i) {
      if (entries_[i]->evaluated_text == text) return ok_[i] ? entries_[i].get() : nullptr;
    }
    eval::Scratch* into = spare;
    if (size_ < kCapacity) {
      entries_[size_] = engine_.AcquireScratch();
      into = entries_[size_].get();
      into->evaluated_text.assign(text);
    }
    const bool ok = eval::Evaluate(*engine_.pack_, text, into, &into->findings, &into->credits);
    if (into != spare) ok_[size_++] = ok;
    return ok ? into : nullptr;
  }

 private:
  static constexpr size_t kCapacity = 4;
  const Engine& engine_;
  std::array<std::unique_ptr<CheckScratch>, kCapacity> entries_;
  std::array<bool, kCapacity> ok_{};
  size_t size_ = 0;
};

const std::string& Engine::info(ly_info key) const {
  static const std::string kEmpty;
  switch (key) {
    case LY_INFO_PACK_ID:
      return pack_id_;
    case LY_INFO_PACK_VERSION:
      return pack_version_;
    case LY_INFO_RULE_COUNT:
      return rule_count_;
    case LY_INFO_PACKS:
      return packs_;
  }
  return kEmpty;
}

ly_status Engine::Check(std::string_view text, const rewrite::SlotValues& slots,
                        Result* out) const {
  if (static_cast<int64_t>(text.size()) > limits_.max_input_bytes) return LY_E_INPUT_TOO_LARGE;
  if (static_cast<int64_t>(slots.size()) > limits_.max_slots) return LY_E_LIMIT;
  if (text::IsValidUtf8(text, nullptr)) {
    out->replaced_invalid = 0;
    return CheckValid(text, slots, out);
  }
  if (!limits_.replace_invalid_utf8) return LY_E_INVALID_UTF8;
  std::string repaired;
  const size_t replaced = text::ReplaceInvalidUtf8(text, &repaired);
  const ly_status status = CheckValid(repaired, slots, out);
  out->replaced_invalid = static_cast<uint32_t>(replaced);
  return status;
}

ly_status Engine::CheckValid(std::string_view text, const rewrite::SlotValues& slots,
                             Result* out) const {
  const rules::CompiledPack& pack = *pack_;
  const PooledScratch held(*this);
  eval::Scratch& scratch = *held;
  std::vector<eval::RawFinding>& raw = scratch.findings;
  std::vector<eval::RawCredit>& raw_credits = scratch.credits;
  if (!eval::Evaluate(pack, text, &scratch, &raw, &raw_credits)) return LY_E_LIMIT;

  FillAnalysis(result_pack(), text, scratch, raw, raw_credits, out);
  if (raw.empty() || limits_.max_rewrites == 0) return LY_OK;
  EvaluationMemo memo(*this);

  // Candidates: the minimal edit, and the restructured one where a rule says how to replace
  // the whole clause; each is rewritten in rounds until nothing with a strategy is left.
  const bool restructure = rewrite::HasRestructuring(pack, raw);
  const rewrite::Mode all_modes[] = {rewrite::Mode::kRestructured, rewrite::Mode::kMinimal};
  bool replacements_set = false;
  std::vector<std::string> first_round_texts;
  for (rewrite::Mode mode : all_modes) {
    if (mode == rewrite::Mode::kRestructured && !restructure) continue;
    Rewrite candidate;
    if (!BuildCandidate(text, scratch, raw, slots, mode, /*settle=*/true, &memo, &candidate,
                        &first_round_texts)) {
      continue;
    }
    if (!WorthOffering(candidate, text, out->score)) continue;
    bool duplicate = false;
    for (const Rewrite& r : out->rewrites) duplicate |= r.text == candidate.text;
    if (duplicate) continue;
    if (!replacements_set) {
      for (size_t i = 0; i < first_round_texts.size() && i < out->findings.size(); ++i) {
        out->findings[i].replacement = std::move(first_round_texts[i]);  // refilled if read again
      }
      replacements_set = true;
    }
    CodePointIndex edit_index(text);
    for (Edit& edit : candidate.edits) {
      edit.span.begin_cp = edit_index.At(edit.span.begin);
      edit.span.end_cp = edit_index.At(edit.span.end);
    }
    out->rewrites.push_back(std::move(candidate));
  }
  // Best first: the higher score, then the smaller change.  (Checked first: stable_sort
  // allocates a buffer even for two candidates in order.)
  const auto better = [](const Rewrite& a, const Rewrite& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.edits.size() < b.edits.size();
  };
  if (!std::is_sorted(out->rewrites.begin(), out->rewrites.end(), better)) {
    std::stable_sort(out->rewrites.begin(), out->rewrites.end(), better);
  }
  if (static_cast<int64_t>(out->rewrites.size()) > limits_.max_rewrites) {
    out->rewrites.resize(static_cast<size_t>(limits_.max_rewrites));
  }
  return LY_OK;
}

bool Engine::BuildCandidate(std::string_view text, const eval::Scratch& first,
                            const std::vector<eval::RawFinding>& raw,
                            const rewrite::SlotValues& slots, rewrite::Mode mode, bool settle,
                            EvaluationMemo* memo, Rewrite* out,
                            std::vector<std::string>* first_round_texts) const {
  const rules::CompiledPack& pack = *pack_;
  const PooledScratch work(*this);  // `current` and the other buffers below live in it
  rewrite::EditTrail& trail = work->trail;
  trail.Reset(text);
  std::string& current = work->text;
  current.assign(text);
  // Working vectors live in the pooled scratch, so that a check reuses their memory.
  std::vector<eval::RawFinding>& todo = work->todo;
  // The text as last evaluated, and what was found in it.
  const eval::Scratch* scratch = &first;
  const std::vector<eval::RawFinding>* findings = &raw;
  std::vector<std::pair<std::string, std::string>>& slots_seen = work->slots;
  slots_seen.clear();
  bool evaluated = true;
  if (first_round_texts) first_round_texts->assign(raw.size(), std::string());
  // A later round fixes what the earlier ones caused or exposed.  A rule already rewritten is
  // not rewritten again at a place it was already tried (if its own strategy did not remove
  // it, repeating would only stack), but its other occurrences are: a sentence fires once, so
  // the second 无法 of a sentence only shows once the first is gone.
  std::vector<uint8_t>& handled = work->rule_flags;  // per rule
  handled.assign(pack.rules.size(), 0);
  std::vector<eval::RawFinding>& attempted = work->attempts;  // begin, end: in the original
  attempted.clear();
  auto already_tried = [&](const eval::RawFinding& f, uint32_t* begin, uint32_t* end) {
    scratch->normalized.MapSpan(f.begin, f.end, begin, end);
    if (!trail.ToOriginal(*begin, *end, begin, end)) return true;  // on text we wrote
    for (const eval::RawFinding& a : attempted) {
      if (a.rule == f.rule && *begin < a.end && a.begin < *end) return true;
    }
    return false;
  };
  for (int round = 0; round < kRewriteRounds; ++round) {
    todo.clear();
    for (const eval::RawFinding& f : *findings) {
      uint32_t begin = 0, end = 0;
      if (handled[f.rule] && already_tried(f, &begin, &end)) continue;
      todo.push_back(f);
    }
    for (const eval::RawFinding& f : todo) {
      uint32_t begin = 0, end = 0;
      scratch->normalized.MapSpan(f.begin, f.end, &begin, &end);
      if (trail.ToOriginal(begin, end, &begin, &end)) attempted.push_back({f.rule, begin, end, 0});
      handled[f.rule] = 1;
    }
    if (todo.empty()) break;
    rewrite::Plan& plan = work->plan;
    rewrite::BuildRewrite(pack, current, *scratch, todo, slots, mode, &plan);
    if (plan.edits.empty() || plan.text == current) break;
    if (round == 0) {  // in round 0, todo is raw itself, so finding indices match
      for (const rewrite::PlannedEdit& edit : plan.edits) {
        if (edit.finding >= 0 && first_round_texts) {
          (*first_round_texts)[edit.finding] += edit.text;
        }
      }
    }
    trail.Apply(plan.edits);
    trail.TextInto(&current);
    for (auto& slot : plan.unfilled_slots) {
      bool seen = false;
      for (const auto& s : slots_seen) seen |= s.first == slot.first;
      if (!seen) slots_seen.push_back(std::move(slot));
    }
    const eval::Scratch* next = memo->Evaluate(current, work.get());
    evaluated = next != nullptr;
    if (!evaluated) break;
    scratch = next;
    findings = &next->findings;
  }
  // No candidate when a check failed or no round changed anything.
  if (!evaluated || scratch == &first) return false;
  out->score = eval::Score(pack, *findings, scratch->credits);
  // A rewrite the agent sends must be final: if checking it would rewrite it again, offering
  // it would send the agent round in circles, so it is not offered at all.
  const bool settled =
      !settle || !WouldRewriteAgain(current, *scratch, *findings, out->score, slots, memo);
  if (!settled) return false;
  out->text = current;
  // Rules still found in the result; the others were fixed (listed once, in pack order).
  std::vector<uint8_t>& still = work->rule_flags;
  still.assign(pack.rules.size(), 0);
  for (const eval::RawFinding& f : *findings) still[f.rule] = 1;
  for (const eval::RawFinding& f : raw) {
    if (still[f.rule] != 1) {  // every finding of a fixed rule counts as a fix
      ++out->fixes;
      still[f.rule] = 2;
    }
  }
  if (!settle) return true;  // enough for WorthOffering
  for (size_t rule = 0; rule < still.size(); ++rule) {
    if (still[rule] == 2) out->fixed_rules.push_back(pack.rules[rule].spec.id);
  }
  for (rewrite::PlannedEdit& planned : trail.Edits()) {
    Edit edit;
    edit.span.begin = planned.begin;
    edit.span.end = planned.end;
    edit.text = std::move(planned.text);
    out->edits.push_back(std::move(edit));
  }
  // Only slots still visible in the final text need the host's attention.
  for (auto& [name, marker] : slots_seen) {
    if (current.find(marker) != std::string::npos) out->slots.push_back(Slot{name, marker});
  }
  return true;
}

// A rewrite never scores worse than the input, and one that neither raises the score nor
// removes a finding is only noise (a question mark moved, nothing fixed).
bool Engine::WorthOffering(const Rewrite& candidate, std::string_view text, int score) {
  if (candidate.text == text) return false;
  return candidate.score > score || (candidate.score == score && candidate.fixes > 0);
}

bool Engine::WouldRewriteAgain(std::string_view text, const eval::Scratch& scratch,
                               const std::vector<eval::RawFinding>& findings, int score,
                               const rewrite::SlotValues& slots, EvaluationMemo* memo) const {
  const rules::CompiledPack& pack = *pack_;
  // Without a strategy for any finding, no candidate could differ from `text`.
  if (!rewrite::HasStrategy(pack, findings)) return false;
  const bool restructure = rewrite::HasRestructuring(pack, findings);
  const rewrite::Mode all_modes[] = {rewrite::Mode::kMinimal, rewrite::Mode::kRestructured};
  for (rewrite::Mode mode : all_modes) {
    if (mode == rewrite::Mode::kRestructured && !restructure) continue;
    Rewrite again;
    if (!BuildCandidate(text, scratch, findings, slots, mode, /*settle=*/false, memo, &again,
                        /*first_round_texts=*/nullptr))
      continue;
    if (WorthOffering(again, text, score)) return true;
  }
  return false;
}

ly_status Engine::CheckEncoded(std::string_view charset, std::string_view bytes,
                               const rewrite::SlotValues& slots, Result* out,
                               std::string* error) const {
  if (static_cast<int64_t>(bytes.size()) > limits_.max_input_bytes) return LY_E_INPUT_TOO_LARGE;
  text::DecodedText decoded;
  size_t bad = 0;
  switch (text::DecodeCharset(charset, bytes, &decoded, &bad)) {
    case text::DecodeStatus::kUnknownCharset:
      *error = "unknown charset '" + std::string(charset) + "' (GBK, GB18030, Big5, UTF-8)";
      return LY_E_ENCODING;
    case text::DecodeStatus::kUndecodable:
      *error = "byte " + std::to_string(bad) + " does not decode as " + std::string(charset);
      return LY_E_ENCODING;
    case text::DecodeStatus::kOk:
      break;
  }
  const ly_status status = CheckValid(decoded.utf8, slots, out);
  if (status != LY_OK) return status;
  // Spans become byte offsets into the caller's encoded bytes.
  auto remap = [&](Span* span) {
    span->begin = decoded.byte_map[span->begin];
    span->end = decoded.byte_map[span->end];
  };
  for (Finding& f : out->findings) remap(&f.span);
  for (Credit& c : out->credits) remap(&c.span);
  for (Rewrite& r : out->rewrites) {
    for (Edit& e : r.edits) remap(&e.span);
  }
  out->encoded_offsets = true;
  return LY_OK;
}

}  // namespace liangyan
