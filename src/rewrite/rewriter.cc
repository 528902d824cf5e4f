#include "rewrite/rewriter.h"

#include <algorithm>

#include "text/script_fold.h"
#include "text/utf8.h"

namespace liangyan::rewrite {
namespace {

// std::stable_sort, without the buffer it allocates even for the few edits a sentence has.
template <typename T, typename Less>
void StableSort(std::vector<T>* items, Less less) {
  constexpr size_t kInsertionSortLimit = 16;
  if (items->size() > kInsertionSortLimit) {
    std::stable_sort(items->begin(), items->end(), less);
    return;
  }
  for (size_t i = 1; i < items->size(); ++i) {
    for (size_t j = i; j > 0 && less((*items)[j], (*items)[j - 1]); --j) {
      std::swap((*items)[j], (*items)[j - 1]);
    }
  }
}

// Order of edits that land on the same position: a prefix goes first, the replaced span,
// then a clause inserted before the end, then the new ending.
enum Order { kPrefix = 0, kReplace = 1, kBeforeEnd = 2, kEnd = 3 };

struct Candidate {
  PlannedEdit edit;
  Order order;
  int severity;
  uint32_t trigger_begin, trigger_end;  // the finding's own span in the original
  bool whole_clause = false;            // a restructuring that rewrote the whole clause
};

bool IsClausePunct(char32_t cp) {
  return cp == U'，' || cp == U',' || cp == U'、' || cp == U' ' || cp == U'　' || cp == U'：' ||
         cp == U':';
}

bool IsPunctuationOnly(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    i += text::DecodeValid(text, i, &cp);
    if (!IsClausePunct(cp)) return false;
  }
  return true;
}

bool EndsInQuestion(std::string_view tmpl) {
  for (std::string_view tail : {"吗", "吗？", "吗?", "？", "?"}) {
    if (tmpl.ends_with(tail)) return true;
  }
  return false;
}

// Start of the code point that ends at `end`.
uint32_t PrevStart(std::string_view s, uint32_t end) {
  uint32_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return start;
}

// The code point that ends at `end` (0 when `end` is 0).
char32_t LastCodePoint(std::string_view s, uint32_t end) {
  char32_t cp = 0;
  if (end > 0) text::DecodeValid(s, PrevStart(s, end), &cp);
  return cp;
}

// Whether words ending in `cp` ask: a question particle or a question mark.
bool IsAsking(char32_t cp) {
  return cp == U'吗' || cp == U'嗎' || cp == U'么' || cp == U'麼' || cp == U'？' || cp == U'?';
}

// Where a sentence's text really ends in the original: before trailing commas and spaces
// ("请您稍等，" ends after 等), so that a new ending replaces them instead of doubling them.
uint32_t TrimClausePunct(std::string_view original, uint32_t begin, uint32_t end) {
  while (end > begin) {
    const uint32_t start = PrevStart(original, end);
    char32_t cp = 0;
    text::DecodeValid(original, start, &cp);
    if (!IsClausePunct(cp)) break;
    end = start;
  }
  return end;
}

bool IsToneParticle(char32_t cp) {
  switch (cp) {
    case U'哦':
    case U'呢':
    case U'哈':
    case U'啊':
    case U'呀':
    case U'哟':
    case U'啦':
    case U'吧':
    case U'嘛':
    case U'噢':
    case U'喔':
    case U'哒':
    case U'呐':
    case U'哇':
    case U'呦':
    case U'咯':
    case U'~':
    case U'～':
    case U' ':
      return true;
    default:
      return false;
  }
}

uint32_t TrimToneParticles(std::string_view text, uint32_t begin, uint32_t end) {
  while (end > begin) {
    const uint32_t start = PrevStart(text, end);
    char32_t cp = 0;
    text::DecodeValid(text, start, &cp);
    if (!IsToneParticle(cp)) break;
    end = start;
  }
  return end;
}

class Planner {
 public:
  Planner(const rules::CompiledPack& pack, std::string_view original, const eval::Scratch& scratch,
          const SlotValues& slots, Mode mode, Plan* plan)
      : pack_(pack),
        original_(original),
        scratch_(scratch),
        slots_(slots),
        mode_(mode),
        plan_(plan) {}

