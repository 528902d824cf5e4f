#include "text/utf8.h"

#include <cstring>

namespace liangyan::text {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ull;

// Length of the leading run of ASCII bytes in [p, end).  Chinese utterances are mostly
// 3-byte characters, but ASCII runs (digits, order numbers, half-width punctuation) are common
// enough that checking eight bytes at a time pays for itself.
size_t AsciiPrefix(const unsigned char* p, const unsigned char* end) {
  const unsigned char* q = p;
  while (end - q >= 8) {
    uint64_t word;
    std::memcpy(&word, q, sizeof word);  // Unaligned-safe load.
    if (word & kHighBits) break;
    q += 8;
  }
  while (q < end && *q < 0x80) ++q;
  return static_cast<size_t>(q - p);
}

// Examines the non-ASCII sequence starting at p (p < end, *p >= 0x80).  Returns its length
// when it is well formed (Unicode Table 3-7).  Otherwise returns 0 and sets *bad_length to the
// length of the maximal subpart: the longest prefix that could still start a well-formed
// sequence, or 1 when the first byte cannot start one.
size_t CheckSequence(const unsigned char* p, const unsigned char* end, size_t* bad_length) {
  const unsigned char b0 = p[0];
  size_t length;
  // The second byte's range is what excludes overlongs (E0, F0), surrogates (ED) and code
  // points above U+10FFFF (F4); later bytes are always 80..BF.
  unsigned char second_lo = 0x80;
  unsigned char second_hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) second_lo = 0xA0;
    if (b0 == 0xED) second_hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) second_lo = 0x90;
    if (b0 == 0xF4) second_hi = 0x8F;
  } else {
    *bad_length = 1;  // Stray continuation byte, C0/C1 (always overlong), or F5..FF.
    return 0;
  }
  const size_t available = static_cast<size_t>(end - p);
  for (size_t i = 1; i < length; ++i) {
    const unsigned char lo = i == 1 ? second_lo : 0x80;
    const unsigned char hi = i == 1 ? second_hi : 0xBF;
    if (i >= available || p[i] < lo || p[i] > hi) {
      *bad_length = i;
      return 0;
    }
  }
  return length;
}

}  // namespace

bool IsValidUtf8(std::string_view s, size_t* error_offset) {
  const auto* const begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = begin + s.size();
  const unsigned char* p = begin;
  while (p < end) {
    // Chinese text is mostly three-byte characters whose lead byte (E1..EC) allows any
    // continuation bytes: check those without the general table.
    while (end - p >= 3 && p[0] >= 0xE1 && p[0] <= 0xEC && (p[1] & 0xC0) == 0x80 &&
           (p[2] & 0xC0) == 0x80) {
      p += 3;
    }
    p += AsciiPrefix(p, end);
    if (p == end) break;
    size_t bad_length;
    const size_t length = CheckSequence(p, end, &bad_length);
    if (length == 0) {
      if (error_offset != nullptr) *error_offset = static_cast<size_t>(p - begin);
      return false;
    }
    p += length;
  }
  return true;
}

size_t ReplaceInvalidUtf8(std::string_view s, std::string* out) {
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  out->clear();
  out->reserve(s.size());
  const auto* const begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = begin + s.size();
  const unsigned char* p = begin;
  const unsigned char* run_start = begin;  // Start of the pending well-formed bytes.
  size_t replacements = 0;
  while (p < end) {
    p += AsciiPrefix(p, end);
    if (p == end) break;
    size_t bad_length;
    const size_t length = CheckSequence(p, end, &bad_length);
    if (length != 0) {
      p += length;
      continue;
    }
    out->append(reinterpret_cast<const char*>(run_start), static_cast<size_t>(p - run_start));
    out->append(kReplacement, 3);
    ++replacements;
    p += bad_length;
    run_start = p;
  }
  out->append(reinterpret_cast<const char*>(run_start), static_cast<size_t>(end - run_start));
  return replacements;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  char buf[4];
  size_t n;
  if (cp < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  out->append(buf, n);
}

size_t CountCodePoints(std::string_view valid_utf8) {
  // Every code point has exactly one non-continuation byte; this form vectorises.
  size_t count = 0;
  for (const char c : valid_utf8) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return count;
}

}  // namespace liangyan::text
