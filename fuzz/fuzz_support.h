// Shared by the fuzz targets: a byte reader for structured inputs and the properties every
// ly_result must have whatever the input.  A broken property aborts, which libFuzzer (and the
// corpus replay in ctest) reports as a crash with the input that caused it.
//
// Compiles with clang for libFuzzer and with the project's normal compiler for the replay
// test, so it uses nothing from <fuzzer/FuzzedDataProvider.h>.
#ifndef LIANGYAN_FUZZ_FUZZ_SUPPORT_H_
#define LIANGYAN_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "liangyan/liangyan.h"

namespace ly_fuzz {

[[noreturn]] inline void Fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz property violated: %s\n%s\n", what, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

#define LY_FUZZ_REQUIRE(cond, detail)              \
  do {                                             \
    if (!(cond)) ::ly_fuzz::Fail(#cond, (detail)); \
  } while (0)

// Reads structure off the front of the input; once it is exhausted every read yields zeros,
// so any byte string is a valid input (libFuzzer mutates blindly).
class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  bool Bit(uint8_t byte, int bit) const { return (byte >> bit) & 1; }

  // A string of at most `max` bytes: a length byte, then the bytes.  Length-prefixed rather
  // than delimited so that every byte value, NUL included, can appear inside.
  std::string Chunk(size_t max) {
    size_t n = Byte();
    if (n > max) n = max;
    if (n > size_ - pos_) n = size_ - pos_;
    std::string out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }

  std::string_view Rest() {
    std::string_view out(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_);
    pos_ = size_;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Strict RFC 3629, written independently of src/text so that the two can disagree.
inline bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      n = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      n = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      n = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

inline bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

inline int64_t CodePoints(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n += !IsContinuation(c);
  return n;
}

inline std::string Str(const ly_result* r, ly_item item, size_t i, ly_field field) {
  size_t len = 0;
  const char* s = ly_result_get_str(r, item, i, field, &len);
  return s ? std::string(s, len) : std::string();
}

inline std::string Json(const ly_result* r) {
  char* json = nullptr;
  size_t len = 0;
  const ly_status status = ly_result_to_json(r, &json, &len);
  LY_FUZZ_REQUIRE(status == LY_OK && json != nullptr, ly_status_name(status));
  std::string out(json, len);
  LY_FUZZ_REQUIRE(std::strlen(json) == len, "JSON holds a raw NUL");
  ly_free(json);
  LY_FUZZ_REQUIRE(IsUtf8(out), out);
  for (char c : out) {
    LY_FUZZ_REQUIRE(static_cast<unsigned char>(c) >= 0x20, "raw control character in JSON");
  }
  LY_FUZZ_REQUIRE(out.size() >= 2 && out.front() == '{' && out.back() == '}', out);
  return out;
}

struct Expectations {
  // Byte offsets index the summary text (UTF-8 input) or the caller's encoded bytes.
  bool encoded = false;
  size_t encoded_size = 0;
  int64_t max_rewrites = 3;
};

// A span's four offsets agree with each other and with the text they index.
inline void CheckSpan(const ly_result* r, ly_item item, size_t i, const std::string& text,
                      const Expectations& want) {
  const int64_t begin = ly_result_get_int(r, item, i, LY_FIELD_BEGIN);
  const int64_t end = ly_result_get_int(r, item, i, LY_FIELD_END);
  const int64_t begin_cp = ly_result_get_int(r, item, i, LY_FIELD_BEGIN_CP);
  const int64_t end_cp = ly_result_get_int(r, item, i, LY_FIELD_END_CP);
  const std::string where = "item " + std::to_string(item) + "#" + std::to_string(i) + " [" +
                            std::to_string(begin) + "," + std::to_string(end) + ")";
  LY_FUZZ_REQUIRE(0 <= begin && begin <= end, where);
  LY_FUZZ_REQUIRE(0 <= begin_cp && begin_cp <= end_cp, where);
  if (want.encoded) {
    LY_FUZZ_REQUIRE(static_cast<size_t>(end) <= want.encoded_size, where);
    LY_FUZZ_REQUIRE(end_cp <= CodePoints(text), where);
    return;
  }
  LY_FUZZ_REQUIRE(static_cast<size_t>(end) <= text.size(), where);
  // Spans never cut a character, and code-point offsets count the same prefix.
  LY_FUZZ_REQUIRE(static_cast<size_t>(begin) == text.size() || !IsContinuation(text[begin]), where);
  LY_FUZZ_REQUIRE(static_cast<size_t>(end) == text.size() || !IsContinuation(text[end]), where);
  LY_FUZZ_REQUIRE(begin_cp == CodePoints(std::string_view(text).substr(0, begin)), where);
  LY_FUZZ_REQUIRE(end_cp == CodePoints(std::string_view(text).substr(0, end)), where);
}

// The edits of the best rewrite, applied to the checked text.  A host that highlights or
// applies edits itself relies on this giving the rewritten text.
inline std::string ApplyEdits(const ly_result* r) {
  const std::string text = Str(r, LY_ITEM_SUMMARY, 0, LY_FIELD_TEXT);
  std::string out;
  size_t cursor = 0;
  for (size_t i = 0; i < ly_result_count(r, LY_ITEM_EDIT); ++i) {
    const auto begin = static_cast<size_t>(ly_result_get_int(r, LY_ITEM_EDIT, i, LY_FIELD_BEGIN));
    const auto end = static_cast<size_t>(ly_result_get_int(r, LY_ITEM_EDIT, i, LY_FIELD_END));
    out.append(text, cursor, begin - cursor);
    out += Str(r, LY_ITEM_EDIT, i, LY_FIELD_TEXT);
    cursor = end;
  }
  out.append(text, cursor, std::string::npos);
  return out;
}

inline void CheckEditsGiveRewrite(const ly_result* r) {
  if (ly_result_count(r, LY_ITEM_REWRITE) == 0) return;
  const std::string rewrite = Str(r, LY_ITEM_REWRITE, 0, LY_FIELD_TEXT);
  LY_FUZZ_REQUIRE(ApplyEdits(r) == rewrite,
                  "edits applied: " + ApplyEdits(r) + "\nrewrite: " + rewrite);
}

// What must hold for every successful check, whatever the input and pack.
inline void CheckResult(const ly_result* r, const Expectations& want) {
  LY_FUZZ_REQUIRE(r != nullptr, "LY_OK without a result");
  LY_FUZZ_REQUIRE(ly_result_count(r, LY_ITEM_SUMMARY) == 1, "");
  const std::string text = Str(r, LY_ITEM_SUMMARY, 0, LY_FIELD_TEXT);
  LY_FUZZ_REQUIRE(IsUtf8(text), "summary text is not UTF-8");
  const int64_t score = ly_result_get_int(r, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE);
  LY_FUZZ_REQUIRE(score >= 0 && score <= 100, std::to_string(score));
  const std::string script = Str(r, LY_ITEM_SUMMARY, 0, LY_FIELD_SCRIPT);
  LY_FUZZ_REQUIRE(script == "simplified" || script == "traditional" || script == "none", script);

  const size_t findings = ly_result_count(r, LY_ITEM_FINDING);
  int64_t previous_begin = -1;
  for (size_t i = 0; i < findings; ++i) {
    CheckSpan(r, LY_ITEM_FINDING, i, text, want);
    const int64_t begin = ly_result_get_int(r, LY_ITEM_FINDING, i, LY_FIELD_BEGIN);
    LY_FUZZ_REQUIRE(begin >= previous_begin, "findings out of text order");
    previous_begin = begin;
    const int64_t severity = ly_result_get_int(r, LY_ITEM_FINDING, i, LY_FIELD_SEVERITY);
    LY_FUZZ_REQUIRE(severity >= 1 && severity <= 4, std::to_string(severity));
    const int64_t weight = ly_result_get_int(r, LY_ITEM_FINDING, i, LY_FIELD_WEIGHT);
    LY_FUZZ_REQUIRE(weight >= 0 && weight <= 100, std::to_string(weight));
    LY_FUZZ_REQUIRE(!Str(r, LY_ITEM_FINDING, i, LY_FIELD_RULE_ID).empty(), "finding without rule");
    LY_FUZZ_REQUIRE(!Str(r, LY_ITEM_FINDING, i, LY_FIELD_CATEGORY).empty(), "no category");
    LY_FUZZ_REQUIRE(IsUtf8(Str(r, LY_ITEM_FINDING, i, LY_FIELD_REPLACEMENT)), "replacement");
  }
  for (size_t i = 0; i < ly_result_count(r, LY_ITEM_CREDIT); ++i) {
    CheckSpan(r, LY_ITEM_CREDIT, i, text, want);
  }

  const size_t rewrites = ly_result_count(r, LY_ITEM_REWRITE);
  LY_FUZZ_REQUIRE(static_cast<int64_t>(rewrites) <= want.max_rewrites, std::to_string(rewrites));
  LY_FUZZ_REQUIRE(rewrites == 0 || findings > 0, "a rewrite of an utterance without findings");
  for (size_t i = 0; i < rewrites; ++i) {
    LY_FUZZ_REQUIRE(IsUtf8(Str(r, LY_ITEM_REWRITE, i, LY_FIELD_TEXT)), "rewrite not UTF-8");
    const int64_t s = ly_result_get_int(r, LY_ITEM_REWRITE, i, LY_FIELD_SCORE);
    LY_FUZZ_REQUIRE(s >= 0 && s <= 100, std::to_string(s));
    const int64_t fixes = ly_result_get_int(r, LY_ITEM_REWRITE, i, LY_FIELD_FIXES);
    LY_FUZZ_REQUIRE(fixes >= 0 && static_cast<size_t>(fixes) <= findings, std::to_string(fixes));
  }
  int64_t previous_end = 0;
  for (size_t i = 0; i < ly_result_count(r, LY_ITEM_EDIT); ++i) {
    CheckSpan(r, LY_ITEM_EDIT, i, text, want);
    const int64_t begin = ly_result_get_int(r, LY_ITEM_EDIT, i, LY_FIELD_BEGIN);
    LY_FUZZ_REQUIRE(begin >= previous_end, "edits overlap or are out of order");
    previous_end = ly_result_get_int(r, LY_ITEM_EDIT, i, LY_FIELD_END);
    LY_FUZZ_REQUIRE(IsUtf8(Str(r, LY_ITEM_EDIT, i, LY_FIELD_TEXT)), "edit text not UTF-8");
  }
  // Slot names are not checked here: a pack may write `{}`, which lists a slot named "" that
  // no host can fill (reported; tests/hardening KnownBug.AnEmptySlotKeyIsRefusedByTheLoader).
  for (size_t i = 0; i < ly_result_count(r, LY_ITEM_SLOT); ++i) {
    LY_FUZZ_REQUIRE(IsUtf8(Str(r, LY_ITEM_SLOT, i, LY_FIELD_TEXT)), "slot marker not UTF-8");
  }

  // Past-the-end reads are refused, never read out of bounds.
  LY_FUZZ_REQUIRE(
      ly_result_get_str(r, LY_ITEM_FINDING, findings, LY_FIELD_RULE_ID, nullptr) == nullptr, "");
  LY_FUZZ_REQUIRE(ly_result_get_int(r, LY_ITEM_REWRITE, rewrites, LY_FIELD_SCORE) == -1, "");
  if (!want.encoded) CheckEditsGiveRewrite(r);
  Json(r);
}

// The same check twice gives the same answer: nothing in the engine depends on history
// (the scratch pool, lazily built DFA states).
inline void CheckDeterministic(const ly_engine* engine, std::string_view text,
                               const ly_context* context, const std::string& first_json) {
  ly_result* again = nullptr;
  const ly_status status = ly_check(engine, text.data(), text.size(), context, &again);
  LY_FUZZ_REQUIRE(status == LY_OK, ly_status_name(status));
  LY_FUZZ_REQUIRE(Json(again) == first_json, "second check differs from the first");
  ly_result_free(again);
}

}  // namespace ly_fuzz

#endif  // LIANGYAN_FUZZ_FUZZ_SUPPORT_H_