  // Room for the edits of `findings` findings (a prefix, a replacement and an ending each).
  void Reserve(size_t findings) { candidates_.reserve(3 * findings); }

  void Add(const eval::RawFinding& finding, int index) {
    const rules::CompiledRule& rule = pack_.rules[finding.rule];
    const rules::RewriteSpec& spec = rule.spec.rewrite;
    if (spec.empty()) return;
    const parse::Sentence& sentence = scratch_.structure.sentences[finding.sentence];
    // Asked only where an ending or a clause before the end is to be placed.
    const auto is_question = [&] {
      return scratch_.structure.IsQuestion(scratch_.normalized.folded, finding.sentence);
    };
    uint32_t span_begin = 0, span_end = 0;
    scratch_.normalized.MapSpan(finding.begin, finding.end, &span_begin, &span_end);
    const std::string_view matched = original_.substr(span_begin, span_end - span_begin);
    trigger_begin_ = span_begin;
    trigger_end_ = span_end;

    uint32_t sentence_begin = 0, sentence_end = 0;
    scratch_.normalized.MapSpan(sentence.span.begin, sentence.span.end, &sentence_begin,
                                &sentence_end);
    uint32_t term_begin = 0, term_end = 0;
    scratch_.normalized.MapSpan(sentence.terminator.begin, sentence.terminator.end, &term_begin,
                                &term_end);
    const bool has_terminator = term_end > term_begin;
    const uint32_t body_end = TrimClausePunct(original_, sentence_begin, sentence_end);

    if (spec.prefix) {
      // Before the clause that holds the finding: …，亲爱的，为了【用途】，麻烦您确认收货.
      const uint32_t clause_index = scratch_.structure.ClauseAt(finding.begin);
      uint32_t at = sentence_begin;
      if (clause_index > sentence.first_clause) {
        uint32_t clause_end = 0;
        const parse::Clause& clause = scratch_.structure.clauses[clause_index];
        scratch_.normalized.MapSpan(clause.span.begin, clause.span.end, &at, &clause_end);
      } else {
        at = PrefixPlace(sentence, sentence_begin);
      }
      Push(at, at, *spec.prefix, matched, kPrefix, rule, index);
    }
    // Where a new clause was written mid-sentence, the sentence's ending belongs to that
    // clause: 我帮您联系…，您看可以吗？ asks there, not at the end of what follows.
    bool end_placed = false;
    if (mode_ == Mode::kRestructured && spec.clause) {
      const parse::Structure& structure = scratch_.structure;
      const uint32_t clause_index = structure.ClauseAt(finding.begin);
      const parse::Clause& clause = structure.clauses[clause_index];
      uint32_t clause_begin = 0, clause_end = 0;
      scratch_.normalized.MapSpan(clause.span.begin, clause.span.end, &clause_begin, &clause_end);
      // A condition said in the same breath stays: 没有单号的话我们没办法查 keeps 没有单号的话
      // and the new clause follows it after a comma.
      std::string with_condition;
      const std::string* new_clause = &*spec.clause;
      const uint32_t condition_end = ConditionEnd(clause, finding.begin);
      if (condition_end > clause.span.begin) {
        uint32_t unused = 0;
        scratch_.normalized.MapSpan(condition_end, condition_end, &clause_begin, &unused);
        with_condition = "，" + *spec.clause;
        new_clause = &with_condition;
      }
      // Tone particles stay ("…哦" keeps its warmth after the new clause); 的 and 了 belong to
      // the replaced statement and go with it.
      // A new clause that asks (…您看可以吗) takes the particles too: 可以吗哦 is not said.
      uint32_t replaced_end = EndsInQuestion(*spec.clause)
                                  ? clause_end
                                  : TrimToneParticles(original_, clause_begin, clause_end);
      const bool last_clause = clause_index + 1 >= sentence.first_clause + sentence.clause_count;
      // A new clause that asks takes the agent's own tag that followed the old one
      // (…配送员联系，可以吗？ -> 我帮您联系【负责部门】，您看可以吗？), instead of asking twice.
      bool took_tag = false;
      if (EndsInQuestion(*spec.clause) && !last_clause) {
        const parse::Clause& next = structure.clauses[clause_index + 1];
        uint32_t next_begin = 0, next_end = 0;
        scratch_.normalized.MapSpan(next.span.begin, next.span.end, &next_begin, &next_end);
        if (next_begin >= clause_end &&
            IsPunctuationOnly(original_.substr(clause_end, next_begin - clause_end)) &&
            IsQuestionTag(original_.substr(next_begin, next_end - next_begin))) {
          replaced_end = next_end;
          took_tag = true;
        }
      }
      Push(clause_begin, replaced_end, *new_clause, matched, kReplace, rule, index);
      candidates_.back().whole_clause = true;
      if (spec.end && !last_clause && !took_tag && !is_question()) {
        const parse::Clause& next = structure.clauses[clause_index + 1];
        uint32_t next_begin = 0, next_end = 0;
        scratch_.normalized.MapSpan(next.span.begin, next.span.end, &next_begin, &next_end);
        if (next_begin > clause_end &&
            IsPunctuationOnly(original_.substr(clause_end, next_begin - clause_end))) {
          // The tone particles go too: 您看可以吗哦？ is not said.
          Push(replaced_end, next_begin, *spec.end, matched, kEnd, rule, index);
          end_placed = true;
        }
      }
    } else if (spec.replace) {
      Push(span_begin, span_end, *spec.replace, matched, kReplace, rule, index);
    }
    if (spec.before_end) {
      // A question keeps its question last: the clause goes after the finding's own clause
      // (不能退货，因为【原因】，您看换货可以吗？), not between the question and its mark.
      // Only where a question mark or a closing 吗 says so: unpunctuated speech runs several
      // sentences into one, and an early 怎么样 would pull the clause away from its finding.
      uint32_t at = std::max(body_end, span_end);
      const bool asks = (term_end > term_begin && IsAsking(LastCodePoint(original_, term_end))) ||
                        (body_end > sentence_begin && IsAsking(LastCodePoint(original_, body_end)));
      if (asks && is_question()) {
        const parse::Clause& clause =
            scratch_.structure.clauses[scratch_.structure.ClauseAt(finding.begin)];
        uint32_t clause_begin = 0, clause_end = 0;
        scratch_.normalized.MapSpan(clause.span.begin, clause.span.end, &clause_begin, &clause_end);
        at = std::max(TrimClausePunct(original_, clause_begin, clause_end), span_end);
      }
      Push(at, at, *spec.before_end, matched, kBeforeEnd, rule, index);
    }
    const bool restructured = mode_ == Mode::kRestructured && spec.clause;
    const std::optional<std::string>& ending =
        restructured && spec.clause_end ? spec.clause_end : spec.end;
    if (ending && !end_placed && !is_question()) {
      if (has_terminator) {
        Push(std::max(body_end, span_end), term_end, *ending, matched, kEnd, rule, index);
      } else {
        Push(std::max(body_end, span_end), sentence_end, *ending, matched, kEnd, rule, index);
      }
    }
  }

