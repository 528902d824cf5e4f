#include "core/result.h"

#include <cstdio>

namespace liangyan {
namespace {

void AppendSpan(const Span& span, std::string* out) {
  *out += "\"start\":" + std::to_string(span.begin_cp) + ",\"end\":" + std::to_string(span.end_cp) +
          ",\"start_byte\":" + std::to_string(span.begin) +
          ",\"end_byte\":" + std::to_string(span.end);
}

void AppendField(const char* name, std::string_view value, std::string* out) {
  *out += '"';
  *out += name;
  *out += "\":";
  AppendJsonString(value, out);
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          *out += buf;
        } else {
          out->push_back(c);  // UTF-8 passes through: the text is valid UTF-8
        }
    }
  }
  out->push_back('"');
}

std::string ToJson(const Result& result) {
  std::string out;
  out.reserve(256 + result.text.size() * 2);
  out += '{';
  AppendField("text", result.text, &out);
  out += ",\"score\":" + std::to_string(result.score);
  out += ',';
  AppendField("script", result.script, &out);
  out += ",\"replaced_invalid\":" + std::to_string(result.replaced_invalid);
  out += ",\"offsets\":";
  out += result.encoded_offsets ? "\"encoded_bytes\"" : "\"utf8\"";
  out += ",\"findings\":[";
  for (size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    if (i) out += ',';
    out += '{';
    AppendField("rule", f.rule_id, &out);
    out += ',';
    AppendField("category", f.category, &out);
    out += ",\"severity\":" + std::to_string(f.severity) +
           ",\"weight\":" + std::to_string(f.weight) + ',';
    AppendSpan(f.span, &out);
    out += ',';
    AppendField("message", f.message, &out);
    out += ',';
    AppendField("citation", f.citation, &out);
    out += ',';
    AppendField("replacement", f.replacement, &out);
    out += '}';
  }
  out += "],\"credits\":[";
  for (size_t i = 0; i < result.credits.size(); ++i) {
    const Credit& c = result.credits[i];
    if (i) out += ',';
    out += '{';
    AppendField("rule", c.rule_id, &out);
    out += ",\"weight\":" + std::to_string(c.weight) + ',';
    AppendSpan(c.span, &out);
    out += ',';
    AppendField("message", c.message, &out);
    out += '}';
  }
  out += "],\"rewrites\":[";
  for (size_t i = 0; i < result.rewrites.size(); ++i) {
    const Rewrite& r = result.rewrites[i];
    if (i) out += ',';
    out += '{';
    AppendField("text", r.text, &out);
    out += ",\"score\":" + std::to_string(r.score) + ",\"fixes\":" + std::to_string(r.fixes);
    out += ",\"fixed_rules\":[";
    for (size_t k = 0; k < r.fixed_rules.size(); ++k) {
      if (k) out += ',';
      AppendJsonString(r.fixed_rules[k], &out);
    }
    out += "],\"edits\":[";
    for (size_t k = 0; k < r.edits.size(); ++k) {
      if (k) out += ',';
      out += '{';
      AppendSpan(r.edits[k].span, &out);
      out += ',';
      AppendField("text", r.edits[k].text, &out);
      out += '}';
    }
    out += "],\"slots\":[";
    for (size_t k = 0; k < r.slots.size(); ++k) {
      if (k) out += ',';
      out += '{';
      AppendField("name", r.slots[k].name, &out);
      out += ',';
      AppendField("marker", r.slots[k].marker, &out);
      out += '}';
    }
    out += "]}";
  }
  out += "],";
  AppendField("rewrite",
              result.rewrites.empty() ? std::string_view(result.text)
                                      : std::string_view(result.rewrites[0].text),
              &out);
  out += '}';
  return out;
}

}  // namespace liangyan
