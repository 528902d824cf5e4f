#include "output.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace liangyan::cli {
namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Length of the well-formed UTF-8 sequence at the start of `s` (Unicode Table 3-7), or 0 when
// it is ill-formed; then *skip is the length of its maximal subpart, which Unicode recommends
// replacing by one U+FFFD (the same count ICU and the WHATWG decoder produce).
std::size_t Utf8Sequence(std::string_view s, std::size_t* skip) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = byte(0);
  *skip = 1;
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  for (std::size_t i = 1; i < len; ++i) {
    if (i >= s.size()) return 0;
    const unsigned char b = byte(i);
    if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return 0;
    *skip = i + 1;
  }
  return len;
}

void AppendUtf8(std::uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Recursive-descent reader.  Depth is bounded so that a hostile line of '[' cannot overflow
// the stack.
class JsonParser {
 public:
  JsonParser(std::string_view in, std::string* error) : in_(in), error_(error) {}

  bool ParseDocument(JsonValue* out) {
    SkipSpace();
    if (!ParseValue(out, 0)) return false;
    SkipSpace();
    if (pos_ != in_.size()) return Fail("unexpected data after the JSON value");
    return true;
  }

  // Byte offset of the failure after ParseDocument returned false.
  std::size_t error_offset() const { return error_offset_; }

 private:
  static constexpr int kMaxDepth = 256;

  bool Fail(const std::string& what) {
    *error_ = what;
    error_offset_ = pos_;
    return false;
  }

  void SkipSpace() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) return Fail("invalid literal");
    pos_ += word.size();
    return true;
  }

  bool ParseValue(JsonValue* out, int depth) {
    if (depth > kMaxDepth) return Fail("nesting too deep");
    if (pos_ >= in_.size()) return Fail("unexpected end of input");
    switch (in_[pos_]) {
      case '{':
        return ParseObject(out, depth);
      case '[':
        return ParseArray(out, depth);
      case '"':
        out->kind = JsonValue::Kind::kString;
        return ParseString(&out->text);
      case 't':
        out->kind = JsonValue::Kind::kBool;
        out->boolean = true;
        return Literal("true");
      case 'f':
        out->kind = JsonValue::Kind::kBool;
        out->boolean = false;
        return Literal("false");
      case 'n':
        out->kind = JsonValue::Kind::kNull;
        return Literal("null");
      default:
        return ParseNumber(out);
    }
  }

  bool ParseObject(JsonValue* out, int depth) {
    out->kind = JsonValue::Kind::kObject;
    ++pos_;  // '{'
    SkipSpace();
    if (pos_ < in_.size() && in_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= in_.size() || in_[pos_] != '"') return Fail("expected a string key");
      JsonMember member;
      if (!ParseString(&member.key)) return false;
      SkipSpace();
      if (pos_ >= in_.size() || in_[pos_] != ':') return Fail("expected ':'");
      ++pos_;
      SkipSpace();
      if (!ParseValue(&member.value, depth + 1)) return false;
      out->members.push_back(std::move(member));
      SkipSpace();
      if (pos_ < in_.size() && in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < in_.size() && in_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  bool ParseArray(JsonValue* out, int depth) {
    out->kind = JsonValue::Kind::kArray;
    ++pos_;  // '['
    SkipSpace();
    if (pos_ < in_.size() && in_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      out->items.emplace_back();
      if (!ParseValue(&out->items.back(), depth + 1)) return false;
      SkipSpace();
      if (pos_ < in_.size() && in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < in_.size() && in_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  bool Digits() {
    const std::size_t start = pos_;
    while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool ParseNumber(JsonValue* out) {
    const std::size_t start = pos_;
    if (pos_ < in_.size() && in_[pos_] == '-') ++pos_;
    if (pos_ < in_.size() && in_[pos_] == '0') {
      ++pos_;  // no leading zeros: "01" is not JSON
    } else if (!Digits()) {
      pos_ = start;
      return Fail("unexpected character");
    }
    if (pos_ < in_.size() && in_[pos_] == '.') {
      ++pos_;
      if (!Digits()) return Fail("expected digits after '.'");
    }
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
      if (!Digits()) return Fail("expected digits in exponent");
    }
    out->kind = JsonValue::Kind::kNumber;
    out->text = std::string(in_.substr(start, pos_ - start));
    return true;
  }

  bool Hex4(std::uint32_t* value) {
    if (in_.size() - pos_ < 4) return Fail("truncated \\u escape");
    *value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = in_[pos_++];
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        --pos_;
        return Fail("invalid hex digit in \\u escape");
      }
      *value = *value * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
  }

  bool ParseString(std::string* out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= in_.size()) return Fail("unterminated string");
      const char c = in_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in string");
      if (c != '\\') {
        out->push_back(c);
        ++pos_;
        continue;
      }
      if (++pos_ >= in_.size()) return Fail("unterminated escape");
      const char e = in_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out->push_back(e);
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          // Join a surrogate pair; a lone surrogate is kept as its (invalid) 3-byte form.
          if (cp >= 0xD800 && cp <= 0xDBFF && in_.substr(pos_, 2) == "\\u") {
            const std::size_t save = pos_;
            pos_ += 2;
            std::uint32_t low = 0;
            if (!Hex4(&low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          --pos_;
          return Fail("invalid escape");
      }
    }
  }

  std::string_view in_;
  std::string* error_;
  std::size_t pos_ = 0;
  std::size_t error_offset_ = 0;
};

void AppendInt(std::int64_t value, std::string* out) { out->append(std::to_string(value)); }

void AppendKey(std::string_view key, bool* first, std::string* out) {
  if (!*first) out->push_back(',');
  *first = false;
  AppendJsonString(key, out);
  out->push_back(':');
}

// Keys the tool writes itself; input fields with these names are not echoed, so every output
// object has unique keys.
bool IsReservedKey(std::string_view key) {
  static constexpr std::string_view kReserved[] = {
      "id",    "text",  "score", "findings", "rewrite",          "credits",
      "slots", "error", "line",  "message",  "replaced_invalid",
  };
  return std::find(std::begin(kReserved), std::end(kReserved), key) != std::end(kReserved);
}

void AppendCarriedId(const Record& record, bool* first, std::string* out) {
  if (record.input == nullptr) return;
  if (const JsonValue* id = record.input->Find("id")) {
    AppendKey("id", first, out);
    AppendJson(*id, out);
  }
}

void AppendCarriedRest(const Record& record, bool* first, std::string* out) {
  if (record.input == nullptr) return;
  for (const JsonMember& m : record.input->members) {
    if (IsReservedKey(m.key)) continue;
    AppendKey(m.key, first, out);
    AppendJson(m.value, out);
  }
}

// --- Text report -------------------------------------------------------------------------

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kGreen = "\x1b[32m";

std::string_view SeverityColor(int severity) {
  if (severity >= 4) return "\x1b[1;4;31m";  // bold red underline
  if (severity == 3) return "\x1b[4;31m";
  if (severity == 2) return "\x1b[4;33m";
  return "\x1b[4;36m";
}

std::string_view SeverityName(int severity) {
  switch (severity) {
    case 1:
      return "hint";
    case 2:
      return "minor";
    case 3:
      return "major";
    case 4:
      return "critical";
    default:
      return "unknown";
  }
}

std::string_view ScoreColor(int score) {
  if (score >= 90) return "\x1b[1;32m";
  if (score >= 70) return "\x1b[1;33m";
  return "\x1b[1;31m";
}

// Clamps a library span to the text and widens it to whole characters, so that markers are
// never inserted inside a multi-byte sequence even if an offset were off.
std::pair<std::size_t, std::size_t> CharSpan(std::string_view text, std::int64_t begin,
                                             std::int64_t end) {
  const auto clamp = [&](std::int64_t v) {
    return static_cast<std::size_t>(std::clamp<std::int64_t>(v, 0, text.size()));
  };
  std::size_t b = clamp(begin), e = clamp(std::max(begin, end));
  const auto continuation = [&](std::size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  while (b > 0 && continuation(b)) --b;
  while (continuation(e)) ++e;
  return {b, e};
}

// Byte offset of code point `cp` in UTF-8 `text` (its size when cp is past the end).
std::size_t ByteOfCodePoint(std::string_view text, std::int64_t cp) {
  std::size_t i = 0;
  for (std::int64_t seen = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == cp) return i;
  }
  return text.size();
}

// The utterance with the union of all finding spans marked; where spans overlap, the most
// severe finding picks the colour.
void AppendMarkedText(std::string_view text, const std::vector<Finding>& findings, bool color,
                      std::string* out) {
  std::vector<int> severity(text.size(), 0);
  for (const Finding& f : findings) {
    const auto [b, e] = CharSpan(text, f.begin, f.end);
    for (std::size_t i = b; i < e; ++i)
      severity[i] = std::max(severity[i], std::max(f.severity, 1));
  }
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    // Colour can tell adjacent severities apart; brackets cannot, so they span the union.
    while (j < text.size() &&
           (color ? severity[j] == severity[i] : (severity[j] > 0) == (severity[i] > 0))) {
      ++j;
    }
    const std::string_view run = text.substr(i, j - i);
    if (severity[i] == 0) {
      AppendValidUtf8(run, out);
    } else if (color) {
      out->append(SeverityColor(severity[i]));
      AppendValidUtf8(run, out);
      out->append(kReset);
    } else {
      out->append("〖");
      AppendValidUtf8(run, out);
      out->append("〗");
    }
    i = j;
  }
}

}  // namespace

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return &it->value;
  }
  return nullptr;
}

