// Per-code-point script folding between Traditional and Simplified Chinese.
//
// The tables are generated at build time from ICU's Hant-Hans / Hans-Hant transliterators
// (tools/gen_script_tables.cc), one code point to one code point, so that folding never
// changes the number of code points and offsets map back trivially.  Per-call ICU
// transliteration costs ~25x more than a table look-up (measured on this project's machine).
#ifndef LIANGYAN_TEXT_SCRIPT_FOLD_H_
#define LIANGYAN_TEXT_SCRIPT_FOLD_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace liangyan::text {

namespace internal {
// A bit per BMP code point: set when ToSimplified or ToTraditional changes it.
extern const std::array<uint64_t, 0x10000 / 64> kFoldingChanges;
}  // namespace internal

// True for CJK ideographs (Extension A, the URO, compatibility ideographs, and planes 2-3):
// the characters that script folding and the space-dropping rule treat as Han.
constexpr bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

// Simplified form of a Traditional character; `cp` itself when it has none.
char32_t ToSimplified(char32_t cp);
// Preferred Traditional form of a Simplified character; `cp` itself when it has none.
char32_t ToTraditional(char32_t cp);
// ToTraditional(cp) != cp, cheaper.
bool HasTraditionalForm(char32_t cp);
// ToSimplified(cp), and HasTraditionalForm(cp) in *has_traditional_form: normalisation asks
// both of every Han character.
char32_t ToSimplifiedNoting(char32_t cp, bool* has_traditional_form);

// False when folding leaves `cp` alone in both directions, so that ToSimplified(cp) == cp and
// HasTraditionalForm(cp) is false.  Inline and one load: normalisation asks it of every Han
// character, and most characters of any text (您, 的, 我) are written alike in both scripts.
inline bool FoldingMayChange(char32_t cp) {
  if (cp >= 0x10000) return true;
  return (internal::kFoldingChanges[cp >> 6] >> (cp & 63)) & 1;
}

// Converts valid UTF-8 text code point by code point, plus the few context rules that
// ICU applies and a table cannot (甚麼 -> 什么).  Output has the same number of code points.
std::string ToSimplifiedText(std::string_view valid_utf8);
std::string ToTraditionalText(std::string_view valid_utf8);
// ToTraditionalText(valid_utf8) appended to *out.
void AppendTraditionalText(std::string_view valid_utf8, std::string* out);

enum class Script { kNone, kSimplified, kTraditional };

// The script of a text: Traditional when it has more characters that only exist in
// Traditional than characters that only exist in Simplified; kNone without Han characters.
Script DetectScript(std::string_view valid_utf8);

}  // namespace liangyan::text

#endif  // LIANGYAN_TEXT_SCRIPT_FOLD_H_
