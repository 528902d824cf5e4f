#include "match/aho_corasick.h"

#include <algorithm>
#include <unordered_map>

namespace liangyan::match {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// Blocks in which no character has a lower-case mapping (Unicode 15; checked against ICU when
// this list was written).  Anything outside them counts as foldable, which only costs speed.
constexpr Range kCaseless[] = {
    {0x0080, 0x00BF},  // Latin-1 punctuation and symbols
    {0x2000, 0x20FF},  // general punctuation, super/subscripts, currency
    {0x2190, 0x245F},  // arrows, mathematical operators, technical, control pictures
    {0x2460, 0x24B5},  // circled and parenthesised digits (circled letters follow)
    {0x2500, 0x2BFF},  // box drawing, shapes, symbols, dingbats
    {0x2E80, 0x2FFF},  // CJK radicals, Kangxi radicals, description characters
    {0xA000, 0xA4CF},  // Yi
    {0xAC00, 0xD7AF},  // Hangul syllables
    {0xF900, 0xFAFF},  // CJK compatibility ideographs
    {0xFE00, 0xFE6F},  // variation selectors, vertical and small forms
    {0xFF00, 0xFF20},  // full-width punctuation and digits (letters follow)
    {0xFF3B, 0xFF40},   {0xFF5B, 0xFFEF},  // full-width brackets, half-width kana and Hangul
    {0x1F000, 0x1FAFF},  // mahjong, cards, enclosed alphanumerics as symbols, emoji
    {0x20000, 0x3FFFF},  // CJK extensions
};

uint32_t Utf8Decode(std::string_view s, size_t pos, size_t* length) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + pos;
  return DecodeForScan(p, reinterpret_cast<const unsigned char*>(s.data()) + s.size(), length);
}

}  // namespace

bool AhoCorasick::CaseFoldsOutsideCjk(char32_t cp) {
  for (const Range& r : kCaseless) {
    if (cp < r.first) return true;
    if (cp <= r.last) return false;
  }
  return true;
}

void AhoCorasick::Add(std::string_view phrase, uint32_t value) {
  if (!phrase.empty()) phrases_.emplace_back(std::string(phrase), value);
}

uint32_t AhoCorasick::AstralClass(char32_t cp) const {
  const auto it = std::lower_bound(
      astral_.begin(), astral_.end(), cp,
      [](const std::pair<char32_t, uint32_t>& entry, char32_t c) { return entry.first < c; });
  return it != astral_.end() && it->first == cp ? it->second : 0;
}

uint32_t AhoCorasick::AssignClass(char32_t cp) {
  if (uint32_t known = ClassOf(cp)) return known;
  const uint32_t cls = class_count_++;
  if (cp < 0x80) {
    ascii_[cp] = cls;
  } else if (cp < 0x10000) {
    if (cls > 0xFFFF) return cls;  // Build refuses: the blocks hold 16-bit classes
    if (page_[cp >> 8] == 0) {
      page_[cp >> 8] = static_cast<uint32_t>(blocks_.size());
      blocks_.resize(blocks_.size() + 256, 0);
    }
    blocks_[page_[cp >> 8] + (cp & 0xFF)] = static_cast<uint16_t>(cls);
  } else {
    astral_.insert(std::lower_bound(astral_.begin(), astral_.end(), std::make_pair(cp, 0u)),
                   std::make_pair(cp, cls));
  }
  return cls;
}

