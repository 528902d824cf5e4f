// Legacy charsets (GBK, GB18030, Big5) to UTF-8, never skipping a byte.
#ifndef LIANGYAN_TEXT_CHARSET_H_
#define LIANGYAN_TEXT_CHARSET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace liangyan::text {

enum class DecodeStatus { kOk, kUnknownCharset, kUndecodable };

struct DecodedText {
  std::string utf8;
  // byte_map[i] = offset in the source bytes of the character that starts at UTF-8 byte i;
  // byte_map[utf8.size()] = source size.
  std::vector<uint32_t> byte_map;
};

// Decodes `bytes` in `charset` (case-insensitive: "GBK", "GB18030", "Big5", "UTF-8").
// On kUndecodable, *error_offset is the offset of the first byte that does not decode.
DecodeStatus DecodeCharset(std::string_view charset, std::string_view bytes, DecodedText* out,
                           size_t* error_offset);

}  // namespace liangyan::text

#endif  // LIANGYAN_TEXT_CHARSET_H_
