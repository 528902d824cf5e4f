#include "eval/evaluator.h"

#include <algorithm>
#include <cstdint>

namespace liangyan::eval {
namespace {

using Kind = rules::ConditionNode::Kind;
using match::Hit;

// The value of a condition in one scope unit: whether it holds, and where (its hits).  A
// condition can hold without a place (`not X`, `question`); its hits are then empty.
struct Value {
  bool truth = false;
  std::vector<Hit> hits;
};

uint32_t CodePointsBetween(const std::string& s, uint32_t from, uint32_t to) {
  uint32_t count = 0;
  for (uint32_t i = from; i < to; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

class UnitEvaluator {
 public:
  UnitEvaluator(const rules::CompiledPack& pack, const Scratch& scratch, parse::Span unit)
      : pack_(pack),
        scratch_(scratch),
        folded_(scratch.normalized.folded),
        structure_(scratch.structure),
        unit_(unit) {}

  Value Eval(int index) const {
    const rules::Expr& e = pack_.exprs[index];
    switch (e.kind) {
      case Kind::kPhrase:
      case Kind::kLexicon:
      case Kind::kRegex:
        return Leaf(e.group);
      case Kind::kFlag: {
        if (e.flag == rules::Flag::kUnfinished) return Value{UnitUnfinished(), {}};
        const bool question = UnitHasQuestion();
        return Value{e.flag == rules::Flag::kQuestion ? question : !question, {}};
      }
      case Kind::kNot: {
        const Value operand = Eval(e.left);
        return Value{!operand.truth, {}};
      }
      case Kind::kAnd: {
        Value left = Eval(e.left);
        if (!left.truth) return Value{};
        Value right = Eval(e.right);
        if (!right.truth) return Value{};
        return left.hits.empty() ? std::move(right) : std::move(left);
      }
      case Kind::kOr: {
        Value left = Eval(e.left);
        Value right = Eval(e.right);
        Value out{left.truth || right.truth, std::move(left.hits)};
        out.hits.insert(out.hits.end(), right.hits.begin(), right.hits.end());
        SortHits(&out.hits);
        return out;
      }
      case Kind::kCall:
        return Positioned(e.position, Eval(e.left));
      case Kind::kThen:
      case Kind::kNear:
      case Kind::kBefore:
      case Kind::kAfter:
        return Sequence(e, Eval(e.left), Eval(e.right));
      case Kind::kNotAfter:
      case Kind::kNotBefore:
        return Unscoped(e, Eval(e.left), Eval(e.right));
    }
    return Value{};
  }

 private:
  static void SortHits(std::vector<Hit>* hits) {
    std::sort(hits->begin(), hits->end(), [](const Hit& a, const Hit& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    hits->erase(std::unique(hits->begin(), hits->end(),
                            [](const Hit& a, const Hit& b) {
                              return a.begin == b.begin && a.end == b.end;
                            }),
                hits->end());
  }

  Value Leaf(int group) const {
    Value out;
    if (!scratch_.group_present[group]) return out;
    // Walk the few patterns that occurred, not the group's (possibly hundreds of) members.
    for (int id : scratch_.match.matched) {
      if (!scratch_.present[id]) continue;
      const std::vector<int>& groups = pack_.groups_of_pattern[id];
      if (!std::binary_search(groups.begin(), groups.end(), group)) continue;
      for (const Hit& hit : scratch_.hits[id]) {
        if (hit.begin >= unit_.begin && hit.end <= unit_.end) out.hits.push_back(hit);
      }
    }
    SortHits(&out.hits);
    out.truth = !out.hits.empty();
    return out;
  }

  bool UnitHasQuestion() const {
    for (const parse::Sentence& sentence : structure_.sentences) {
      const bool overlaps = sentence.span.begin < unit_.end && unit_.begin < sentence.span.end + 1;
      if (overlaps && sentence.is_question) return true;
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

  Value Positioned(rules::Position position, Value operand) const {
    Value out;
    for (const Hit& hit : operand.hits) {
      const parse::Clause& clause = structure_.clauses[structure_.ClauseAt(hit.begin)];
      const parse::Sentence& sentence = structure_.sentences[clause.sentence];
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
          keep = sentence.is_question;
          break;
        case rules::Position::kInStatement:
          keep = !sentence.is_question;
          break;
        case rules::Position::kNone:
          keep = true;
          break;
      }
      if (keep) out.hits.push_back(hit);
    }
    out.truth = !out.hits.empty();
    return out;
  }

  // Right hits are sorted by begin, so each left hit only looks at the right hits inside a byte
  // window: a code point is at most 4 bytes, so N code points span at most 4N bytes.  Without
  // the window, 1,000 × 1,000 hits of a long input cost seconds per rule.
  static size_t FirstAtOrAfter(const std::vector<Hit>& hits, uint32_t begin) {
    return static_cast<size_t>(
        std::lower_bound(hits.begin(), hits.end(), begin,
                         [](const Hit& h, uint32_t b) { return h.begin < b; }) -
        hits.begin());
  }

  Value Sequence(const rules::Expr& e, const Value& left, const Value& right) const {
    Value out;
    if (right.hits.empty()) return out;
    const uint32_t window = 4 * static_cast<uint32_t>(std::max(e.distance, 0));
    uint32_t longest = 0, max_begin = 0, min_end = UINT32_MAX;
    for (const Hit& r : right.hits) {
      longest = std::max(longest, r.end - r.begin);
      max_begin = std::max(max_begin, r.begin);
      min_end = std::min(min_end, r.end);
    }
    for (const Hit& l : left.hits) {
      switch (e.kind) {
        case Kind::kThen: {
          for (size_t i = FirstAtOrAfter(right.hits, l.end);
               i < right.hits.size() && right.hits[i].begin <= l.end + window; ++i) {
            const Hit& r = right.hits[i];
            if (structure_.ClauseAt(l.begin) == structure_.ClauseAt(r.begin) &&
                CodePointsBetween(folded_, l.end, r.begin) <= static_cast<uint32_t>(e.distance)) {
              out.hits.push_back(Hit{l.begin, r.end});
              break;
            }
          }
          break;
        }
        case Kind::kNear: {
          const uint32_t from = l.begin > window + longest ? l.begin - window - longest : 0;
          for (size_t i = FirstAtOrAfter(right.hits, from);
               i < right.hits.size() && right.hits[i].begin <= l.end + window; ++i) {
            const Hit& r = right.hits[i];
            if (structure_.SentenceAt(l.begin) != structure_.SentenceAt(r.begin)) continue;
            uint32_t gap = 0;
            if (r.begin >= l.end) {
              gap = CodePointsBetween(folded_, l.end, r.begin);
            } else if (l.begin >= r.end) {
              gap = CodePointsBetween(folded_, r.end, l.begin);
            }
            if (gap <= static_cast<uint32_t>(e.distance)) {
              out.hits.push_back(l);
              break;
            }
          }
          break;
        }
        case Kind::kBefore:
          if (max_begin >= l.end) out.hits.push_back(l);
          break;
        case Kind::kAfter:
          if (min_end <= l.begin) out.hits.push_back(l);
          break;
        default:
          break;
      }
    }
    SortHits(&out.hits);
    out.truth = !out.hits.empty();
    return out;
  }

  // Keeps the left hits that no right hit governs: `无法 not_after(3) 如果` drops 无法 in
  // 如果无法签收 but keeps it in 无法签收.
  Value Unscoped(const rules::Expr& e, const Value& left, const Value& right) const {
    Value out;
    const auto limit = static_cast<uint32_t>(e.distance);
    const uint32_t window = 4 * limit;
    uint32_t longest = 0;
    for (const Hit& r : right.hits) longest = std::max(longest, r.end - r.begin);
    for (const Hit& l : left.hits) {
      bool governed = false;
      // A governing right hit lies within `window` bytes before (not_after) or after
      // (not_before) the left hit.
      const uint32_t from = e.kind == Kind::kNotAfter
                                ? (l.begin > window + longest ? l.begin - window - longest : 0)
                                : l.end;
      const uint32_t to = e.kind == Kind::kNotAfter ? l.begin : l.end + window;
      for (size_t i = FirstAtOrAfter(right.hits, from);
           i < right.hits.size() && right.hits[i].begin <= to && !governed; ++i) {
        const Hit& r = right.hits[i];
        if (structure_.ClauseAt(l.begin) != structure_.ClauseAt(r.begin)) continue;
        if (e.kind == Kind::kNotAfter) {
          governed = r.end <= l.begin && CodePointsBetween(folded_, r.end, l.begin) <= limit;
        } else {
          governed = r.begin >= l.end && CodePointsBetween(folded_, l.end, r.begin) <= limit;
        }
      }
      if (!governed) out.hits.push_back(l);
    }
    out.truth = !out.hits.empty();
    return out;
  }

  const rules::CompiledPack& pack_;
  const Scratch& scratch_;
  const std::string& folded_;
  const parse::Structure& structure_;
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

// Drops hits that lie inside an occurrence of a protected phrase (不好意思 shields 不好).
void ApplyProtection(const rules::CompiledPack& pack, Scratch* scratch) {
  const size_t n = pack.matcher.pattern_count();
  scratch->present.assign(n, 0);
  if (scratch->hits.size() < n) scratch->hits.resize(n);
  std::vector<Hit> shields;
  for (int id : scratch->match.matched) {
    if (pack.is_protect[id]) {
      const auto& hits = scratch->match.hits[id];
      shields.insert(shields.end(), hits.begin(), hits.end());
    }
  }
  for (int id : scratch->match.matched) {
    std::vector<Hit>& kept = scratch->hits[id];
    kept.clear();
    for (const Hit& hit : scratch->match.hits[id]) {
      bool shielded = false;
      if (!pack.is_protect[id]) {
        for (const Hit& shield : shields) {
          if (shield.begin <= hit.begin && hit.end <= shield.end) {
            shielded = true;
            break;
          }
        }
      }
      if (!shielded) kept.push_back(hit);
    }
    scratch->present[id] = !kept.empty();
  }
  scratch->group_present.assign(pack.groups.size(), 0);
  for (int id : scratch->match.matched) {
    if (!scratch->present[id]) continue;
    for (int g : pack.groups_of_pattern[id]) scratch->group_present[g] = 1;
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
  if (!pack.matcher.Scan(scratch->normalized.folded, &scratch->match)) return false;
  ApplyProtection(pack, scratch);
  return true;
}

bool Holds(const rules::CompiledPack& pack, const Scratch& scratch, int expr, uint32_t* begin,
           uint32_t* end) {
  if (!MayHold(pack, scratch, expr)) return false;
  const std::string& folded = scratch.normalized.folded;
  const parse::Span whole{0, static_cast<uint32_t>(folded.size())};
  const Value value = UnitEvaluator(pack, scratch, whole).Eval(expr);
  if (!value.truth) return false;
  const parse::Span where = value.hits.empty()
                                ? TrimmedUnit(folded, whole)
                                : parse::Span{value.hits.front().begin, value.hits.front().end};
  if (begin) *begin = where.begin;
  if (end) *end = where.end;
  return true;
}

bool Evaluate(const rules::CompiledPack& pack, std::string_view text, Scratch* scratch,
              std::vector<RawFinding>* findings, std::vector<RawCredit>* credits) {
  findings->clear();
  credits->clear();
  if (!Prepare(pack, text, scratch)) return false;

  const parse::Structure& structure = scratch->structure;
  const std::string& folded = scratch->normalized.folded;
  const parse::Span whole{0, static_cast<uint32_t>(folded.size())};

  for (size_t r = 0; r < pack.rules.size(); ++r) {
    const rules::CompiledRule& rule = pack.rules[r];
    if (!MayHold(pack, *scratch, rule.when)) continue;
    auto check_unit = [&](parse::Span unit, uint32_t sentence) {
      UnitEvaluator evaluator(pack, *scratch, unit);
      const Value value = evaluator.Eval(rule.when);
      if (!value.truth) return;
      if (rule.unless >= 0 && evaluator.Eval(rule.unless).truth) return;
      const parse::Span where = value.hits.empty()
                                    ? TrimmedUnit(folded, unit)
                                    : parse::Span{value.hits.front().begin, value.hits.front().end};
      findings->push_back(
          RawFinding{static_cast<int>(r), where.begin, where.end,
                     value.hits.empty() ? sentence : structure.SentenceAt(where.begin)});
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
  for (size_t c = 0; c < pack.credits.size(); ++c) {
    const rules::CompiledCredit& credit = pack.credits[c];
    if (!MayHold(pack, *scratch, credit.when)) continue;
    const Value value = UnitEvaluator(pack, *scratch, whole).Eval(credit.when);
    if (!value.truth) continue;
    const parse::Span where = value.hits.empty()
                                  ? TrimmedUnit(folded, whole)
                                  : parse::Span{value.hits.front().begin, value.hits.front().end};
    credits->push_back(RawCredit{static_cast<int>(c), where.begin, where.end});
  }
  std::stable_sort(findings->begin(), findings->end(),
                   [](const RawFinding& a, const RawFinding& b) { return a.begin < b.begin; });
  return true;
}

}  // namespace liangyan::eval