bool AhoCorasick::Build() {
  blocks_.assign(256, 0);  // block 0: pages without phrase characters
  // Classes first, so that the root's children can live in a table indexed by class.
  std::vector<std::vector<uint32_t>> classes(phrases_.size());
  for (size_t i = 0; i < phrases_.size(); ++i) {
    const std::string& phrase = phrases_[i].first;
    for (size_t pos = 0; pos < phrase.size();) {
      size_t length;
      const char32_t cp = Utf8Decode(phrase, pos, &length);
      classes[i].push_back(AssignClass(cp));
      pos += length;
    }
  }

  if (class_count_ > 0xFFFF) return false;
  // The trie.  Children of non-root states are short lists; the root's are a table.
  root_.assign(class_count_, 0);
  std::vector<std::vector<Edge>> children(1);
  std::vector<std::vector<Output>> own(1);
  auto child = [&](uint32_t state, uint32_t cls) -> uint32_t {
    if (state == 0) return root_[cls];
    for (const Edge& e : children[state]) {
      if (e.cls == cls) return e.target;
    }
    return 0;
  };
  for (size_t i = 0; i < phrases_.size(); ++i) {
    uint32_t state = 0;
    for (uint32_t cls : classes[i]) {
      uint32_t next = child(state, cls);
      if (next == 0) {
        next = static_cast<uint32_t>(children.size());
        children.emplace_back();
        own.emplace_back();
        if (state == 0) {
          root_[cls] = next;
        } else {
          children[state].push_back(Edge{cls, next});
        }
      }
      state = next;
    }
    own[state].push_back(
        Output{phrases_[i].second, static_cast<uint32_t>(phrases_[i].first.size())});
  }

  // Failure links breadth first: a state's link is known before its children need it.  Each
  // state's outputs are its own phrases followed by those of its link, i.e. every phrase that
  // ends there, longest first.
  const size_t n = children.size();
  states_.assign(n, State{});
  std::vector<std::vector<Output>> all(n);
  std::vector<uint32_t> queue;
  queue.reserve(n);
  for (uint32_t cls = 0; cls < class_count_; ++cls) {
    if (root_[cls] != 0) queue.push_back(root_[cls]);
  }
  for (uint32_t s : queue) all[s] = own[s];
  for (size_t head = 0; head < queue.size(); ++head) {
    const uint32_t u = queue[head];
    for (const Edge& e : children[u]) {
      uint32_t f = states_[u].fail;
      uint32_t link = child(f, e.cls);
      while (link == 0 && f != 0) {
        f = states_[f].fail;
        link = child(f, e.cls);
      }
      states_[e.target].fail = link;
      all[e.target] = own[e.target];
      all[e.target].insert(all[e.target].end(), all[link].begin(), all[link].end());
      queue.push_back(e.target);
    }
  }

  edges_.clear();
  outputs_.clear();
  output_bits_.assign((n + 63) / 64, 0);
  for (size_t s = 0; s < n; ++s) {
    std::vector<Edge>& list = children[s];
    std::sort(list.begin(), list.end(), [](const Edge& a, const Edge& b) { return a.cls < b.cls; });
    if (list.size() > 0xFFFF || all[s].size() > 0xFFFF) return false;
    states_[s].edges = static_cast<uint32_t>(edges_.size());
    states_[s].edge_count = static_cast<uint16_t>(list.size());
    edges_.insert(edges_.end(), list.begin(), list.end());
    states_[s].outputs = static_cast<uint32_t>(outputs_.size());
    states_[s].output_count = static_cast<uint16_t>(all[s].size());
    outputs_.insert(outputs_.end(), all[s].begin(), all[s].end());
    if (!all[s].empty()) output_bits_[s >> 6] |= uint64_t{1} << (s & 63);
  }
  edges_.shrink_to_fit();
  outputs_.shrink_to_fit();
  blocks_.shrink_to_fit();
  phrases_.clear();
  phrases_.shrink_to_fit();
  return true;
}

size_t AhoCorasick::MemoryBytes() const {
  return states_.capacity() * sizeof(State) + edges_.capacity() * sizeof(Edge) +
         root_.capacity() * sizeof(uint32_t) + outputs_.capacity() * sizeof(Output) +
         blocks_.capacity() * sizeof(uint16_t) + astral_.capacity() * sizeof(astral_[0]) +
         output_bits_.capacity() * sizeof(uint64_t) + sizeof(*this);
}

}  // namespace liangyan::match
