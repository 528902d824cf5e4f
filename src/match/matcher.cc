#include "match/matcher.h"

#include <re2/re2.h>

#include <algorithm>

namespace liangyan::match {
namespace {

// Values the automaton reports at or above this are prefilter atoms, below it pattern ids.
constexpr uint32_t kAtom = 1u << 31;

// What one regex may use (program and DFA cache; RE2 resets the cache when it is full).
// Enough for any sensible pack regex: the default pack's fifty fit in 1 MiB each.
constexpr int64_t kRegexMem = 1 << 20;
// A regex that needs more may use up to this before it is refused as a pattern.
constexpr int64_t kRegexMaxMem = 8 << 20;

RE2::Options PatternOptions(int64_t max_mem) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);  // a library never writes to stderr
  options.set_max_mem(max_mem);
  return options;
}

// Length of the UTF-8 sequence starting with this lead byte (text is valid UTF-8).
inline size_t LeadLength(unsigned char b) { return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4; }

}  // namespace

Matcher::Matcher() = default;
Matcher::~Matcher() = default;

int Matcher::AddLiteral(std::string_view phrase) {
  std::string key(phrase);
  auto it = literal_ids_.find(key);
  if (it != literal_ids_.end()) return it->second;
  const int id = static_cast<int>(patterns_.size());
  patterns_.push_back(Pattern{key, true, nullptr, 0});
  literal_ids_.emplace(std::move(key), id);
  return id;
}

int Matcher::AddRegex(std::string_view pattern, std::string* error) {
  std::string key(pattern);
  auto it = regex_ids_.find(key);
  if (it != regex_ids_.end()) return it->second;
  // Compiled now, so that the pack's error names the regex's position, and kept: Compile
  // only compiles again when the regexes together exceed LY_OPT_REGEX_MAX_MEM.
  auto regex = std::make_unique<RE2>(key, PatternOptions(kRegexMem));
  int64_t budget = kRegexMem;
  if (regex->error_code() == RE2::ErrorPatternTooLarge) {
    regex = std::make_unique<RE2>(key, PatternOptions(kRegexMaxMem));
    budget = kRegexMaxMem;
  }
  if (!regex->ok()) {
    *error = regex->error();
    return -1;
  }
  const int id = static_cast<int>(patterns_.size());
  patterns_.push_back(Pattern{key, false, std::move(regex), budget});
  regex_ids_.emplace(std::move(key), id);
  return id;
}

const std::string& Matcher::pattern_text(int id) const { return patterns_[id].text; }

bool Matcher::pattern_is_literal(int id) const { return patterns_[id].literal; }

bool Matcher::Compile(int64_t max_mem, std::string* error) {
  regexes_.clear();
  regex_pattern_.clear();
  prefilter_ = RegexPrefilter();
  std::vector<Pattern*> searched;  // the regexes RE2 searches (not the plain strings)
  int64_t total = 0;
  for (size_t id = 0; id < patterns_.size(); ++id) {
    Pattern& pattern = patterns_[id];
    if (pattern.literal) {
      automaton_.Add(pattern.text, static_cast<uint32_t>(id));
      continue;
    }
    // A regex like [?] is a phrase whose occurrences never overlap: its matches are exactly
    // what the automaton reports.
    std::string plain;
    if (RegexPrefilter::PlainString(pattern.text, &plain)) {
      automaton_.Add(plain, static_cast<uint32_t>(id));
      pattern.regex.reset();
      continue;
    }
    searched.push_back(&pattern);
    total += pattern.budget;
  }
  // Each RE2 bounds its program and DFA cache by its max_mem, so together they stay within
  // LY_OPT_REGEX_MAX_MEM however varied the text; over it, they share it evenly.
  if (total > max_mem) {
    const int64_t share = max_mem / static_cast<int64_t>(searched.size());
    for (Pattern* pattern : searched) {
      pattern->regex = std::make_unique<RE2>(pattern->text, PatternOptions(share));
      pattern->budget = share;
      if (!pattern->regex->ok()) {
        *error =
            "the pattern set does not fit in LY_OPT_REGEX_MAX_MEM (regex '" + pattern->text + "')";
        return false;
      }
    }
  }
  for (Pattern* pattern : searched) {
    regexes_.push_back(std::move(pattern->regex));
    regex_pattern_.push_back(static_cast<int>(pattern - patterns_.data()));
    prefilter_.Add(pattern->text);
  }
  prefilter_.Finish();
  const std::vector<std::string>& atoms = prefilter_.atoms();
  for (size_t a = 0; a < atoms.size(); ++a) {
    automaton_.Add(atoms[a], kAtom + static_cast<uint32_t>(a));
  }
  if (!automaton_.Build()) {
    *error = "the phrases exceed what one automaton holds (65,535 distinct characters)";
    return false;
  }
  return true;
}

