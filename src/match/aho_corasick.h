// An Aho-Corasick automaton over code points: finds every occurrence of thousands of phrases
// in one left-to-right pass, reporting (value, begin, end) for each, overlapping ones
// included.  It replaces a regex set for the pack's phrases: a set only says which patterns
// occur, so each one's positions had to be searched for again, and its lazily built DFA grew
// with the variety of the text (tens of MiB on real agent turns).  This automaton is built once
// and never changes, so any number of threads scan it without locks.
#ifndef LIANGYAN_MATCH_AHO_CORASICK_H_
#define LIANGYAN_MATCH_AHO_CORASICK_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace liangyan::match {

class AhoCorasick {
 public:
  // Adds a non-empty UTF-8 phrase; `value` is what Scan reports for it.  A phrase may be added
  // several times with different values.  Only before Build.
  void Add(std::string_view phrase, uint32_t value);

  // Builds the automaton; Add may not be called afterwards.  False if the phrases are beyond
  // its compact tables (over 65,535 distinct characters, or a state with as many children or
  // phrases ending there), which no real pack comes near.
  bool Build();

  bool empty() const { return states_.size() <= 1; }

  // Calls emit(value, begin, end) for every occurrence of every phrase in `text` (valid UTF-8;
  // malformed bytes only never match), ordered by end offset; occurrences ending at the same
  // offset come longest first.  Offsets are bytes.
  template <typename Emit>
  void Scan(std::string_view text, Emit&& emit) const;

  // Like Scan, and also reports whether the text holds a character that lower-casing would
  // change (see CaseFolds).
  template <typename Emit>
  bool ScanNoteCase(std::string_view text, Emit&& emit) const;

  // Bytes held by the built automaton.
  size_t MemoryBytes() const;

  // False for characters that certainly have no lower-case form: ASCII other than A-Z, and the
  // Han, kana, Hangul, CJK punctuation, full-width punctuation, symbol and emoji blocks.  True
  // for everything else (Latin, Greek and Cyrillic letters, letter-like symbols, ...).
  static bool CaseFolds(char32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    if (cp >= 0x3000 && cp <= 0x9FFF) return false;  // CJK punctuation, kana, Han
    return CaseFoldsOutsideCjk(cp);
  }

 private:
  static bool CaseFoldsOutsideCjk(char32_t cp);

  // Small on purpose: the tables are read at random, a few cache lines per character.
  struct State {
    uint32_t edges = 0;  // first edge in edges_ (sorted by class)
    uint32_t fail = 0;
    uint32_t outputs = 0;  // first output in outputs_
    uint16_t edge_count = 0;
    uint16_t output_count = 0;
  };
  struct Edge {
    uint32_t cls;
    uint32_t target;
  };
  struct Output {
    uint32_t value;
    uint32_t length;  // bytes
  };

  // Class 0: a character that occurs in no phrase (every match restarts after it).
  uint32_t ClassOf(char32_t cp) const {
    if (cp < 0x80) return ascii_[cp];
    if (cp < 0x10000) return blocks_[page_[cp >> 8] + (cp & 0xFF)];
    return AstralClass(cp);
  }
  uint32_t AstralClass(char32_t cp) const;
  uint32_t Next(uint32_t state, uint32_t cls) const;
  uint32_t AssignClass(char32_t cp);

  // Build input.
  std::vector<std::pair<std::string, uint32_t>> phrases_;

  std::vector<State> states_;   // states_[0] is the root
  std::vector<Edge> edges_;     // non-root states' children
  std::vector<uint32_t> root_;  // root's child for each class (0: none)
  std::vector<Output> outputs_;
  std::vector<uint64_t> output_bits_;  // per state: ends some phrase
  std::array<uint32_t, 128> ascii_{};
  std::array<uint32_t, 256> page_{};  // BMP page -> offset of its 256 classes in blocks_
  std::vector<uint16_t> blocks_;      // block 0 is all zero: pages without phrase characters
  std::vector<std::pair<char32_t, uint32_t>> astral_;  // sorted
  uint32_t class_count_ = 1;
};

// Decodes one code point of UTF-8 at p (p < end); *length receives its byte length.  A
// malformed or truncated sequence decodes as one byte of U+FFFF, which no phrase holds.
inline char32_t DecodeForScan(const unsigned char* p, const unsigned char* end, size_t* length) {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *length = 1;
    return b0;
  }
  const size_t available = static_cast<size_t>(end - p);
  auto continuation = [&](size_t i) { return (p[i] & 0xC0) == 0x80; };
  if (b0 >= 0xE0 && b0 < 0xF0 && available >= 3 && continuation(1) && continuation(2)) {
    *length = 3;
    return ((b0 & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
  }
  if (b0 >= 0xC0 && b0 < 0xE0 && available >= 2 && continuation(1)) {
    *length = 2;
    return ((b0 & 0x1Fu) << 6) | (p[1] & 0x3Fu);
  }
  if (b0 >= 0xF0 && available >= 4 && continuation(1) && continuation(2) && continuation(3)) {
    *length = 4;
    return ((b0 & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
  }
  *length = 1;
  return 0xFFFF;
}

inline uint32_t AhoCorasick::Next(uint32_t state, uint32_t cls) const {
  while (state != 0) {
    const State& s = states_[state];
    const Edge* first = edges_.data() + s.edges;
    const Edge* last = first + s.edge_count;
    if (s.edge_count <= 8) {
      for (const Edge* e = first; e != last; ++e) {
        if (e->cls == cls) return e->target;
      }
    } else {
      while (first < last) {  // binary search over the sorted classes
        const Edge* mid = first + (last - first) / 2;
        if (mid->cls < cls) {
          first = mid + 1;
        } else {
          last = mid;
        }
      }
      if (first != edges_.data() + s.edges + s.edge_count && first->cls == cls) {
        return first->target;
      }
    }
    state = s.fail;
  }
  return root_[cls];
}

template <typename Emit>
void AhoCorasick::Scan(std::string_view text, Emit&& emit) const {
  ScanNoteCase(text, emit);
}

template <typename Emit>
bool AhoCorasick::ScanNoteCase(std::string_view text, Emit&& emit) const {
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = begin + text.size();
  bool case_folds = false;
  if (states_.empty()) return false;  // never built
  uint32_t state = 0;
  for (const unsigned char* p = begin; p < end;) {
    size_t length;
    const char32_t cp = DecodeForScan(p, end, &length);
    p += length;
    case_folds |= CaseFolds(cp);
    const uint32_t cls = ClassOf(cp);
    if (cls == 0) {
      state = 0;
      continue;
    }
    state = Next(state, cls);
    // Most states end no phrase; a small bitmap says so without touching the state table.
    if (((output_bits_[state >> 6] >> (state & 63)) & 1) == 0) continue;
    const State& s = states_[state];
    const auto at = static_cast<uint32_t>(p - begin);
    for (const Output *o = outputs_.data() + s.outputs, *last = o + s.output_count; o != last;
         ++o) {
      emit(o->value, at - o->length, at);
    }
  }
  return case_folds;
}

}  // namespace liangyan::match

#endif  // LIANGYAN_MATCH_AHO_CORASICK_H_
