#include "match/matcher.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

namespace liangyan::match {
namespace {

RE2::Options PatternOptions(int64_t max_mem) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);  // a library never writes to stderr
  options.set_max_mem(max_mem);
  return options;
}

// Length of the UTF-8 sequence starting with this lead byte (text is valid UTF-8).
inline size_t LeadLength(unsigned char b) {
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

}  // namespace

Matcher::Matcher() = default;
Matcher::~Matcher() = default;

int Matcher::AddLiteral(std::string_view phrase) {
  std::string key(phrase);
  auto it = literal_ids_.find(key);
  if (it != literal_ids_.end()) return it->second;
  const int id = static_cast<int>(patterns_.size());
  patterns_.push_back(Pattern{key, true, nullptr});
  literal_ids_.emplace(std::move(key), id);
  return id;
}

int Matcher::AddRegex(std::string_view pattern, std::string* error) {
  std::string key(pattern);
  auto it = regex_ids_.find(key);
  if (it != regex_ids_.end()) return it->second;
  auto regex = std::make_unique<RE2>(key, PatternOptions(8 << 20));
  if (!regex->ok()) {
    *error = regex->error();
    return -1;
  }
  const int id = static_cast<int>(patterns_.size());
  patterns_.push_back(Pattern{key, false, std::move(regex)});
  regex_ids_.emplace(std::move(key), id);
  return id;
}

const std::string& Matcher::pattern_text(int id) const { return patterns_[id].text; }

bool Matcher::pattern_is_literal(int id) const { return patterns_[id].literal; }

bool Matcher::CompileSet(bool literal, int64_t max_mem, PatternSet* out, std::string* error) {
  out->ids.clear();
  out->set = std::make_unique<RE2::Set>(PatternOptions(max_mem), RE2::UNANCHORED);
  for (size_t id = 0; id < patterns_.size(); ++id) {
    const Pattern& pattern = patterns_[id];
    if (pattern.literal != literal) continue;
    const std::string source = literal ? RE2::QuoteMeta(pattern.text) : pattern.text;
    std::string add_error;
    if (out->set->Add(source, &add_error) < 0) {
      *error = "pattern '" + pattern.text + "': " + add_error;
      return false;
    }
    out->ids.push_back(static_cast<int>(id));
  }
  if (out->ids.empty()) {
    out->set.reset();
    return true;
  }
  if (!out->set->Compile()) {
    *error = "the pattern set does not fit in LY_OPT_REGEX_MAX_MEM";
    return false;
  }
  return true;
}

bool Matcher::Compile(int64_t max_mem, std::string* error) {
  // Phrases are most of the patterns and most of the matching; regexes are few.
  return CompileSet(true, max_mem / 4 * 3, &literal_set_, error) &&
         CompileSet(false, max_mem / 4, &regex_set_, error);
}

bool Matcher::MatchSet(const PatternSet& set, std::string_view text, std::vector<int>* scratch_ids,
                       std::vector<int>* matched) const {
  if (!set.set) return true;
  scratch_ids->clear();
  RE2::Set::ErrorInfo info;
  if (!set.set->Match(text, scratch_ids, &info)) return info.kind == RE2::Set::kNoError;
  for (int index : *scratch_ids) matched->push_back(set.ids[index]);
  return true;
}

bool Matcher::Scan(std::string_view text, MatchScratch* scratch) const {
  scratch->matched.clear();
  if (scratch->hits.size() < patterns_.size()) scratch->hits.resize(patterns_.size());
  if (!MatchSet(literal_set_, text, &scratch->set_ids, &scratch->matched) ||
      !MatchSet(regex_set_, text, &scratch->set_ids, &scratch->matched)) {
    return false;
  }
  std::sort(scratch->matched.begin(), scratch->matched.end());
  for (int id : scratch->matched) {
    std::vector<Hit>& hits = scratch->hits[id];
    hits.clear();
    const Pattern& pattern = patterns_[id];
    if (pattern.literal) {
      // Every occurrence, including overlapping ones that start at a later character: rules
      // decide what overlaps mean, the matcher does not.
      size_t from = 0;
      while (true) {
        const size_t at = text.find(pattern.text, from);
        if (at == std::string_view::npos) break;
        hits.push_back(Hit{static_cast<uint32_t>(at), static_cast<uint32_t>(at + pattern.text.size())});
        from = at + LeadLength(static_cast<unsigned char>(text[at]));
      }
    } else {
      size_t from = 0;
      re2::StringPiece match;
      while (from <= text.size() &&
             pattern.regex->Match(text, from, text.size(), RE2::UNANCHORED, &match, 1)) {
        const size_t begin = static_cast<size_t>(match.data() - text.data());
        const size_t end = begin + match.size();
        if (end > begin) hits.push_back(Hit{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
        // Continue after this match; an empty match advances one character.
        from = end > begin ? end
                           : begin + (begin < text.size()
                                          ? LeadLength(static_cast<unsigned char>(text[begin]))
                                          : 1);
      }
    }
  }
  return true;
}

}  // namespace liangyan::match