bool ParseJson(std::string_view input, JsonValue* out, std::string* error) {
  std::size_t offset = 0;
  if (ParseJsonAt(input, out, error, &offset)) return true;
  *error += " at column " + std::to_string(offset + 1);
  return false;
}

bool ParseJsonAt(std::string_view input, JsonValue* out, std::string* error,
                 std::size_t* error_offset) {
  *out = JsonValue();
  JsonParser parser(input, error);
  if (parser.ParseDocument(out)) return true;
  *error_offset = parser.error_offset();
  return false;
}

void AppendValidUtf8(std::string_view s, std::string* out) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t skip;
    const std::size_t len = Utf8Sequence(s.substr(i), &skip);
    if (len == 0) {
      out->append(kReplacementChar);
      i += skip;
    } else {
      out->append(s.substr(i, len));
      i += len;
    }
  }
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        case '\b':
          out->append("\\b");
          break;
        case '\f':
          out->append("\\f");
          break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out->append(buf);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    std::size_t skip;
    const std::size_t len = Utf8Sequence(s.substr(i), &skip);
    if (len == 0) {
      out->append(kReplacementChar);
      i += skip;
      continue;
    }
    const std::string_view seq = s.substr(i, len);
    // U+2028/U+2029 are valid JSON but end lines in JavaScript; escaping keeps the output
    // safe to paste into a script.
    if (seq == "\xE2\x80\xA8") {
      out->append("\\u2028");
    } else if (seq == "\xE2\x80\xA9") {
      out->append("\\u2029");
    } else {
      out->append(seq);
    }
    i += len;
  }
  out->push_back('"');
}