  void Finish() {
    StableSort(&candidates_, [](const Candidate& a, const Candidate& b) {
      if (a.severity != b.severity) return a.severity > b.severity;
      return a.edit.begin < b.edit.begin;
    });
    // Accept edits by priority; drop any that overlaps an accepted replacement, and identical
    // insertions (two rules asking for the same question tag).
    std::vector<Candidate> accepted;
    accepted.reserve(candidates_.size());
    for (Candidate& c : candidates_) {  // moved from: candidates_ is not read again
      bool conflict = false;
      for (const Candidate& a : accepted) {
        const bool same_place = a.edit.begin == c.edit.begin && a.edit.end == c.edit.end;
        if (same_place && (a.edit.text == c.edit.text || a.order == c.order)) {
          conflict = true;
          break;
        }
        const bool a_range = a.edit.end > a.edit.begin;
        const bool c_range = c.edit.end > c.edit.begin;
        if (a_range && c_range && c.edit.begin < a.edit.end && a.edit.begin < c.edit.end) {
          conflict = true;
          break;
        }
        // An insertion strictly inside a replaced range would be swallowed.
        if (a_range && !c_range && c.edit.begin > a.edit.begin && c.edit.begin < a.edit.end) {
          conflict = true;
          break;
        }
        if (c_range && !a_range && a.edit.begin > c.edit.begin && a.edit.begin < c.edit.end) {
          conflict = true;
          break;
        }
      }
      if (!conflict) accepted.push_back(std::move(c));
    }
    // A prefix announces what follows (为了【用途】，请您…); when another finding's rewrite of
    // the whole clause has replaced the words it announced, it would dangle.  Endings still apply
    // to the new words (…，因为【原因】 after 我可以帮您…), so only prefixes go.
    std::vector<int> orphaned;
    for (const Candidate& a : accepted) {
      if (!a.whole_clause) continue;
      for (const Candidate& c : accepted) {
        if (c.edit.finding == a.edit.finding) continue;
        if (c.trigger_begin >= a.edit.begin && c.trigger_end <= a.edit.end &&
            c.trigger_end > c.trigger_begin) {
          orphaned.push_back(c.edit.finding);
        }
      }
    }
    if (!orphaned.empty()) {
      std::erase_if(accepted, [&](const Candidate& c) {
        return c.order == kPrefix &&
               std::find(orphaned.begin(), orphaned.end(), c.edit.finding) != orphaned.end();
      });
    }
    StableSort(&accepted, [](const Candidate& a, const Candidate& b) {
      if (a.edit.begin != b.edit.begin) return a.edit.begin < b.edit.begin;
      return a.order < b.order;
    });
    MergeRepeatedClauses(&accepted);
    plan_->edits.clear();
    plan_->edits.reserve(accepted.size());
    std::string& out = plan_->text;  // its memory is the caller's, reused round after round
    out.clear();
    size_t written = original_.size();
    for (const Candidate& c : accepted) written += c.edit.text.size();
    out.reserve(written);
    uint32_t cursor = 0;
    for (Candidate& c : accepted) {
      out.append(original_.substr(cursor, c.edit.begin - cursor));
      // The edit records exactly what was written, so replaying edits gives the same text.
      c.edit.text.erase(0, AppendWithoutDoubledPunct(c.edit.text, &out));
      cursor = std::max(cursor, c.edit.end);
      plan_->edits.push_back(std::move(c.edit));
    }
    out.append(original_.substr(cursor));
  }

