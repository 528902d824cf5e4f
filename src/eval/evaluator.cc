#include "eval/evaluator.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>

namespace liangyan::eval {
namespace {

using Kind = rules::ConditionNode::Kind;
using match::Hit;

// The value of a condition in one scope unit: whether it holds, and where (its hits).  A
// condition can hold without a place (`not X`, `question`); it then has no hits.  The hits
// live on a stack (Scratch::values) rather than in a vector per value: a condition tree is
// evaluated depth first, so a node's children always sit on top of the stack, in order, and
// the node's own hits replace them.  That is what keeps a check free of allocations.
struct Value {
  bool truth = false;
  uint32_t begin = 0;  // hits: values[begin, end)
  uint32_t end = 0;
  bool empty() const { return begin == end; }
};

constexpr uint32_t kNotCached = ~0u;

uint32_t CodePointsBetween(const std::string& s, uint32_t from, uint32_t to) {
  uint32_t count = 0;
  for (uint32_t i = from; i < to; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool HitBefore(const Hit& a, const Hit& b) {
  return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
}

// Sorts hits[begin, end) by start (longest first on ties) and drops repeats; returns the new
// end.
uint32_t SortHits(std::vector<Hit>* hits, uint32_t begin, uint32_t end) {
  Hit* first = hits->data() + begin;
  Hit* last = hits->data() + end;
  std::sort(first, last, HitBefore);
  last = std::unique(
      first, last, [](const Hit& a, const Hit& b) { return a.begin == b.begin && a.end == b.end; });
  return static_cast<uint32_t>(last - hits->data());
}

bool InGroup(const rules::CompiledPack& pack, int id, int group) {
  for (int g : pack.GroupsOf(id)) {
    if (g == group) return true;
  }
  return false;
}

// Files pattern `id`'s hits, match.hits[first, + count), as present, less those that a
// shield covers (none when `shield` is false), in each of its groups (see
// Scratch::group_last).
void Keep(const rules::CompiledPack& pack, const Scratch& scratch, int id, uint32_t first,
          uint32_t count, bool shield) {
  if (shield && !scratch.shields.empty()) {
    Hit* const hits = scratch.match.hits.data() + first;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < count; ++i) {
      bool shielded = false;
      for (const Hit& s : scratch.shields) {
        if (s.begin <= hits[i].begin && hits[i].end <= s.end) {
          shielded = true;
          break;
        }
      }
      if (!shielded) hits[kept++] = hits[i];
    }
    count = kept;
  }
  if (count == 0) return;
  const auto position = static_cast<uint32_t>(scratch.present_ids.size());
  scratch.kept_at.push_back(Scratch::Range{first, count});
  scratch.present_ids.push_back(id);
  for (int g : pack.GroupsOf(id)) {
    if (!scratch.group_present[g]) scratch.present_groups.push_back(g);
    scratch.group_present[g] |= Scratch::kPresent;
    uint32_t& last = scratch.group_last[g];
    scratch.memberships.push_back(Scratch::Membership{position, last});
    last = static_cast<uint32_t>(scratch.memberships.size());
  }
}

// Searches the regexes not searched yet that belong to group `group`, so that its presence
// is exact.
void SearchPending(const rules::CompiledPack& pack, const Scratch& scratch, int group) {
  std::vector<int>& pending = scratch.pending;
  for (size_t i = 0; i < pending.size();) {
    const int r = pending[i];
    const int id = pack.matcher.regex_pattern(r);
    if (!InGroup(pack, id, group)) {
      ++i;
      continue;
    }
    pending[i] = pending.back();
    pending.pop_back();
    std::vector<Hit>& hits = scratch.match.hits;
    const auto first = static_cast<uint32_t>(hits.size());
    pack.matcher.SearchRegex(r, scratch.normalized.folded, scratch.match, &hits);
    Keep(pack, scratch, id, first, static_cast<uint32_t>(hits.size()) - first,
         !pack.is_protect[id]);
  }
  scratch.group_present[group] &= ~Scratch::kPending;
}

// group_hits_at for a group whose hits are one pattern's: kDirect | its position in present_ids.
constexpr uint32_t kDirect = 1u << 31;

// All hits of leaf group `group` over the whole text, sorted and distinct: the union of its
// patterns' hits after protection.  Computed once per text, on first use.  Valid until the
// next call (which may grow the arrays).
std::span<const Hit> GroupHits(const rules::CompiledPack& pack, const Scratch& scratch, int group) {
  uint32_t& at = scratch.group_hits_at[group];
  if (at == kNotCached) {
    if (scratch.group_present[group] & Scratch::kPending) SearchPending(pack, scratch, group);
    scratch.cached_groups.push_back(group);
    const uint32_t last = scratch.group_last[group];
    if (last != 0 && scratch.memberships[last - 1].previous == 0) {
      // One pattern: its hits are in order already (a phrase's by end, so by start, all of one
      // length; a regex's leftmost first, never overlapping) and distinct.  No copy needed.
      at = kDirect | scratch.memberships[last - 1].position;
    } else {
      std::vector<Hit>& out = scratch.group_hits;
      at = static_cast<uint32_t>(out.size());
      for (uint32_t m = last; m != 0;) {
        const Scratch::Membership& membership = scratch.memberships[m - 1];
        const Scratch::Range range = scratch.kept_at[membership.position];
        const Hit* hits = scratch.match.hits.data() + range.first;
        out.insert(out.end(), hits, hits + range.count);
        m = membership.previous;
      }
      const uint32_t end = SortHits(&out, at, static_cast<uint32_t>(out.size()));
      out.resize(end);
      scratch.group_hits_size[group] = end - at;
    }
  }
  if (at & kDirect) {
    const Scratch::Range range = scratch.kept_at[at & ~kDirect];
    return {scratch.match.hits.data() + range.first, range.count};
  }
  return {scratch.group_hits.data() + at, scratch.group_hits_size[group]};
}

// Whether group `group` has a hit inside `unit`, i.e. whether Leaf would hold there.
bool AnyHitWithin(const rules::CompiledPack& pack, const Scratch& scratch, int group,
                  parse::Span unit) {
  if (!scratch.group_present[group]) return false;
  const std::span<const Hit> hits = GroupHits(pack, scratch, group);
  const Hit* it = std::lower_bound(hits.data(), hits.data() + hits.size(), unit.begin,
                                   [](const Hit& h, uint32_t b) { return h.begin < b; });
  for (; it != hits.data() + hits.size() && it->begin < unit.end; ++it) {
    if (it->end <= unit.end) return true;
  }
  return false;
}

class UnitEvaluator {
 public:
  UnitEvaluator(const rules::CompiledPack& pack, const Scratch& scratch, parse::Span unit)
      : pack_(pack),
        scratch_(scratch),
        folded_(scratch.normalized.folded),
        structure_(scratch.structure),
        values_(scratch.values),
        unit_(unit) {}

  // Whether expression `index` holds, when where does not matter (a rule's exceptions):
  // `or` stops at the first side that holds, and leaves only look for one hit.
  bool Truth(int index) const {
    const rules::Expr& e = pack_.exprs[index];
    switch (e.kind) {
      case Kind::kPhrase:
      case Kind::kLexicon:
      case Kind::kRegex:
        return AnyHitWithin(pack_, scratch_, e.group, unit_);
      case Kind::kNot:
        return !Truth(e.left);
      case Kind::kAnd:
        return Truth(e.left) && Truth(e.right);
      case Kind::kOr:
        return Truth(e.left) || Truth(e.right);
      default: {
        const auto base = static_cast<uint32_t>(values_.size());
        const bool truth = Eval(index).truth;
        values_.resize(base);
        return truth;
      }
    }
  }

  // Evaluates expression `index`; its hits are pushed on the value stack (see Value).
  Value Eval(int index) const {
    const rules::Expr& e = pack_.exprs[index];
    const auto base = static_cast<uint32_t>(values_.size());
    switch (e.kind) {
      case Kind::kPhrase:
      case Kind::kLexicon:
      case Kind::kRegex:
        return Leaf(e.group, base);
      case Kind::kFlag: {
        if (e.flag == rules::Flag::kUnfinished) return Value{UnitUnfinished(), base, base};
        const bool question = UnitHasQuestion();
        return Value{e.flag == rules::Flag::kQuestion ? question : !question, base, base};
      }
      case Kind::kNot:  // holds without a place: only the operand's truth matters
        return Value{!Truth(e.left), base, base};
      case Kind::kAnd: {
        const Value left = Eval(e.left);
        if (!left.truth) return Drop(base);
        if (!left.empty()) {  // the place is the left side's: the right only has to hold
          if (!Truth(e.right)) return Drop(base);
          return left;
        }
        const Value right = Eval(e.right);
        if (!right.truth) return Drop(base);
        return MoveDown(right, base);
      }
      case Kind::kOr: {
        const Value left = Eval(e.left);
        const Value right = Eval(e.right);
        const uint32_t end = SortHits(&values_, base, right.end);
        values_.resize(end);
        return Value{left.truth || right.truth, base, end};
      }
      case Kind::kCall:
        return Positioned(e.position, Eval(e.left));
      case Kind::kThen:
      case Kind::kNear:
      case Kind::kBefore:
      case Kind::kAfter: {
        const Value left = Eval(e.left);
        const Value right = Eval(e.right);
        return Sequence(e, left, right, base);
      }
      case Kind::kNotAfter:
      case Kind::kNotBefore: {
        const Value left = Eval(e.left);
        const Value right = Eval(e.right);
        return Unscoped(e, left, right, base);
      }
    }
    return Drop(base);
  }

 private:
  Value Drop(uint32_t base) const {
    values_.resize(base);
    return Value{false, base, base};
  }

  // Moves `value`'s hits down to `base` (over the values below it).
  Value MoveDown(const Value& value, uint32_t base) const {
    const uint32_t size = value.end - value.begin;
    if (value.begin != base) {
      std::copy(values_.begin() + value.begin, values_.begin() + value.end, values_.begin() + base);
    }
    values_.resize(base + size);
    return Value{value.truth, base, base + size};
  }

  Value Leaf(int group, uint32_t base) const {
    if (!scratch_.group_present[group]) return Value{false, base, base};
    const std::span<const Hit> hits = GroupHits(pack_, scratch_, group);
    // Sorted by start: skip to the unit, stop past it (hits are never empty).
    const Hit* const end_of_hits = hits.data() + hits.size();
    const Hit* it = std::lower_bound(hits.data(), end_of_hits, unit_.begin,
                                     [](const Hit& h, uint32_t b) { return h.begin < b; });
    for (; it != end_of_hits && it->begin < unit_.end; ++it) {
      if (it->end <= unit_.end) values_.push_back(*it);
    }
    const auto end = static_cast<uint32_t>(values_.size());
    return Value{end > base, base, end};
  }

  bool UnitHasQuestion() const {
    for (uint32_t s = 0; s < structure_.sentences.size(); ++s) {
      const parse::Sentence& sentence = structure_.sentences[s];
      const bool overlaps = sentence.span.begin < unit_.end && unit_.begin < sentence.span.end + 1;
      if (overlaps && structure_.IsQuestion(folded_, s)) return true;
    }
    return false;
  }

  // The speaker broke off: the unit ends in a comma, an enumeration comma, an ellipsis or a
  // dash ("是这样，我的手机这两天一接电话就断线……").
  bool UnitUnfinished() const {
    uint32_t end = unit_.end;
    while (end > unit_.begin && folded_[end - 1] == ' ') --end;
    const std::string_view text(folded_.data() + unit_.begin, end - unit_.begin);
    for (std::string_view tail : {",", "、", "…", "...", "-", "—"}) {
      if (text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail) return true;
    }
    return false;
  }

  // Keeps the operand's hits at the position, in place.
  Value Positioned(rules::Position position, const Value& operand) const {
    uint32_t kept = operand.begin;
    for (uint32_t i = operand.begin; i < operand.end; ++i) {
      const Hit hit = values_[i];
      const parse::Clause& clause = structure_.clauses[structure_.ClauseAt(hit.begin)];
      const parse::Sentence& sentence = structure_.sentences[clause.sentence];
      const auto question = [&] { return structure_.IsQuestion(folded_, clause.sentence); };
      bool keep = false;
      switch (position) {
        case rules::Position::kClauseStart:
          keep = parse::TrimLeading(folded_, clause.span.begin, clause.span.end) == hit.begin;
          break;
        case rules::Position::kClauseEnd:
          keep = parse::TrimTrailingParticles(folded_, hit.begin, clause.span.end) == hit.end;
          break;
        case rules::Position::kSentenceStart:
          keep = parse::TrimLeading(folded_, sentence.span.begin, sentence.span.end) == hit.begin;
          break;
        case rules::Position::kSentenceEnd:
          keep = parse::TrimTrailingParticles(folded_, hit.begin, sentence.span.end) == hit.end;
          break;
        case rules::Position::kUtteranceStart: {
          const parse::Sentence& first = structure_.sentences.front();
          keep = parse::TrimLeading(folded_, first.span.begin, first.span.end) == hit.begin;
          break;
        }
        case rules::Position::kUtteranceEnd: {
          const parse::Sentence& last = structure_.sentences.back();
          keep = &sentence == &last &&
                 parse::TrimTrailingParticles(folded_, hit.begin, last.span.end) == hit.end;
          break;
        }
        case rules::Position::kInQuestion:
          keep = question();
          break;
        case rules::Position::kInStatement:
          keep = !question();
          break;
        case rules::Position::kNone:
          keep = true;
          break;
      }
      if (keep) values_[kept++] = hit;
    }
    values_.resize(kept);
    return Value{kept > operand.begin, operand.begin, kept};
  }

  // Right hits are sorted by begin, so each left hit only looks at the right hits inside a byte
  // window: a code point is at most 4 bytes, so N code points span at most 4N bytes.  Without
  // the window, 1,000 × 1,000 hits of a long input cost seconds per rule.
  uint32_t FirstAtOrAfter(const Value& hits, uint32_t begin) const {
    return static_cast<uint32_t>(
        std::lower_bound(values_.begin() + hits.begin, values_.begin() + hits.end, begin,
                         [](const Hit& h, uint32_t b) { return h.begin < b; }) -
        values_.begin());
  }

  // The new hits are written above both operands, then moved down over them.
  Value Sequence(const rules::Expr& e, const Value& left, const Value& right, uint32_t base) const {
    if (right.empty()) return Drop(base);
    const uint32_t window = 4 * static_cast<uint32_t>(std::max(e.distance, 0));
    uint32_t longest = 0, max_begin = 0, min_end = UINT32_MAX;
    for (uint32_t i = right.begin; i < right.end; ++i) {
      const Hit& r = values_[i];
      longest = std::max(longest, r.end - r.begin);
      max_begin = std::max(max_begin, r.begin);
      min_end = std::min(min_end, r.end);
    }
    const uint32_t out = right.end;
    for (uint32_t li = left.begin; li < left.end; ++li) {
      const Hit l = values_[li];
      switch (e.kind) {
        case Kind::kThen: {
          for (uint32_t i = FirstAtOrAfter(right, l.end);
               i < right.end && values_[i].begin <= l.end + window; ++i) {
            const Hit r = values_[i];
            if (structure_.ClauseAt(l.begin) == structure_.ClauseAt(r.begin) &&
                CodePointsBetween(folded_, l.end, r.begin) <= static_cast<uint32_t>(e.distance)) {
              values_.push_back(Hit{l.begin, r.end});
              break;
            }
          }
          break;
        }
        case Kind::kNear: {
          const uint32_t from = l.begin > window + longest ? l.begin - window - longest : 0;
          for (uint32_t i = FirstAtOrAfter(right, from);
               i < right.end && values_[i].begin <= l.end + window; ++i) {
            const Hit r = values_[i];
            if (structure_.SentenceAt(l.begin) != structure_.SentenceAt(r.begin)) continue;
            uint32_t gap = 0;
            if (r.begin >= l.end) {
              gap = CodePointsBetween(folded_, l.end, r.begin);
            } else if (l.begin >= r.end) {
              gap = CodePointsBetween(folded_, r.end, l.begin);
            }
            if (gap <= static_cast<uint32_t>(e.distance)) {
              values_.push_back(l);
              break;
            }
          }
          break;
        }
        case Kind::kBefore:
          if (max_begin >= l.end) values_.push_back(l);
          break;
        case Kind::kAfter:
          if (min_end <= l.begin) values_.push_back(l);
          break;
        default:
          break;
      }
    }
    const uint32_t end = SortHits(&values_, out, static_cast<uint32_t>(values_.size()));
    values_.resize(end);
    return MoveDown(Value{end > out, out, end}, base);
  }

  // Keeps the left hits that no right hit governs: `无法 not_after(3) 如果` drops 无法 in
  // 如果无法签收 but keeps it in 无法签收.  Left hits are kept in place (the right ones lie
  // above them and are only read).
  Value Unscoped(const rules::Expr& e, const Value& left, const Value& right, uint32_t base) const {
    const auto limit = static_cast<uint32_t>(e.distance);
    const uint32_t window = 4 * limit;
    uint32_t longest = 0;
    for (uint32_t i = right.begin; i < right.end; ++i) {
      longest = std::max(longest, values_[i].end - values_[i].begin);
    }
    uint32_t kept = base;
    for (uint32_t li = left.begin; li < left.end; ++li) {
      const Hit l = values_[li];
      bool governed = false;
      // A governing right hit lies within `window` bytes before (not_after) or after
      // (not_before) the left hit.
      const uint32_t from = e.kind == Kind::kNotAfter
                                ? (l.begin > window + longest ? l.begin - window - longest : 0)
                                : l.end;
      const uint32_t to = e.kind == Kind::kNotAfter ? l.begin : l.end + window;
      for (uint32_t i = FirstAtOrAfter(right, from);
           i < right.end && values_[i].begin <= to && !governed; ++i) {
        const Hit r = values_[i];
        if (structure_.ClauseAt(l.begin) != structure_.ClauseAt(r.begin)) continue;
        if (e.kind == Kind::kNotAfter) {
          governed = r.end <= l.begin && CodePointsBetween(folded_, r.end, l.begin) <= limit;
        } else {
          governed = r.begin >= l.end && CodePointsBetween(folded_, l.end, r.begin) <= limit;
        }
      }
      if (!governed) values_[kept++] = l;
    }
    values_.resize(kept);
    return Value{kept > base, base, kept};
  }

  const rules::CompiledPack& pack_;
  const Scratch& scratch_;
  const std::string& folded_;
  const parse::Structure& structure_;
  std::vector<Hit>& values_;
  parse::Span unit_;
};

// False when the condition cannot hold because a pattern it needs did not occur at all;
// saves evaluating most rules on most utterances.
bool MayHold(const rules::CompiledPack& pack, const Scratch& scratch, int index) {
  const rules::Expr& e = pack.exprs[index];
  switch (e.kind) {
    case Kind::kPhrase:
    case Kind::kLexicon:
    case Kind::kRegex:
      return scratch.group_present[e.group] != 0;
    case Kind::kFlag:
    case Kind::kNot:
      return true;
    case Kind::kOr:
      return MayHold(pack, scratch, e.left) || MayHold(pack, scratch, e.right);
    case Kind::kCall:
    case Kind::kNotAfter:
    case Kind::kNotBefore:
      return MayHold(pack, scratch, e.left);
    default:  // and, then, near, before, after: both sides are needed
      return MayHold(pack, scratch, e.left) && MayHold(pack, scratch, e.right);
  }
}

// MayHold for a rule's or credit's condition `when`, from its precomputed needs
// (CompiledRule::needs): the same answer, mostly without walking the condition's tree.
bool NeedsMet(const rules::CompiledPack& pack, int when, const std::vector<int>& needs,
              const Scratch& scratch) {
  if (!needs.empty() && needs[0] < 0) return MayHold(pack, scratch, when);
  const uint8_t* const present = scratch.group_present.data();
  for (size_t i = 0; i < needs.size();) {
    const auto length = static_cast<size_t>(needs[i]);
    bool met = false;
    for (size_t k = i + 1; k <= i + length && !met; ++k) met = present[needs[k]] != 0;
    if (!met) return false;
    i += length + 1;
  }
  return true;
}

// Files the phrases' hits as present, dropping those that lie inside an occurrence of a
// protected pattern (不好意思 shields 不好), and marks the groups they make present.  Regexes
// that protect are searched now, since their hits shield the others; the other regexes that
// passed the prefilter are left pending (see Scratch::group_present).  Clears only what the
// previous text set: per-pattern and per-group arrays are thousands of entries, of which a
// text touches a few dozen.
void ApplyProtection(const rules::CompiledPack& pack, Scratch* scratch) {
  scratch->present_ids.clear();
  scratch->memberships.clear();
  scratch->kept_at.clear();
  if (scratch->group_present.size() != pack.groups.size()) {
    scratch->group_present.assign(pack.groups.size(), 0);
    scratch->group_last.assign(pack.groups.size(), 0);
  } else {
    for (int g : scratch->present_groups) scratch->group_present[g] = scratch->group_last[g] = 0;
  }
  scratch->present_groups.clear();
  if (scratch->group_hits_at.size() != pack.groups.size()) {
    scratch->group_hits_at.assign(pack.groups.size(), kNotCached);
    scratch->group_hits_size.assign(pack.groups.size(), 0);
  } else {
    for (int g : scratch->cached_groups) scratch->group_hits_at[g] = kNotCached;
  }
  scratch->cached_groups.clear();
  scratch->group_hits.clear();

  match::MatchScratch& match = scratch->match;
  const match::Matcher& matcher = pack.matcher;
  std::vector<Hit>& shields = scratch->shields;
  shields.clear();
  for (int id : match.matched) {
    if (pack.is_protect[id]) {
      const auto hits = match.HitsOf(id);
      shields.insert(shields.end(), hits.begin(), hits.end());
    }
  }
  scratch->pending.clear();
  for (int r : match.regexes) {
    const int id = matcher.regex_pattern(r);
    if (!pack.is_protect[id]) {
      scratch->pending.push_back(r);
      continue;
    }
    const auto first = static_cast<uint32_t>(match.hits.size());
    matcher.SearchRegex(r, scratch->normalized.folded, match, &match.hits);
    shields.insert(shields.end(), match.hits.begin() + first, match.hits.end());
    Keep(pack, *scratch, id, first, static_cast<uint32_t>(match.hits.size()) - first,
         /*shield=*/false);
  }
  for (int id : match.matched) {
    Keep(pack, *scratch, id, match.slots[id].first, match.slots[id].count, !pack.is_protect[id]);
  }

  uint8_t* const group_present = scratch->group_present.data();
  std::vector<int>& present_groups = scratch->present_groups;
  for (int r : scratch->pending) {
    for (int g : pack.GroupsOf(matcher.regex_pattern(r))) {
      if (!group_present[g]) present_groups.push_back(g);
      group_present[g] |= Scratch::kPending;
    }
  }
}

parse::Span TrimmedUnit(const std::string& folded, parse::Span unit) {
  const uint32_t begin = parse::TrimLeading(folded, unit.begin, unit.end);
  return parse::Span{begin, std::max(begin, unit.end)};
}

}  // namespace

bool Prepare(const rules::CompiledPack& pack, std::string_view text, Scratch* scratch) {
  text::Normalize(text, &scratch->normalized);
  parse::Analyze(scratch->normalized, &scratch->structure);
  pack.matcher.ScanPhrases(scratch->normalized.folded, &scratch->match);
  ApplyProtection(pack, scratch);
  return true;
}

bool Holds(const rules::CompiledPack& pack, const Scratch& scratch, int expr, uint32_t* begin,
           uint32_t* end) {
  if (!MayHold(pack, scratch, expr)) return false;
  const std::string& folded = scratch.normalized.folded;
  const parse::Span whole{0, static_cast<uint32_t>(folded.size())};
  scratch.values.clear();
  const Value value = UnitEvaluator(pack, scratch, whole).Eval(expr);
  if (!value.truth) return false;
  const parse::Span where = value.empty() ? TrimmedUnit(folded, whole)
                                          : parse::Span{scratch.values[value.begin].begin,
                                                        scratch.values[value.begin].end};
  if (begin) *begin = where.begin;
  if (end) *end = where.end;
  return true;
}

namespace {

// Whether some group in `groups` has a hit inside `unit` (as Leaf would keep it).
bool AnyHitWithin(const rules::CompiledPack& pack, const Scratch& scratch,
                  const std::vector<int>& groups, parse::Span unit) {
  for (int g : groups) {
    if (AnyHitWithin(pack, scratch, g, unit)) return true;
  }
  return false;
}

// The rules (or credits) whose condition may hold: those triggered by a group that occurred,
// and those that need none (rules::CompiledPack::rules_of_group), in pack order.
void Candidates(const match::FlatLists& of_group, const std::vector<int>& always, size_t count,
                Scratch* scratch) {
  // A bit per rule, read out in order: no sort, and no test before each set.
  std::vector<uint64_t>& bits = scratch->candidate_bits;
  if (bits.size() < (count + 63) / 64) bits.resize((count + 63) / 64, 0);
  uint64_t* const words = bits.data();
  for (int g : scratch->present_groups) {
    for (int r : of_group[g]) words[r >> 6] |= uint64_t{1} << (r & 63);
  }
  for (int r : always) words[r >> 6] |= uint64_t{1} << (r & 63);
  std::vector<int>& out = scratch->candidates;
  out.clear();
  for (size_t w = 0; w < (count + 63) / 64; ++w) {
    for (uint64_t word = words[w]; word != 0; word &= word - 1) {
      out.push_back(static_cast<int>(w * 64 + static_cast<size_t>(std::countr_zero(word))));
    }
    words[w] = 0;
  }
}

}  // namespace

bool Evaluate(const rules::CompiledPack& pack, std::string_view text, Scratch* scratch,
              std::vector<RawFinding>* findings, std::vector<RawCredit>* credits) {
  findings->clear();
  credits->clear();
  if (!Prepare(pack, text, scratch)) return false;

  const parse::Structure& structure = scratch->structure;
  const std::string& folded = scratch->normalized.folded;
  const parse::Span whole{0, static_cast<uint32_t>(folded.size())};
  std::vector<Hit>& values = scratch->values;

  Candidates(pack.rules_of_group, pack.unconditional_rules, pack.rules.size(), scratch);
  for (int r : scratch->candidates) {
    const rules::CompiledRule& rule = pack.rules[r];
    if (!NeedsMet(pack, rule.when, rule.needs, *scratch)) continue;
    auto check_unit = [&](parse::Span unit, uint32_t sentence) {
      // The condition can only hold where one of its trigger groups has a hit (the argument
      // of CompiledPack::rules_of_group, within the unit): most units of most rules stop here.
      if (!rule.triggers.empty() && !AnyHitWithin(pack, *scratch, rule.triggers, unit)) return;
      values.clear();
      UnitEvaluator evaluator(pack, *scratch, unit);
      const Value value = evaluator.Eval(rule.when);
      if (!value.truth) return;
      if (rule.unless >= 0 && evaluator.Truth(rule.unless)) return;
      const parse::Span where =
          value.empty() ? TrimmedUnit(folded, unit)
                        : parse::Span{values[value.begin].begin, values[value.begin].end};
      findings->push_back(RawFinding{r, where.begin, where.end,
                                     value.empty() ? sentence : structure.SentenceAt(where.begin)});
    };
    switch (rule.spec.scope) {
      case rules::Scope::kClause:
        for (const parse::Clause& clause : structure.clauses)
          check_unit(clause.span, clause.sentence);
        break;
      case rules::Scope::kSentence:
        for (uint32_t s = 0; s < structure.sentences.size(); ++s) {
          const parse::Sentence& sentence = structure.sentences[s];
          // The unit includes the closing punctuation, so `question` sees a final '?'.
          check_unit(parse::Span{sentence.span.begin, sentence.terminator.end}, s);
        }
        break;
      case rules::Scope::kUtterance:
        check_unit(whole, static_cast<uint32_t>(structure.sentences.size() - 1));
        break;
    }
  }
  Candidates(pack.credits_of_group, pack.unconditional_credits, pack.credits.size(), scratch);
  for (int c : scratch->candidates) {
    const rules::CompiledCredit& credit = pack.credits[c];
    if (!NeedsMet(pack, credit.when, credit.needs, *scratch)) continue;
    values.clear();
    const Value value = UnitEvaluator(pack, *scratch, whole).Eval(credit.when);
    if (!value.truth) continue;
    const parse::Span where = value.empty()
                                  ? TrimmedUnit(folded, whole)
                                  : parse::Span{values[value.begin].begin, values[value.begin].end};
    credits->push_back(RawCredit{c, where.begin, where.end});
  }
  // Usually in order already; stable_sort would allocate a buffer all the same.
  const auto by_begin = [](const RawFinding& a, const RawFinding& b) { return a.begin < b.begin; };
  if (!std::is_sorted(findings->begin(), findings->end(), by_begin)) {
    std::stable_sort(findings->begin(), findings->end(), by_begin);
  }
  return true;
}

}  // namespace liangyan::eval