void AppendJson(const JsonValue& value, std::string* out) {
  switch (value.kind) {
    case JsonValue::Kind::kNull:
      out->append("null");
      return;
    case JsonValue::Kind::kBool:
      out->append(value.boolean ? "true" : "false");
      return;
    case JsonValue::Kind::kNumber:
      out->append(value.text);
      return;
    case JsonValue::Kind::kString:
      AppendJsonString(value.text, out);
      return;
    case JsonValue::Kind::kArray: {
      out->push_back('[');
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendJson(value.items[i], out);
      }
      out->push_back(']');
      return;
    }
    case JsonValue::Kind::kObject: {
      out->push_back('{');
      bool first = true;
      for (const JsonMember& m : value.members) {
        AppendKey(m.key, &first, out);
        AppendJson(m.value, out);
      }
      out->push_back('}');
      return;
    }
  }
}

void AppendJsonlResult(const Record& record, const Result& result, std::string* out) {
  bool first = true;
  out->push_back('{');
  AppendCarriedId(record, &first, out);
  // Code-point offsets refer to the text as checked; that differs from the raw bytes only
  // when invalid sequences were replaced, and then the library's own copy is the reference.
  const std::string_view text = result.replaced_invalid() > 0 ? result.text() : record.text;
  AppendKey("text", &first, out);
  AppendJsonString(text, out);
  AppendKey("score", &first, out);
  AppendInt(result.score(), out);

  AppendKey("findings", &first, out);
  out->push_back('[');
  const std::vector<Finding> findings = result.findings();
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    bool f_first = true;
    out->append(i > 0 ? ",{" : "{");
    AppendKey("rule", &f_first, out);
    AppendJsonString(f.rule, out);
    AppendKey("category", &f_first, out);
    AppendJsonString(f.category, out);
    AppendKey("severity", &f_first, out);
    AppendInt(f.severity, out);
    AppendKey("weight", &f_first, out);
    AppendInt(f.weight, out);
    AppendKey("start", &f_first, out);
    AppendInt(f.begin_cp, out);
    AppendKey("end", &f_first, out);
    AppendInt(f.end_cp, out);
    if (record.encoded) {
      AppendKey("start_byte", &f_first, out);
      AppendInt(f.begin, out);
      AppendKey("end_byte", &f_first, out);
      AppendInt(f.end, out);
    }
    AppendKey("message", &f_first, out);
    AppendJsonString(f.message, out);
    AppendKey("citation", &f_first, out);
    AppendJsonString(f.citation, out);
    AppendKey("replacement", &f_first, out);
    AppendJsonString(f.replacement, out);
    out->push_back('}');
  }
  out->push_back(']');

  AppendKey("rewrite", &first, out);
  const std::vector<Rewrite> rewrites = result.rewrites();
  AppendJsonString(rewrites.empty() ? text : std::string_view(rewrites.front().text), out);

  AppendKey("credits", &first, out);
  out->push_back('[');
  const std::vector<Credit> credits = result.credits();
  for (std::size_t i = 0; i < credits.size(); ++i) {
    const Credit& c = credits[i];
    bool c_first = true;
    out->append(i > 0 ? ",{" : "{");
    AppendKey("rule", &c_first, out);
    AppendJsonString(c.rule, out);
    AppendKey("weight", &c_first, out);
    AppendInt(c.weight, out);
    AppendKey("start", &c_first, out);
    AppendInt(c.begin_cp, out);
    AppendKey("end", &c_first, out);
    AppendInt(c.end_cp, out);
    if (record.encoded) {
      AppendKey("start_byte", &c_first, out);
      AppendInt(c.begin, out);
      AppendKey("end_byte", &c_first, out);
      AppendInt(c.end, out);
    }
    AppendKey("message", &c_first, out);
    AppendJsonString(c.message, out);
    out->push_back('}');
  }
  out->push_back(']');

  AppendKey("slots", &first, out);
  out->push_back('[');
  const std::vector<Slot> slots = result.slots();
  for (std::size_t i = 0; i < slots.size(); ++i) {
    bool s_first = true;
    out->append(i > 0 ? ",{" : "{");
    AppendKey("name", &s_first, out);
    AppendJsonString(slots[i].name, out);
    AppendKey("marker", &s_first, out);
    AppendJsonString(slots[i].marker, out);
    out->push_back('}');
  }
  out->push_back(']');

  if (result.replaced_invalid() > 0) {
    AppendKey("replaced_invalid", &first, out);
    AppendInt(result.replaced_invalid(), out);
  }
  AppendCarriedRest(record, &first, out);
  out->append("}\n");
}