 private:
  // Whether a question already stands next to [begin, end): the words before it end on 吗/么
  // or a question mark, or the words after it open with a tag (可以吗, 好吗, 行吗).  Speech
  // without punctuation hides such questions from the parser's sentences, and a new
  // 您看可以吗 there would ask twice.
  bool AsksAlready(uint32_t begin, uint32_t end) const {
    if (IsAsking(LastCodePoint(original_, TrimClausePunct(original_, 0, begin)))) return true;
    size_t at = end;
    while (at < original_.size()) {
      char32_t cp = 0;
      const size_t len = text::DecodeValid(original_, at, &cp);
      if (!IsClausePunct(cp)) break;
      at += len;
    }
    const std::string_view after = original_.substr(at);
    for (std::string_view tag : kQuestionTags) {
      if (after.starts_with(tag)) return true;
    }
    return false;
  }

  // A clause that is only a question tag (可以吗, 您看可以吗, 好吗 ...).
  static bool IsQuestionTag(std::string_view clause) {
    if (clause.size() > 18) return false;  // six characters: 您看这样可以吗 is seven, not a tag
    if (!IsAsking(LastCodePoint(clause, static_cast<uint32_t>(clause.size())))) return false;
    for (std::string_view tag : kQuestionTags) {
      if (clause.starts_with(tag)) return true;
    }
    return false;
  }
  static constexpr std::string_view kQuestionTags[] = {"可以吗", "可以嗎", "好吗", "好嗎",
                                                       "行吗",   "行嗎",   "您看", "你看"};

