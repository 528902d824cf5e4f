#include "text/normalized_text.h"

#include <cstring>

#include "text/utf8.h"

namespace liangyan::text {
namespace {

constexpr size_t kNoPending = static_cast<size_t>(-1);
constexpr char32_t kIdeographicSpace = 0x3000;
constexpr char32_t kFullWidthFirst = 0xFF01;  // ！
constexpr char32_t kFullWidthLast = 0xFF5E;   // ～
constexpr char32_t kFullWidthOffset = 0xFF01 - 0x21;

constexpr char ToLowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

constexpr bool IsHalfWidthPunctuation(char c) {
  return c == ',' || c == '?' || c == '!' || c == ';' || c == ':';
}

constexpr bool IsFullWidthPunctuation(char32_t cp) {
  return cp == U'，' || cp == U'？' || cp == U'！' || cp == U'；' || cp == U'：';
}

// A Han character that folding leaves alone in both directions (FoldingMayChange), other than
// the 甚 of 甚麼: normalisation copies it as it is.  Always a BMP character, three bytes.
inline bool CopiedAsIs(char32_t cp) { return IsHan(cp) && !FoldingMayChange(cp) && cp != U'甚'; }

constexpr uint32_t Utf8Length(char32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Writes the folded text and its offset map together so the two can never drift apart.  It
// writes through raw pointers into buffers pre-sized to the original's length (folding never
// lengthens text): per-character push_back/append calls were the bulk of Normalize's time.
class Emitter {
 public:
  Emitter(char* folded, uint32_t* map) : folded_(folded), map_(map) {}

  size_t size() const { return size_; }
  // Spaces emitted plus gaps: a character that starts further into the original than the
  // previous one's start plus its folded length.
  uint32_t space_breaks() const { return spaces_ + gaps_; }

  void Ascii(char c, size_t original_offset) {
    NoteGap(original_offset, 1);
    folded_[size_] = c;
    map_[size_] = static_cast<uint32_t>(original_offset);
    ++size_;
  }

  void CodePoint(char32_t cp, size_t original_offset) {
    if (cp < 0x80) {
      Ascii(static_cast<char>(cp), original_offset);
      return;
    }
    const auto offset = static_cast<uint32_t>(original_offset);
    char* out = folded_ + size_;
    uint32_t* map = map_ + size_;
    if (cp < 0x800) {
      NoteGap(original_offset, 2);
      out[0] = static_cast<char>(0xC0 | (cp >> 6));
      out[1] = static_cast<char>(0x80 | (cp & 0x3F));
      map[0] = map[1] = offset;
      size_ += 2;
    } else if (cp < 0x10000) {
      NoteGap(original_offset, 3);
      out[0] = static_cast<char>(0xE0 | (cp >> 12));
      out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out[2] = static_cast<char>(0x80 | (cp & 0x3F));
      map[0] = map[1] = map[2] = offset;
      size_ += 3;
    } else {
      NoteGap(original_offset, 4);
      out[0] = static_cast<char>(0xF0 | (cp >> 18));
      out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out[3] = static_cast<char>(0x80 | (cp & 0x3F));
      map[0] = map[1] = map[2] = map[3] = offset;
      size_ += 4;
    }
  }

  // Emits a run of three-byte characters unchanged: the `length` bytes at original[offset].
  void CopyThreeByteRun(const char* bytes, uint32_t length, size_t original_offset) {
    NoteGap(original_offset, length);  // within the run, each character follows the last
    std::memcpy(folded_ + size_, bytes, length);
    auto offset = static_cast<uint32_t>(original_offset);
    for (uint32_t i = 0; i < length; i += 3, offset += 3) {
      map_[size_ + i] = map_[size_ + i + 1] = map_[size_ + i + 2] = offset;
    }
    size_ += length;
  }

  // Emits the run of ASCII and ideographic spaces in original[begin, end) as ASCII spaces.
  void Spaces(std::string_view original, size_t begin, size_t end) {
    while (begin < end) {
      ++spaces_;
      Ascii(' ', begin);
      begin += original[begin] == ' ' ? 1 : 3;  // The run holds only ' ' and U+3000.
    }
  }

 private:
  // Called before each character is written, with where it starts in the original and how
  // long it is folded.
  void NoteGap(size_t original_offset, uint32_t folded_length) {
    if (size_ > 0 && original_offset > previous_end_) ++gaps_;
    previous_end_ = original_offset + folded_length;
  }

  char* const folded_;
  uint32_t* const map_;
  size_t size_ = 0;
  size_t previous_end_ = 0;
  uint32_t spaces_ = 0;
  uint32_t gaps_ = 0;
};

}  // namespace

void NormalizedText::MapSpan(uint32_t begin, uint32_t end, uint32_t* orig_begin,
                             uint32_t* orig_end) const {
  if (to_original.empty()) {  // Never normalised: there is nothing to map into.
    *orig_begin = *orig_end = 0;
    return;
  }
  const auto size = static_cast<uint32_t>(folded.size());
  if (end > size) end = size;
  if (begin > end) begin = end;
  *orig_begin = to_original[begin];
  if (begin == end) {
    *orig_end = *orig_begin;
    return;
  }
  // A span that ends inside a character covers all of it.
  while (end < size && (static_cast<unsigned char>(folded[end]) & 0xC0) == 0x80) ++end;
  uint32_t last = end - 1;
  while (last > 0 && (static_cast<unsigned char>(folded[last]) & 0xC0) == 0x80) --last;
  char32_t cp;
  DecodeValid(folded, last, &cp);
  if (IsHan(cp)) {
    // Spaces dropped after a Han character sit between it and to_original[end]; they are not
    // part of the span.  Script folding keeps a Han character's UTF-8 length (checked when
    // the tables are compiled), so its original extent is its folded length.
    *orig_end = to_original[last] + Utf8Length(cp);
  } else {
    *orig_end = to_original[end];
  }
}

void Normalize(std::string_view original, NormalizedText* out) {
  // Folding never lengthens the text, so sizing the buffers to the original is enough.  clear()
  // first so that resize() does not copy stale contents, and since neither releases capacity,
  // nothing is allocated once the buffers have seen an utterance this long.
  out->folded.clear();
  out->to_original.clear();
  out->folded.resize(original.size());
  out->to_original.resize(original.size() + 1);

  Emitter emit(out->folded.data(), out->to_original.data());
  size_t han = 0;
  uint32_t han_characters = 0;  // by parse's reckoning: not beyond U+2FA1F
  size_t traditional_only = 0;
  size_t simplified_only = 0;
  size_t half_width_punctuation = 0;
  size_t full_width_punctuation = 0;
  // Spaces are held back until the next character shows whether they separate two Han
  // characters (dropped: word-segmented transcripts) or anything else (kept).
  size_t pending_spaces = kNoPending;
  bool previous_is_han = false;

  size_t pos = 0;
  while (pos < original.size()) {
    const char byte = original[pos];
    if (static_cast<unsigned char>(byte) < 0x80) {
      if (byte == ' ') {
        if (pending_spaces == kNoPending) pending_spaces = pos;
        ++pos;
        continue;
      }
      if (pending_spaces != kNoPending) {
        emit.Spaces(original, pending_spaces, pos);
        pending_spaces = kNoPending;
      }
      half_width_punctuation += IsHalfWidthPunctuation(byte);
      emit.Ascii(ToLowerAscii(byte), pos);
      previous_is_han = false;
      ++pos;
      continue;
    }

    char32_t cp;
    const size_t length = DecodeValid(original, pos, &cp);
    if (cp == kIdeographicSpace) {
      if (pending_spaces == kNoPending) pending_spaces = pos;
      pos += length;
      continue;
    }
    const bool is_han = IsHan(cp);
    if (pending_spaces != kNoPending) {
      if (!(is_han && previous_is_han)) emit.Spaces(original, pending_spaces, pos);
      pending_spaces = kNoPending;
    }

    char32_t folded = cp;
    if (CopiedAsIs(cp)) {
      // Written alike in both scripts (most Han characters of any text): copied as is, with
      // the like characters that follow it, which need none of the tests above.
      size_t run_end = pos + length;  // a BMP character: three bytes
      while (run_end + 3 <= original.size()) {
        const auto lead = static_cast<unsigned char>(original[run_end]);
        if (lead < 0xE3 || lead > 0xE9) break;  // U+3000..U+9FFF
        const char32_t next = ((lead & 0x0Fu) << 12) |
                              ((static_cast<unsigned char>(original[run_end + 1]) & 0x3Fu) << 6) |
                              (static_cast<unsigned char>(original[run_end + 2]) & 0x3Fu);
        if (!CopiedAsIs(next)) break;
        run_end += 3;
      }
      const auto run_characters = static_cast<uint32_t>((run_end - pos) / 3);
      han += run_characters;
      han_characters += run_characters;  // BMP characters
      emit.CopyThreeByteRun(original.data() + pos, static_cast<uint32_t>(run_end - pos), pos);
      previous_is_han = true;
      pos = run_end;
      continue;
    }
    if (is_han) {
      bool has_traditional_form;
      folded = ToSimplifiedNoting(cp, &has_traditional_form);
      // Same counts as DetectScript, gathered here to avoid a second pass over the text.
      ++han;
      han_characters += folded < 0x2FA20;
      traditional_only += folded != cp;
      simplified_only += has_traditional_form;
      if (cp == U'甚' && original.substr(pos + length, 3) == "麼") folded = U'什';
    } else if (cp >= kFullWidthFirst && cp <= kFullWidthLast) {
      full_width_punctuation += IsFullWidthPunctuation(cp);
      folded = static_cast<char32_t>(ToLowerAscii(static_cast<char>(cp - kFullWidthOffset)));
    }
    emit.CodePoint(folded, pos);
    previous_is_han = is_han;
    pos += length;
  }
  if (pending_spaces != kNoPending) emit.Spaces(original, pending_spaces, pos);
  out->folded.resize(emit.size());
  out->to_original.resize(emit.size() + 1);
  out->to_original.back() = static_cast<uint32_t>(original.size());
  out->space_breaks = emit.space_breaks();
  out->han_characters = han_characters;

  if (han == 0) {
    out->script = Script::kNone;
  } else {
    out->script = traditional_only > simplified_only ? Script::kTraditional : Script::kSimplified;
  }
  out->punctuation = half_width_punctuation > full_width_punctuation ? PunctuationWidth::kHalf
                                                                     : PunctuationWidth::kFull;
}

}  // namespace liangyan::text
