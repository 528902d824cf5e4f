// The text the rules match against, and the way back to the caller's original bytes.
#ifndef LIANGYAN_TEXT_NORMALIZED_TEXT_H_
#define LIANGYAN_TEXT_NORMALIZED_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/script_fold.h"

namespace liangyan::text {

// How the input writes punctuation, so that inserted text can follow it.
enum class PunctuationWidth { kFull, kHalf };

struct NormalizedText {
  // Folded copy for matching only: full-width ASCII forms -> ASCII (，？！：；（） -> ,?!:;()),
  // U+3000 -> space, ASCII letters -> lower case, Traditional -> Simplified, 甚麼 -> 什么, and
  // spaces between two Han characters removed (word-segmented transcripts).  Everything else
  // is kept as is.
  std::string folded;
  // to_original[i] = byte offset in the original text of the code point that starts at byte i
  // of `folded`; entries for continuation bytes repeat the code point's start.
  // to_original[folded.size()] = original.size().
  std::vector<uint32_t> to_original;
  Script script = Script::kNone;
  PunctuationWidth punctuation = PunctuationWidth::kFull;
  // Counted while folding, for the clause parser's guess at a word-segmented transcript: the
  // spaces in `folded` plus the places where folding dropped or shortened something between
  // two characters (a gap in to_original), and the folded characters that are Han by
  // parse's definition (up to U+2FA1F).
  uint32_t space_breaks = 0;
  uint32_t han_characters = 0;

  // Maps a folded span [begin, end) to the original span [*orig_begin, *orig_end).
  void MapSpan(uint32_t begin, uint32_t end, uint32_t* orig_begin, uint32_t* orig_end) const;
};

// Fills *out from valid UTF-8.  Reuses out's capacity (no allocation in steady state).
void Normalize(std::string_view original, NormalizedText* out);

}  // namespace liangyan::text

#endif  // LIANGYAN_TEXT_NORMALIZED_TEXT_H_
