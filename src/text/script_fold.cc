#include "text/script_fold.h"

#include <array>
#include <cstddef>
#include <cstdint>

#include "text/utf8.h"

namespace liangyan::text {
namespace {

struct ScriptPair {
  uint32_t from;
  uint32_t to;
};

// Generated at build time by tools/gen_script_tables.cc: kHantToHans and kHansToHant.
#include "script_tables.inc"

// A rank/select index over one sorted table.  For the BMP, a bitmap says whether a code point
// has a mapping and the per-word rank plus a popcount gives its position in the table, so a
// look-up is a couple of loads instead of a 12-step binary search, and characters without a
// mapping (most of them, in either direction) stop at the bitmap.  It is built at compile time
// from the generated arrays, so there is no start-up work and nothing to initialise.
struct FoldIndex {
  static constexpr size_t kWords = 0x10000 / 64;
  std::array<uint64_t, kWords> bits{};
  std::array<uint16_t, kWords> rank{};  // Table entries before word i.
  size_t bmp_count = 0;                 // Entries below U+10000; the rest are searched.
};

constexpr size_t Utf8Length(uint32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

template <size_t N>
constexpr bool IsWellFormedTable(const ScriptPair (&pairs)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (i > 0 && pairs[i - 1].from >= pairs[i].from) return false;
    // NormalizedText::MapSpan recovers a Han character's original length from its folded
    // length, so folding must not change it.
    if (Utf8Length(pairs[i].from) != Utf8Length(pairs[i].to)) return false;
    if (!IsHan(pairs[i].from) || !IsHan(pairs[i].to)) return false;
  }
  return N < 0x10000;  // Ranks are 16-bit.
}

// std::popcount becomes a libgcc call unless the build targets POPCNT; this branch-free form
// stays inline and is several times cheaper on the look-up path.
constexpr uint32_t PopCount(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<uint32_t>((x * 0x0101010101010101ull) >> 56);
}
static_assert(PopCount(0) == 0 && PopCount(~0ull) == 64 && PopCount(0x8000000000000101ull) == 3);

template <size_t N>
constexpr FoldIndex BuildIndex(const ScriptPair (&pairs)[N]) {
  FoldIndex index;
  size_t i = 0;
  for (; i < N && pairs[i].from < 0x10000; ++i) {
    index.bits[pairs[i].from >> 6] |= uint64_t{1} << (pairs[i].from & 63);
  }
  index.bmp_count = i;
  uint16_t running = 0;
  for (size_t w = 0; w < FoldIndex::kWords; ++w) {
    index.rank[w] = running;
    running = static_cast<uint16_t>(running + PopCount(index.bits[w]));
  }
  return index;
}

static_assert(IsWellFormedTable(kHantToHans), "kHantToHans must be sorted, Han, length-stable");
static_assert(IsWellFormedTable(kHansToHant), "kHansToHant must be sorted, Han, length-stable");

constexpr FoldIndex kHantToHansIndex = BuildIndex(kHantToHans);
constexpr FoldIndex kHansToHantIndex = BuildIndex(kHansToHant);

// BMP characters whose Traditional form differs from them: script detection only needs to
// know that, which one bit answers without the rank look-up.
struct ChangeBits {
  std::array<uint64_t, 0x10000 / 64> bits{};
};
template <size_t N>
constexpr ChangeBits BuildChangeBits(const ScriptPair (&pairs)[N]) {
  ChangeBits out;
  for (size_t i = 0; i < N && pairs[i].from < 0x10000; ++i) {
    if (pairs[i].from != pairs[i].to)
      out.bits[pairs[i].from >> 6] |= uint64_t{1} << (pairs[i].from & 63);
  }
  return out;
}
constexpr ChangeBits kHasTraditional = BuildChangeBits(kHansToHant);
constexpr ChangeBits kHasSimplified = BuildChangeBits(kHantToHans);

template <size_t N>
char32_t Lookup(const FoldIndex& index, const ScriptPair (&pairs)[N], char32_t cp) {
  if (cp < 0x10000) {
    const uint64_t word = index.bits[cp >> 6];
    const uint64_t bit = uint64_t{1} << (cp & 63);
    if ((word & bit) == 0) return cp;
    return pairs[index.rank[cp >> 6] + PopCount(word & (bit - 1))].to;
  }
  // Supplementary-plane mappings are few (none in ICU 72), so a plain binary search will do.
  size_t lo = index.bmp_count;
  size_t hi = N;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (pairs[mid].from < cp) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < N && pairs[lo].from == cp ? pairs[lo].to : cp;
}

// The one multi-character rule that matters for customer-service speech: ICU converts 甚麼 as a
// word to 什么 (and back), while 甚 alone stays 甚.
constexpr char32_t kShen = U'甚';
constexpr char32_t kShi = U'什';
constexpr std::string_view kMoTraditional = "麼";
constexpr std::string_view kMeSimplified = "么";

bool NextIs(std::string_view s, size_t pos, std::string_view what) {
  return s.substr(pos, what.size()) == what;
}

}  // namespace

namespace internal {
constexpr std::array<uint64_t, 0x10000 / 64> BuildFoldingChanges() {
  std::array<uint64_t, 0x10000 / 64> bits{};
  for (size_t w = 0; w < bits.size(); ++w) {
    bits[w] = kHasTraditional.bits[w] | kHasSimplified.bits[w];
  }
  return bits;
}
constexpr std::array<uint64_t, 0x10000 / 64> kFoldingChanges = BuildFoldingChanges();
}  // namespace internal

char32_t ToSimplified(char32_t cp) { return Lookup(kHantToHansIndex, kHantToHans, cp); }

char32_t ToTraditional(char32_t cp) { return Lookup(kHansToHantIndex, kHansToHant, cp); }

bool HasTraditionalForm(char32_t cp) {
  if (cp < 0x10000) return (kHasTraditional.bits[cp >> 6] >> (cp & 63)) & 1;
  return ToTraditional(cp) != cp;
}

char32_t ToSimplifiedNoting(char32_t cp, bool* has_traditional_form) {
  *has_traditional_form = HasTraditionalForm(cp);
  return ToSimplified(cp);
}

std::string ToSimplifiedText(std::string_view valid_utf8) {
  std::string out;
  out.reserve(valid_utf8.size());
  size_t pos = 0;
  while (pos < valid_utf8.size()) {
    char32_t cp;
    const size_t length = DecodeValid(valid_utf8, pos, &cp);
    if (cp == kShen && NextIs(valid_utf8, pos + length, kMoTraditional)) {
      AppendUtf8(kShi, &out);  // 麼 itself folds to 么 through the table.
    } else {
      AppendUtf8(ToSimplified(cp), &out);
    }
    pos += length;
  }
  return out;
}

std::string ToTraditionalText(std::string_view valid_utf8) {
  std::string out;
  out.reserve(valid_utf8.size());
  AppendTraditionalText(valid_utf8, &out);
  return out;
}

void AppendTraditionalText(std::string_view valid_utf8, std::string* out) {
  size_t pos = 0;
  while (pos < valid_utf8.size()) {
    char32_t cp;
    const size_t length = DecodeValid(valid_utf8, pos, &cp);
    if (cp == kShi && NextIs(valid_utf8, pos + length, kMeSimplified)) {
      AppendUtf8(kShen, out);  // 么 itself becomes 麼 through the table.
    } else {
      AppendUtf8(ToTraditional(cp), out);
    }
    pos += length;
  }
}

Script DetectScript(std::string_view valid_utf8) {
  size_t han = 0;
  size_t traditional_only = 0;
  size_t simplified_only = 0;
  size_t pos = 0;
  while (pos < valid_utf8.size()) {
    if (static_cast<unsigned char>(valid_utf8[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t cp;
    pos += DecodeValid(valid_utf8, pos, &cp);
    if (!IsHan(cp)) continue;
    ++han;
    traditional_only += ToSimplified(cp) != cp;
    simplified_only += ToTraditional(cp) != cp;
  }
  if (han == 0) return Script::kNone;
  return traditional_only > simplified_only ? Script::kTraditional : Script::kSimplified;
}

}  // namespace liangyan::text