  // Where a condition that opens the finding's clause ends (folded offset, after the pack's
  // lexicon `rewrite_condition_end`: 的话, 的情况下), or the clause's start without one.  Only
  // a condition wholly before the finding counts.
  uint32_t ConditionEnd(const parse::Clause& clause, uint32_t finding_begin) const {
    const auto ends = pack_.spec.lexicons.find("rewrite_condition_end");
    if (ends == pack_.spec.lexicons.end()) return clause.span.begin;
    const std::string& folded = scratch_.normalized.folded;
    const std::string_view before(
        folded.data() + clause.span.begin,
        finding_begin > clause.span.begin ? finding_begin - clause.span.begin : 0);
    uint32_t best = clause.span.begin;
    for (const std::string& end : ends->second) {
      const size_t at = before.rfind(end);
      if (at == std::string_view::npos || at == 0) continue;  // a condition needs its words
      best = std::max(best, clause.span.begin + static_cast<uint32_t>(at + end.size()));
    }
    return best;
  }

  // Two neighbouring clauses of one sentence can be restructured into the same words (这事不归
  // 我们管，你去找售后问问吧 is one refusal said twice; both become 我帮您联系【负责部门】).
  // Said once is what the agent would say: the second clause and the commas before it go, and
  // the first clause's mid-sentence ending gives way to the sentence's own.  `accepted` is in
  // text order.
  void MergeRepeatedClauses(std::vector<Candidate>* accepted) const {
    for (size_t second = 0; second < accepted->size(); ++second) {
      Candidate& repeat = (*accepted)[second];
      if (!repeat.whole_clause) continue;
      for (size_t first = 0; first < second; ++first) {
        const Candidate& said = (*accepted)[first];
        if (!said.whole_clause || said.edit.text != repeat.edit.text ||
            said.edit.end > repeat.edit.begin ||
            !IsPunctuationOnly(original_.substr(said.edit.end, repeat.edit.begin - said.edit.end)))
          continue;
        // Only the first clause's own ending may lie between them.
        bool only_its_ending = true;
        for (size_t k = first + 1; k < second; ++k) {
          const Candidate& between = (*accepted)[k];
          only_its_ending &= between.edit.finding == said.edit.finding && between.order == kEnd;
        }
        if (!only_its_ending) continue;
        repeat.edit.begin = said.edit.end;
        repeat.edit.text.clear();
        accepted->erase(accepted->begin() + static_cast<std::ptrdiff_t>(first) + 1,
                        accepted->begin() + static_cast<std::ptrdiff_t>(second));
        second = first + 1;
        break;
      }
    }
  }

  // A sentence's opening words stay first: 您好，为了…，请您… rather than 为了…，您好，请您….
  // The pack lists them in the lexicon `rewrite_opening`.
  uint32_t PrefixPlace(const parse::Sentence& sentence, uint32_t sentence_begin) const {
    const auto opening = pack_.spec.lexicons.find("rewrite_opening");
    if (opening == pack_.spec.lexicons.end() || sentence.clause_count < 2) return sentence_begin;
    const parse::Structure& structure = scratch_.structure;
    const parse::Clause& first = structure.clauses[sentence.first_clause];
    const std::string& folded = scratch_.normalized.folded;
    const std::string_view words(folded.data() + first.span.begin,
                                 first.span.end - first.span.begin);
    bool is_opening = false;
    for (const std::string& entry : opening->second) is_opening |= words == entry;
    if (!is_opening) return sentence_begin;
    const parse::Clause& second = structure.clauses[sentence.first_clause + 1];
    uint32_t begin = 0, end = 0;
    scratch_.normalized.MapSpan(second.span.begin, second.span.end, &begin, &end);
    return begin;
  }

  void Push(uint32_t begin, uint32_t end, const std::string& tmpl, std::string_view matched,
            Order order, const rules::CompiledRule& rule, int finding) {
    if (order == kEnd && EndsInQuestion(tmpl) && AsksAlready(begin, end)) return;
    Candidate c;
    c.edit.begin = begin;
    c.edit.end = end;
    c.edit.text = Render(tmpl, matched);
    c.edit.finding = finding;
    c.order = order;
    c.severity = rule.spec.severity;
    c.trigger_begin = trigger_begin_;
    c.trigger_end = trigger_end_;
    candidates_.push_back(std::move(c));
  }

