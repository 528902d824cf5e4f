// What one check returns.  Strings that come from the pack are views into the compiled pack,
// which the result keeps alive, so a result may outlive the engine that made it.
#ifndef LIANGYAN_CORE_RESULT_H_
#define LIANGYAN_CORE_RESULT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace liangyan {

namespace rules {
struct CompiledPack;
}

struct Span {
  uint32_t begin = 0;  // bytes into the original input
  uint32_t end = 0;
  uint32_t begin_cp = 0;  // code points into the original input
  uint32_t end_cp = 0;
};

struct Finding {
  int rule = -1;  // index into CompiledPack::rules
  std::string_view rule_id, category, message, citation;
  std::string replacement;  // what the span becomes in the best rewrite ("" if untouched)
  Span span;
  int severity = 0;
  int weight = 0;
};

struct Credit {
  std::string_view rule_id, message;
  Span span;
  int weight = 0;
};

struct Edit {
  Span span;         // original text replaced (empty span: an insertion)
  std::string text;  // replacement, already in the input's script and punctuation width
};

struct Slot {
  std::string name;    // "reason"
  std::string marker;  // "【原因】" as it appears in the rewrite
};

struct Rewrite {
  std::string text;
  int score = 0;
  int fixes = 0;
  std::vector<Edit> edits;
  std::vector<Slot> slots;
  std::vector<std::string_view> fixed_rules;  // rule ids, views into the pack
};

struct Result {
  std::shared_ptr<const rules::CompiledPack> pack;  // keeps the views above valid
  std::string text;    // the input as checked (after U+FFFD replacement / decoding)
  std::string script;  // "simplified", "traditional", "none"
  int score = 100;
  uint32_t replaced_invalid = 0;
  std::vector<Finding> findings;
  std::vector<Credit> credits;
  std::vector<Rewrite> rewrites;
  // For legacy-charset input: byte offsets are into the caller's encoded bytes.
  bool encoded_offsets = false;
};

// The whole result as one JSON object.
std::string ToJson(const Result& result);

// Appends `s` as a JSON string literal (with quotes) to *out.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace liangyan

#endif  // LIANGYAN_CORE_RESULT_H_