void AppendJsonlError(const Record& record, const Status& status, std::string_view detail,
                      std::string* out) {
  bool first = true;
  out->push_back('{');
  AppendCarriedId(record, &first, out);
  AppendKey("line", &first, out);
  AppendInt(static_cast<std::int64_t>(record.line), out);
  AppendKey("error", &first, out);
  AppendJsonString(status.name(), out);
  AppendKey("message", &first, out);
  AppendJsonString(detail, out);
  out->append("}\n");
}

void AppendTextResult(const Record& record, const Result& result, bool color, std::string* out) {
  const auto paint = [&](std::string_view style, std::string_view s) {
    if (color) out->append(style);
    AppendValidUtf8(s, out);
    if (color) out->append(kReset);
  };
  // Decoded lines are shown as UTF-8 while their byte offsets point into the original bytes:
  // place the marks by code point, and print the original offsets beside each finding.
  const std::vector<Finding> original = result.findings();
  std::vector<Finding> findings = original;
  if (record.encoded) {
    for (Finding& f : findings) {
      f.begin = static_cast<std::int64_t>(ByteOfCodePoint(record.text, f.begin_cp));
      f.end = static_cast<std::int64_t>(ByteOfCodePoint(record.text, f.end_cp));
    }
  }

  std::string header = std::to_string(record.line);
  if (record.input != nullptr) {
    if (const JsonValue* id = record.input->Find("id")) {
      header += " (id ";
      if (id->kind == JsonValue::Kind::kString) {
        header += id->text;
      } else {
        AppendJson(*id, &header);
      }
      header += ")";
    }
  }
  paint(kDim, header + ":");
  out->push_back(' ');
  AppendMarkedText(record.text, findings, color, out);
  out->push_back('\n');

  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    out->append("  - ");
    paint(kBold, f.rule);
    out->append("  ").append(f.category);
    out->append("  ").append(SeverityName(f.severity));
    out->append(" (").append(std::to_string(f.severity)).append(")");
    out->append("  -").append(std::to_string(f.weight));
    const auto [b, e] = CharSpan(record.text, f.begin, f.end);
    if (e > b) {
      out->append("  「");
      AppendValidUtf8(record.text.substr(b, e - b), out);
      out->append("」");
    }
    if (record.encoded) {
      out->append("  bytes ").append(std::to_string(original[i].begin));
      out->append("-").append(std::to_string(original[i].end));
    }
    out->append("\n    ");
    AppendValidUtf8(f.message, out);
    out->push_back('\n');
    if (!f.citation.empty()) {
      out->append("    cite: ");
      paint(kDim, f.citation);
      out->push_back('\n');
    }
    if (!f.replacement.empty()) {
      out->append("    replacement: ");
      AppendValidUtf8(f.replacement, out);
      out->push_back('\n');
    }
  }
  for (const Credit& c : result.credits()) {
    out->append("  + ");
    paint(kBold, c.rule);
    out->append("  +").append(std::to_string(c.weight)).append("  ");
    AppendValidUtf8(c.message, out);
    out->push_back('\n');
  }

  out->append("  score: ");
  paint(ScoreColor(result.score()), std::to_string(result.score()));
  out->append("\n  rewrite: ");
  const std::vector<Rewrite> rewrites = result.rewrites();
  if (!rewrites.empty()) {
    paint(kGreen, rewrites.front().text);
  } else {
    out->append(findings.empty() ? "(none needed)" : "(none available)");
  }
  out->push_back('\n');
  const std::vector<Slot> slots = result.slots();
  if (!slots.empty()) {
    out->append("  fill in:");
    for (const Slot& s : slots) {
      out->append(" --context ");
      AppendValidUtf8(s.name, out);
      out->append("=… for ");
      AppendValidUtf8(s.marker, out);
      out->push_back(';');
    }
    out->back() = '\n';
  }
  out->push_back('\n');
}

}  // namespace liangyan::cli