  // Fills {slot} and {match}, then adapts to the input's script and punctuation width.
  std::string Render(const std::string& tmpl, std::string_view matched) {
    // Only the pack's own words are converted; the agent's words and the host's values stay
    // as given.  Written straight into the result: a check renders dozens of these.
    std::string out;
    out.reserve(tmpl.size() + matched.size());
    std::string_view rest = tmpl;
    while (!rest.empty()) {
      const size_t open = rest.find('{');
      const size_t close = open == std::string_view::npos ? open : rest.find('}', open);
      if (close == std::string_view::npos) {
        AppendAdapted(rest, &out);
        break;
      }
      AppendAdapted(rest.substr(0, open), &out);
      const std::string_view key = rest.substr(open + 1, close - open - 1);
      if (key == "match") {
        out.append(matched);
      } else if (auto value = slots_.find(key); value != slots_.end()) {
        out.append(value->second);
      } else {
        const size_t at = out.size();
        const auto marker = pack_.spec.slots.find(key);
        AppendAdapted("【", &out);
        AppendAdapted(marker != pack_.spec.slots.end() ? std::string_view(marker->second) : key,
                      &out);
        AppendAdapted("】", &out);
        bool listed = false;
        for (const auto& slot : plan_->unfilled_slots) listed |= slot.first == key;
        if (!listed) plan_->unfilled_slots.emplace_back(std::string(key), out.substr(at));
      }
      rest = rest.substr(close + 1);
    }
    return out;
  }

  // The pack's words in the input's script and punctuation width.  Code point by code point
  // (the script's one context rule, 什么 -> 甚麼, never spans a template's pieces).
  void AppendAdapted(std::string_view s, std::string* out) const {
    const size_t at = out->size();
    if (scratch_.normalized.script == text::Script::kTraditional) {
      text::AppendTraditionalText(s, out);
    } else {
      out->append(s);
    }
    if (scratch_.normalized.punctuation != text::PunctuationWidth::kHalf) return;
    // Full-width marks become half-width in place; each is shorter, so the text only shrinks.
    size_t write = at;
    for (size_t read = at; read < out->size();) {
      char32_t cp = 0;
      const size_t len = text::DecodeValid(*out, read, &cp);
      char half = 0;
      switch (cp) {
        case U'，':
          half = ',';
          break;
        case U'？':
          half = '?';
          break;
        case U'！':
          half = '!';
          break;
        case U'：':
          half = ':';
          break;
        case U'；':
          half = ';';
          break;
        default:
          break;
      }
      if (half != 0) {
        (*out)[write++] = half;
      } else {
        for (size_t k = 0; k < len; ++k) (*out)[write++] = (*out)[read + k];
      }
      read += len;
    }
    out->resize(write);
  }

  // Skips a leading comma of inserted text when the output already ends with one; returns how
  // many bytes of `text` it skipped.
  static size_t AppendWithoutDoubledPunct(std::string_view text, std::string* out) {
    size_t skipped = 0;
    if (!text.empty() && !out->empty()) {
      char32_t first = 0;
      const size_t first_len = text::DecodeValid(text, 0, &first);
      const uint32_t prev = PrevStart(*out, static_cast<uint32_t>(out->size()));
      char32_t last = 0;
      text::DecodeValid(*out, prev, &last);
      if (IsClausePunct(first) && (IsClausePunct(last) || last == U'。' || last == U'？' ||
                                   last == U'?' || last == U'！' || last == U'!')) {
        skipped = first_len;
      }
    }
    out->append(text.substr(skipped));
    return skipped;
  }

  const rules::CompiledPack& pack_;
  std::string_view original_;
  uint32_t trigger_begin_ = 0, trigger_end_ = 0;  // of the finding being added
  const eval::Scratch& scratch_;
  const SlotValues& slots_;
  Mode mode_;
  Plan* plan_;
  std::vector<Candidate> candidates_;
};

}  // namespace

bool HasRestructuring(const rules::CompiledPack& pack,
                      const std::vector<eval::RawFinding>& findings) {
  for (const eval::RawFinding& f : findings) {
    if (pack.rules[f.rule].spec.rewrite.clause) return true;
  }
  return false;
}