bool Matcher::SearchRegex(int r, std::string_view text, const MatchScratch& scratch,
                          std::vector<Hit>* out) const {
  const RE2& regex = *regexes_[r];
  size_t from = 0;
  re2::StringPiece match;
  bool found = false;
  while (from <= text.size() && regex.Match(text, from, text.size(), RE2::UNANCHORED, &match, 1)) {
    // Like a set's answer, a regex occurs when it matches at all, even only empty.
    found = true;
    const size_t begin = static_cast<size_t>(match.data() - text.data());
    const size_t end = begin + match.size();
    if (end > begin) out->push_back(Hit{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
    // Continue after this match; an empty match advances one character.
    from = end > begin
               ? end
               : begin + (begin < text.size() ? LeadLength(static_cast<unsigned char>(text[begin]))
                                              : 1);
    // Another match would hold the regex's atoms after `from`; most often none is left.
    if (!prefilter_.MayMatchFrom(static_cast<size_t>(r), scratch.atom_seen.data(),
                                 scratch.atom_last.data(), static_cast<uint32_t>(from))) {
      break;
    }
  }
  return found;
}

void Matcher::ScanPhrases(std::string_view text, MatchScratch* scratch) const {
  const size_t n = patterns_.size();
  scratch->matched.clear();
  scratch->found.clear();
  if (scratch->slots.size() < n) scratch->slots.resize(n);
  const size_t atom_count = prefilter_.atoms().size();
  if (scratch->atom_seen.size() < atom_count) {
    scratch->atom_seen.resize(atom_count, 0);
    scratch->atom_last.resize(atom_count, 0);
  }
  std::vector<int>& matched = scratch->matched;
  std::vector<std::pair<uint32_t, Hit>>& found = scratch->found;
  MatchScratch::Slot* const slots = scratch->slots.data();
  uint8_t* const atom_seen = scratch->atom_seen.data();
  uint32_t* const atom_last = scratch->atom_last.data();
  for (int a : scratch->atoms) atom_seen[a] = 0;  // the previous text's
  scratch->atoms.clear();
  const bool case_folds =
      automaton_.ScanNoteCase(text, [&](uint32_t value, uint32_t begin, uint32_t end) {
        if (value < kAtom) {
          MatchScratch::Slot& slot = slots[value];
          if (!slot.seen) {
            slot.seen = 1;
            slot.count = 0;
            matched.push_back(static_cast<int>(value));
          }
          ++slot.count;
          found.push_back({value, Hit{begin, end}});
        } else {
          const uint32_t atom = value - kAtom;
          atom_last[atom] = begin;  // occurrences come in order
          if (!atom_seen[atom]) {
            atom_seen[atom] = 1;
            scratch->atoms.push_back(static_cast<int>(atom));
          }
        }
      });
  for (int id : matched) slots[id].seen = 0;
  // Group the phrases' hits by pattern, keeping text order within each.
  uint32_t total = 0;
  for (int id : matched) {
    slots[id].first = total;
    total += slots[id].count;
  }
  scratch->hits.resize(total);
  Hit* const hits = scratch->hits.data();
  for (const auto& [id, hit] : found) hits[slots[id].first++] = hit;
  for (int id : matched) slots[id].first -= slots[id].count;
  std::sort(matched.begin(), matched.end());
  scratch->regexes.clear();
  if (!regexes_.empty()) {
    prefilter_.Candidates(text, atom_seen, scratch->atoms, case_folds, &scratch->regexes,
                          &scratch->regex_mark);
  }
}

}  // namespace liangyan::match
