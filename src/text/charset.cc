#include "text/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utypes.h>

#include <cstddef>
#include <limits>
#include <memory>

#include "text/utf8.h"

namespace liangyan::text {
namespace {

// The complete list of accepted names (compared ASCII-case-insensitively).  It is deliberately
// not ICU's alias table: that would silently accept dozens of near-miss names (and EBCDIC or
// stateful encodings) that callers never meant, and tie the public API to ICU's data.
struct Charset {
  std::string_view name;  // Lower case.
  const char* icu_name;
};
constexpr Charset kCharsets[] = {
    // ICU resolves these to windows-936-2000, gb18030 and windows-950-2000: the code pages
    // that Windows-era call-centre systems actually wrote, including their vendor extensions.
    {"gbk", "GBK"},
    {"gb18030", "GB18030"},
    {"big5", "Big5"},
};
constexpr std::string_view kUtf8Name = "utf-8";

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

void SetError(size_t offset, size_t* error_offset) {
  if (error_offset != nullptr) *error_offset = offset;
}

DecodeStatus DecodeUtf8(std::string_view bytes, DecodedText* out, size_t* error_offset) {
  size_t bad;
  if (!IsValidUtf8(bytes, &bad)) {
    SetError(bad, error_offset);
    return DecodeStatus::kUndecodable;
  }
  out->utf8.assign(bytes);
  out->byte_map.reserve(bytes.size() + 1);
  for (size_t i = 0; i < bytes.size(); ++i) {
    // Continuation bytes repeat their character's start, like the legacy charsets.
    const bool continuation = (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0x80;
    out->byte_map.push_back(continuation ? out->byte_map.back() : static_cast<uint32_t>(i));
  }
  out->byte_map.push_back(static_cast<uint32_t>(bytes.size()));
  return DecodeStatus::kOk;
}

DecodeStatus DecodeLegacy(const char* icu_name, std::string_view bytes, DecodedText* out,
                          size_t* error_offset) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(icu_name, &status));
  if (U_FAILURE(status)) return DecodeStatus::kUnknownCharset;  // ICU built without the table.
  // The default callback substitutes U+FFFD or skips; STOP makes every undecodable byte an
  // error, so offsets reported to the caller always refer to bytes that really were text.
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return DecodeStatus::kUnknownCharset;

  // CJK legacy text is at most 2 bytes per BMP character, which become 3 in UTF-8.
  out->utf8.reserve(bytes.size() + bytes.size() / 2);
  out->byte_map.reserve(bytes.size() + bytes.size() / 2 + 1);
  const char* const begin = bytes.data();
  const char* const limit = begin + bytes.size();
  const char* source = begin;
  while (source < limit) {
    const char* const start = source;
    status = U_ZERO_ERROR;
    // One character per call keeps the start offset of every character exact; the legacy
    // path is rare enough that the per-call overhead does not matter.
    const UChar32 cp = ucnv_getNextUChar(converter.get(), &source, limit, &status);
    if (U_FAILURE(status) || cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out->utf8.clear();
      out->byte_map.clear();
      SetError(static_cast<size_t>(start - begin), error_offset);
      return DecodeStatus::kUndecodable;
    }
    AppendUtf8(static_cast<char32_t>(cp), &out->utf8);
    out->byte_map.resize(out->utf8.size(), static_cast<uint32_t>(start - begin));
  }
  out->byte_map.push_back(static_cast<uint32_t>(bytes.size()));
  return DecodeStatus::kOk;
}

}  // namespace

DecodeStatus DecodeCharset(std::string_view charset, std::string_view bytes, DecodedText* out,
                           size_t* error_offset) {
  out->utf8.clear();
  out->byte_map.clear();
  // Offsets are 32-bit throughout the engine; refuse rather than report wrapped offsets.
  if (bytes.size() >= std::numeric_limits<uint32_t>::max()) {
    SetError(std::numeric_limits<uint32_t>::max(), error_offset);
    return DecodeStatus::kUndecodable;
  }
  if (EqualsIgnoreAsciiCase(charset, kUtf8Name)) return DecodeUtf8(bytes, out, error_offset);
  for (const Charset& known : kCharsets) {
    if (EqualsIgnoreAsciiCase(charset, known.name)) {
      return DecodeLegacy(known.icu_name, bytes, out, error_offset);
    }
  }
  return DecodeStatus::kUnknownCharset;
}

}  // namespace liangyan::text