bool HasStrategy(const rules::CompiledPack& pack, const std::vector<eval::RawFinding>& findings) {
  for (const eval::RawFinding& f : findings) {
    if (!pack.rules[f.rule].spec.rewrite.empty()) return true;
  }
  return false;
}

EditTrail::EditTrail(std::string_view original) { Reset(original); }

void EditTrail::Reset(std::string_view original) {
  original_ = original;
  written_.clear();
  pieces_.clear();
  next_.clear();
  pieces_.push_back(Piece{true, 0, static_cast<uint32_t>(original.size())});
}

void EditTrail::Slice(uint32_t from, uint32_t to, std::vector<Piece>* out) const {
  uint32_t pos = 0;
  for (const Piece& piece : pieces_) {
    const uint32_t size = static_cast<uint32_t>(piece.size());
    const uint32_t lo = std::max(from, pos), hi = std::min(to, pos + size);
    if (lo < hi)
      out->push_back(Piece{piece.original, piece.begin + (lo - pos), piece.begin + (hi - pos)});
    pos += size;
    if (pos >= to) break;
  }
}

void EditTrail::Apply(const std::vector<PlannedEdit>& edits) {
  std::vector<Piece>& next = next_;
  next.clear();
  next.reserve(pieces_.size() + 2 * edits.size() + 1);
  uint32_t cursor = 0;
  for (const PlannedEdit& edit : edits) {
    if (edit.begin > cursor) Slice(cursor, edit.begin, &next);
    if (!edit.text.empty()) {
      const auto at = static_cast<uint32_t>(written_.size());
      written_ += edit.text;
      next.push_back(Piece{false, at, static_cast<uint32_t>(written_.size())});
    }
    cursor = std::max(cursor, edit.end);
  }
  uint32_t total = 0;
  for (const Piece& piece : pieces_) total += static_cast<uint32_t>(piece.size());
  if (cursor < total) Slice(cursor, total, &next);
  pieces_.swap(next);
}

std::string EditTrail::Text() const {
  std::string out;
  TextInto(&out);
  return out;
}

void EditTrail::TextInto(std::string* out) const {
  out->clear();
  size_t total = 0;
  for (const Piece& piece : pieces_) total += piece.size();
  out->reserve(total);
  for (const Piece& piece : pieces_) out->append(TextOf(piece));
}

bool EditTrail::ToOriginal(uint32_t begin, uint32_t end, uint32_t* original_begin,
                           uint32_t* original_end) const {
  uint32_t pos = 0;
  for (const Piece& piece : pieces_) {
    const uint32_t size = static_cast<uint32_t>(piece.size());
    if (size == 0) continue;
    if (begin >= pos + size) {
      pos += size;
      continue;
    }
    // The first piece the span touches must hold all of it: a span that crosses into the
    // next piece either meets written text or joins two places of the original.
    if (!piece.original || end > pos + size) return false;
    *original_begin = piece.begin + (begin - pos);
    *original_end = piece.begin + (end - pos);
    return true;
  }
  return false;
}

std::vector<PlannedEdit> EditTrail::Edits() const {
  std::vector<PlannedEdit> edits;
  uint32_t orig_cursor = 0;
  std::string pending;
  auto flush = [&](uint32_t next_original) {
    if (next_original > orig_cursor || !pending.empty()) {
      edits.push_back(PlannedEdit{orig_cursor, next_original, pending, -1});
    }
    pending.clear();
  };
  for (const Piece& piece : pieces_) {
    if (!piece.original) {
      pending += TextOf(piece);
      continue;
    }
    flush(piece.begin);
    orig_cursor = piece.end;
  }
  flush(static_cast<uint32_t>(original_.size()));
  return edits;
}

void BuildRewrite(const rules::CompiledPack& pack, std::string_view original,
                  const eval::Scratch& scratch, const std::vector<eval::RawFinding>& findings,
                  const SlotValues& slots, Mode mode, Plan* plan) {
  plan->edits.clear();
  plan->unfilled_slots.clear();
  plan->text.clear();
  Planner planner(pack, original, scratch, slots, mode, plan);
  planner.Reserve(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) planner.Add(findings[i], static_cast<int>(i));
  planner.Finish();
}

}  // namespace liangyan::rewrite
