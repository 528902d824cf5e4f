// Splits folded text into sentences and clauses.  Chat and speech transcripts often have no
// punctuation, so a text without any is one sentence of one clause; spaces between words
// count as clause breaks in chat ("好的 亲亲 稍等") but not in word-segmented transcripts.
#ifndef LIANGYAN_PARSE_CLAUSES_H_
#define LIANGYAN_PARSE_CLAUSES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "text/normalized_text.h"

namespace liangyan::parse {

struct Span {
  uint32_t begin = 0;  // byte offsets into NormalizedText::folded
  uint32_t end = 0;
};

struct Clause {
  Span span;              // text of the clause without its separator
  uint32_t sentence = 0;  // index of its sentence
};

struct Sentence {
  Span span;        // text of the sentence without its closing punctuation
  Span terminator;  // its closing punctuation (empty at the end of an unpunctuated text)
  uint32_t first_clause = 0;
  uint32_t clause_count = 0;
  mutable int8_t question = -1;  // Structure::IsQuestion's answer; -1 until asked
};

struct Structure {
  std::vector<Sentence> sentences;
  std::vector<Clause> clauses;

  // Index of the clause / sentence containing folded byte offset `pos`.
  uint32_t ClauseAt(uint32_t pos) const;
  uint32_t SentenceAt(uint32_t pos) const { return clauses[ClauseAt(pos)].sentence; }

  // Whether sentence `s` of `folded` (the text analysed) is a question: it closes with '?' or
  // its words ask (吗 near the end, 什么, 能不能, ...).  Decided when first asked: most
  // sentences are never asked, and the test reads every character.
  bool IsQuestion(const std::string& folded, uint32_t s) const;
};

// Fills *out (reusing its capacity).  There is always at least one sentence and one clause.
void Analyze(const text::NormalizedText& text, Structure* out);

// Sentence-final particles and spaces that `clause_end` / `sentence_end` look through
// ("不可以的哦" ends with 不可以).  Returns the end offset with them skipped backwards.
uint32_t TrimTrailingParticles(const std::string& folded, uint32_t begin, uint32_t end);
// Spaces and punctuation that `clause_start` looks through.
uint32_t TrimLeading(const std::string& folded, uint32_t begin, uint32_t end);

}  // namespace liangyan::parse

#endif  // LIANGYAN_PARSE_CLAUSES_H_
