#include "parse/clauses.h"

#include <algorithm>
#include <string_view>

#include "text/utf8.h"

namespace liangyan::parse {
namespace {

enum class Break { kNone, kClause, kSentence };

// Punctuation after folding: full-width forms are already ASCII.
inline Break BreakOf(char32_t cp) {
  if (cp >= 0x3400 && cp < 0xFF00) return Break::kNone;  // Han and the like; 、 。 are below
  switch (cp) {
    case U'。':
    case U'!':
    case U'?':
    case U';':
    case U'\n':
    case U'\r':
    case U'…':
    case U'~':
    case U'～':
    case U'｡':
      return Break::kSentence;
    case U',':
    case U'、':
    case U':':
    case U'\t':
      return Break::kClause;
    default:
      return Break::kNone;
  }
}

bool IsSentenceParticle(char32_t cp) {
  switch (cp) {
    case U'的':
    case U'了':
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
    case U'滴':
    case U'呐':
    case U'哇':
    case U'诶':
    case U'呦':
    case U'咯':
    case U'嗷':
    case U' ':
    case U'.':
    case U'~':
    case U'～':
      return true;
    default:
      return false;
  }
}

// Question words and patterns that make a sentence a question even without '?':
//   吗 么 什么 怎么 哪 几 多少 是否 能否 可否 有没有 是不是 要不要 可不可以 好不好 行不行 对不对
//   能不能 会不会 方便不
// 吗/么 count only near the end (a particle); the others anywhere, except 没什么 / 不怎么 which
// are statements.  Each of 吗, 么, 什么 and 怎么 is judged by its first occurrence only.
//
// One pass over the sentence's characters, switching on the first character of the markers,
// instead of one substring search per marker: most Han characters share their UTF-8 lead
// byte, so each search stopped at nearly every character.
bool LooksLikeQuestion(std::string_view sentence) {
  const size_t n = sentence.size();
  auto next_is = [&](size_t at, std::string_view what) {
    return sentence.compare(at, what.size(), what) == 0;
  };
  bool ma_seen = false, me_seen = false, shenme_seen = false, zenme_seen = false;
  for (size_t i = 0; i < n;) {
    char32_t cp = 0;
    const size_t len = text::DecodeValid(sentence, i, &cp);
    const size_t after = i + len;
    switch (cp) {
      case U'吗':
        if (!ma_seen) {
          ma_seen = true;
          if (n - after <= 6) return true;
        }
        break;
      case U'么':
        if (!me_seen) {
          me_seen = true;
          if (n - after <= 6) return true;
        }
        break;
      case U'什':
        if (!shenme_seen && next_is(after, "么")) {
          shenme_seen = true;
          if (!(i >= 3 && sentence.substr(i - 3, 3) == "没")) return true;
        }
        break;
      case U'怎':
        if (!zenme_seen && next_is(after, "么")) {
          zenme_seen = true;
          if (!(i >= 3 && sentence.substr(i - 3, 3) == "不")) return true;
        }
        break;
      case U'哪':
      case U'几':
        return true;
      case U'多':
        if (next_is(after, "少")) return true;
        break;
      case U'是':
        if (next_is(after, "否") || next_is(after, "不是")) return true;
        break;
      case U'能':
        if (next_is(after, "否") || next_is(after, "不能")) return true;
        break;
      case U'可':
        if (next_is(after, "否") || next_is(after, "不可以")) return true;
        break;
      case U'有':
        if (next_is(after, "没有")) return true;
        break;
      case U'要':
        if (next_is(after, "不要")) return true;
        break;
      case U'好':
        if (next_is(after, "不好")) return true;
        break;
      case U'行':
        if (next_is(after, "不行")) return true;
        break;
      case U'对':
        if (next_is(after, "不对")) return true;
        break;
      case U'会':
        if (next_is(after, "不会")) return true;
        break;
      case U'方':
        if (next_is(after, "便不")) return true;
        break;
      default:
        break;
    }
    i = after;
  }
  return false;
}

}  // namespace

bool Structure::IsQuestion(const std::string& folded, uint32_t s) const {
  const Sentence& sentence = sentences[s];
  if (sentence.question < 0) {
    const std::string_view text(folded);
    const std::string_view body =
        text.substr(sentence.span.begin, sentence.span.end - sentence.span.begin);
    const std::string_view term =
        text.substr(sentence.terminator.begin, sentence.terminator.end - sentence.terminator.begin);
    sentence.question = term.find('?') != std::string_view::npos || LooksLikeQuestion(body) ? 1 : 0;
  }
  return sentence.question != 0;
}

uint32_t Structure::ClauseAt(uint32_t pos) const {
  // Clauses are sorted and contiguous in coverage of their sentence; pick the last clause
  // that begins at or before pos.
  auto it = std::upper_bound(clauses.begin(), clauses.end(), pos,
                             [](uint32_t p, const Clause& c) { return p < c.span.begin; });
  if (it == clauses.begin()) return 0;
  return static_cast<uint32_t>(it - clauses.begin() - 1);
}

uint32_t TrimTrailingParticles(const std::string& folded, uint32_t begin, uint32_t end) {
  while (end > begin) {
    uint32_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(folded[start]) & 0xC0) == 0x80) --start;
    char32_t cp = 0;
    text::DecodeValid(folded, start, &cp);
    if (!IsSentenceParticle(cp) && BreakOf(cp) == Break::kNone) break;
    end = start;
  }
  return end;
}

