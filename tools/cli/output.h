// Formatting for the `liangyan` command: a small JSON reader and writer for JSONL input and
// output, and the human-readable text report.  Kept apart from main.cc so that argument
// handling and I/O do not get mixed up with byte-level formatting.
#ifndef LIANGYAN_TOOLS_CLI_OUTPUT_H_
#define LIANGYAN_TOOLS_CLI_OUTPUT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "liangyan/liangyan.hpp"

namespace liangyan::cli {

struct JsonMember;

// A parsed JSON value.  Numbers keep their source lexeme so that ids such as
// 12345678901234567890 are echoed exactly instead of going through a double.
struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;  // string contents (UTF-8, unescaped) or number lexeme
  std::vector<JsonValue> items;
  std::vector<JsonMember> members;  // in input order; duplicates kept

  // The last member named `key` (JSON leaves duplicates undefined; last-wins matches most
  // parsers), or null.
  const JsonValue* Find(std::string_view key) const;
};

struct JsonMember {
  std::string key;
  JsonValue value;
};

// Parses exactly one JSON value spanning `input` (RFC 8259; surrounding whitespace allowed).
// Bytes inside strings are not UTF-8-validated here: the library validates the text it checks,
// and the writer below repairs anything echoed.  A \u escape of a lone surrogate becomes its
// 3-byte (invalid) UTF-8 form, so it is reported like any other invalid UTF-8.  On failure
// returns false and sets `error` to a message with a 1-based byte column.
bool ParseJson(std::string_view input, JsonValue* out, std::string* error);

// Same, but the error message carries no position; *error_offset receives the byte offset of
// the failure instead, for input that spans several lines.
bool ParseJsonAt(std::string_view input, JsonValue* out, std::string* error,
                 std::size_t* error_offset);

// Appends `s` as a quoted JSON string.  Invalid UTF-8 becomes U+FFFD, so the output is always
// valid JSON whatever bytes came in.
void AppendJsonString(std::string_view s, std::string* out);

// Appends `value` as compact JSON.
void AppendJson(const JsonValue& value, std::string* out);

// Appends `s` with invalid UTF-8 replaced by U+FFFD (one per maximal invalid subpart).
void AppendValidUtf8(std::string_view s, std::string* out);

// One utterance being reported: where it came from and, for JSONL input, the whole object so
// that fields such as "id" are carried through.
struct Record {
  std::size_t line = 0;  // 1-based line number in the input
  std::string_view text;
  const JsonValue* input = nullptr;  // null for plain-text input
  // The line was decoded from a legacy charset (--encoding): `text` is the decoded UTF-8 and
  // the findings' byte offsets point into the line's original bytes.
  bool encoded = false;
};

// Appends one JSONL line (with '\n') describing a successful check.
void AppendJsonlResult(const Record& record, const Result& result, std::string* out);

// Appends one JSONL line for an input line that could not be checked, so that output lines
// stay aligned one-to-one with non-blank input lines.
void AppendJsonlError(const Record& record, const Status& status, std::string_view detail,
                      std::string* out);

// Appends the human-readable report of one check.  With `color`, spans and scores use ANSI
// escapes; without, spans are bracketed 〖like this〗 (not 【】, which rewrites use for slots).
void AppendTextResult(const Record& record, const Result& result, bool color, std::string* out);

}  // namespace liangyan::cli

#endif  // LIANGYAN_TOOLS_CLI_OUTPUT_H_
