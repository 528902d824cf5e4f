// Strict UTF-8 validation and decoding (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
#ifndef LIANGYAN_TEXT_UTF8_H_
#define LIANGYAN_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace liangyan::text {

// True if `s` is well-formed UTF-8.  Otherwise false, and *error_offset (may be null) is the
// byte offset of the first byte of the first ill-formed sequence.
bool IsValidUtf8(std::string_view s, size_t* error_offset);

// Copies `s` into *out, replacing each maximal ill-formed subsequence (Unicode §3.9, "U+FFFD
// substitution of maximal subparts") with U+FFFD.  Returns how many replacements were made.
size_t ReplaceInvalidUtf8(std::string_view s, std::string* out);

// Decodes the code point starting at s[pos] of VALID UTF-8; returns its length in bytes.
inline size_t DecodeValid(std::string_view s, size_t pos, char32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  if (b0 < 0xE0) {
    *cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[pos + 1]) & 0x3Fu);
    return 2;
  }
  if (b0 < 0xF0) {
    *cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[pos + 1]) & 0x3Fu) << 6) |
          (static_cast<unsigned char>(s[pos + 2]) & 0x3Fu);
    return 3;
  }
  *cp = ((b0 & 0x07u) << 18) | ((static_cast<unsigned char>(s[pos + 1]) & 0x3Fu) << 12) |
        ((static_cast<unsigned char>(s[pos + 2]) & 0x3Fu) << 6) |
        (static_cast<unsigned char>(s[pos + 3]) & 0x3Fu);
  return 4;
}

// Appends the UTF-8 encoding of a valid scalar value.
void AppendUtf8(char32_t cp, std::string* out);

// Number of code points in valid UTF-8.
size_t CountCodePoints(std::string_view valid_utf8);

}  // namespace liangyan::text

#endif  // LIANGYAN_TEXT_UTF8_H_