uint32_t TrimLeading(const std::string& folded, uint32_t begin, uint32_t end) {
  while (begin < end) {
    char32_t cp = 0;
    const size_t len = text::DecodeValid(folded, begin, &cp);
    if (cp != U' ' && BreakOf(cp) == Break::kNone) break;
    begin += static_cast<uint32_t>(len);
  }
  return begin;
}

void Analyze(const text::NormalizedText& text, Structure* out) {
  out->sentences.clear();
  out->clauses.clear();
  const std::string& s = text.folded;
  const uint32_t n = static_cast<uint32_t>(s.size());

  // Word-segmented transcripts ("您 这个 订单 已经 发货") use spaces between most words; there
  // a space is not a clause break.  In chat, a space usually separates short messages.
  // Folding already dropped the spaces between Han characters; they show as gaps in the map
  // back to the original.
  // (Normalize counted both while folding.)
  const size_t spaces = text.space_breaks, han = text.han_characters;
  const bool segmented_transcript = han > 0 && (spaces * 4 > han);

  uint32_t clause_begin = 0;
  uint32_t sentence_begin = 0;
  uint32_t sentence_first_clause = 0;

  auto close_clause = [&](uint32_t end) {
    const uint32_t b = TrimLeading(s, clause_begin, end);
    if (b < end) {
      out->clauses.push_back(Clause{Span{b, end}, static_cast<uint32_t>(out->sentences.size())});
    }
  };
  auto close_sentence = [&](uint32_t end, uint32_t term_begin, uint32_t term_end) {
    const uint32_t clause_count =
        static_cast<uint32_t>(out->clauses.size()) - sentence_first_clause;
    const uint32_t b = TrimLeading(s, sentence_begin, end);
    if (clause_count == 0 && b >= end) return;  // only punctuation: not a sentence
    Sentence sentence;
    sentence.span = Span{b, end};
    sentence.terminator = Span{term_begin, term_end};
    sentence.first_clause = sentence_first_clause;
    sentence.clause_count = clause_count;
    out->sentences.push_back(sentence);
    sentence_first_clause = static_cast<uint32_t>(out->clauses.size());
  };

  uint32_t i = 0;
  uint32_t prev = 0;  // start of the character before i (when i > 0)
  while (i < n) {
    // U+4000..U+9FFF (lead bytes E4..E9) are Han, never a break: most characters of a text
    // end here without being decoded.
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead >= 0xE4 && lead <= 0xE9) {
      if (i > 0 && !segmented_transcript && clause_begin < i &&
          text.to_original[i] > text.to_original[prev] + (i - prev)) {
        close_clause(i);
        clause_begin = i;
      }
      prev = i;
      i += 3;
      continue;
    }
    char32_t cp = 0;
    const uint32_t len = static_cast<uint32_t>(text::DecodeValid(s, i, &cp));
    Break kind = BreakOf(cp);
    // A '.' ends a sentence unless it sits inside a number (3.5) or a run of dots.
    if (cp == U'.') {
      const bool digit_before = i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9';
      const bool digit_after = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9';
      kind = (digit_before && digit_after) ? Break::kNone : Break::kSentence;
    }
    // In chat a space between two non-space characters separates messages; so does the gap
    // left where folding dropped spaces between Han characters.
    if (cp == U' ' && !segmented_transcript) kind = Break::kClause;
    if (kind == Break::kNone && i > 0 && !segmented_transcript) {
      const uint32_t expected = text.to_original[prev] + (i - prev);
      if (text.to_original[i] > expected && clause_begin < i) {
        close_clause(i);
        clause_begin = i;
      }
    }
    if (kind == Break::kNone) {
      prev = i;
      i += len;
      continue;
    }
    // Extend over a run of break characters ("？？", "。。。", "!~").
    uint32_t run_end = i + len;
    uint32_t run_last = i;
    Break run_kind = kind;
    while (run_end < n) {
      char32_t next = 0;
      const uint32_t next_len = static_cast<uint32_t>(text::DecodeValid(s, run_end, &next));
      Break next_kind = BreakOf(next);
      if (next == U'.' || (next == U' ' && !segmented_transcript)) {
        next_kind = next == U' ' ? Break::kClause : Break::kSentence;
      }
      if (next_kind == Break::kNone) break;
      if (next_kind == Break::kSentence) run_kind = Break::kSentence;
      run_last = run_end;
      run_end += next_len;
    }
    close_clause(i);
    if (run_kind == Break::kSentence) {
      close_sentence(i, i, run_end);
      sentence_begin = run_end;
    }
    clause_begin = run_end;
    prev = run_last;
    i = run_end;
  }
  close_clause(n);
  close_sentence(n, n, n);

  if (out->sentences.empty()) {
    // Empty or punctuation-only text: one empty sentence so that callers need no special case.
    out->clauses.push_back(Clause{Span{0, n}, 0});
    Sentence sentence;
    sentence.span = Span{0, n};
    sentence.terminator = Span{n, n};
    sentence.clause_count = 1;
    sentence.question = 0;
    out->sentences.push_back(sentence);
  }
  // Sentences that ended up with no clause (e.g. only particles) get their whole span.
  for (uint32_t k = 0; k < out->sentences.size(); ++k) {
    Sentence& sentence = out->sentences[k];
    if (sentence.clause_count == 0) {
      sentence.first_clause = static_cast<uint32_t>(out->clauses.size());
      out->clauses.push_back(Clause{sentence.span, k});
      sentence.clause_count = 1;
    }
  }
  // Usually in order already; stable_sort would allocate a buffer all the same.
  const auto by_begin = [](const Clause& a, const Clause& b) {
    return a.span.begin < b.span.begin;
  };
  if (!std::is_sorted(out->clauses.begin(), out->clauses.end(), by_begin)) {
    std::stable_sort(out->clauses.begin(), out->clauses.end(), by_begin);
  }
  // Re-derive first_clause after sorting.
  for (auto& sentence : out->sentences) sentence.clause_count = 0;
  for (uint32_t c = 0; c < out->clauses.size(); ++c) {
    Sentence& sentence = out->sentences[out->clauses[c].sentence];
    if (sentence.clause_count == 0) sentence.first_clause = c;
    ++sentence.clause_count;
  }
}

}  // namespace liangyan::parse
