#include "match/regex_prefilter.h"

#include <algorithm>

#include "match/aho_corasick.h"
#include "match/prefilter_parser.h"

namespace liangyan::match {

uint32_t RegexPrefilter::AtomId(const std::string& atom) {
  const auto it = atom_ids_.find(atom);
  if (it != atom_ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(atoms_.size());
  atoms_.push_back(atom);
  atom_ids_.emplace(atom, id);
  regexes_of_atom_.emplace_back();
  return id;
}

void RegexPrefilter::Add(std::string_view pattern) {
  const int index = static_cast<int>(regexes_.size());
  Regex regex;
  ParsedPrefilter parsed;
  if (ParsePrefilter(pattern, &parsed)) {
    regex.case_insensitive = parsed.lowered;
    regex.starts = std::move(parsed.prefixes);
    std::sort(regex.starts.begin(), regex.starts.end());
    bool vacuous = false;
    for (const std::string& start : regex.starts) {
      if (start.empty()) {
        vacuous = true;
        break;
      }
      const auto* p = reinterpret_cast<const unsigned char*>(start.data());
      size_t length;
      regex.start_characters.push_back(DecodeForScan(p, p + start.size(), &length));
    }
    if (vacuous) regex.start_characters.clear();
    std::sort(regex.start_characters.begin(), regex.start_characters.end());
    regex.start_characters.erase(
        std::unique(regex.start_characters.begin(), regex.start_characters.end()),
        regex.start_characters.end());
  }
  const int root = parsed.root;
  if (root != ParsedPrefilter::kTrue) {
    // Copy the parser's tree into the flat node array, children before parents; an `or` of
    // atoms becomes one node listing them.
    const auto& formulas = parsed.formulas;
    std::vector<uint32_t> placed(formulas.size(), kTrue);
    std::vector<int> stack = {root};
    std::vector<int> order;
    while (!stack.empty()) {
      const int f = stack.back();
      stack.pop_back();
      order.push_back(f);
      for (int child : formulas[f].children) stack.push_back(child);
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const auto& formula = formulas[*it];
      Node node;
      node.kind = formula.kind;
      if (formula.kind == Kind::kAtom) {
        node.atom = AtomId(formula.atom);
      } else {
        const bool all_atoms =
            formula.kind == Kind::kOr &&
            std::all_of(formula.children.begin(), formula.children.end(),
                        [&](int child) { return formulas[child].kind == Kind::kAtom; });
        node.first_child = static_cast<uint32_t>(children_.size());
        node.child_count = static_cast<uint32_t>(formula.children.size());
        if (all_atoms) {
          node.kind = Kind::kAnyAtom;
          for (int child : formula.children) children_.push_back(nodes_[placed[child]].atom);
        } else {
          for (int child : formula.children) children_.push_back(placed[child]);
        }
      }
      placed[*it] = static_cast<uint32_t>(nodes_.size());
      nodes_.push_back(node);
    }
    regex.root = placed[root];
  }
  if (!regex.starts.empty()) {
    // The text's first characters decide more cheaply than any atom.
    anchored_.push_back(index);
  } else if (regex.root != kTrue) {
    std::vector<uint32_t> triggers;
    Triggers(regex.root, &triggers);
    std::sort(triggers.begin(), triggers.end());
    triggers.erase(std::unique(triggers.begin(), triggers.end()), triggers.end());
    for (uint32_t atom : triggers) regexes_of_atom_[atom].push_back(index);
  } else {
    unconditional_.push_back(index);
  }
  if (regex.case_insensitive) case_insensitive_.push_back(index);
  regexes_.push_back(std::move(regex));
}

void RegexPrefilter::Finish() {
  triggered_.Assign(regexes_of_atom_);
  triggers_any_.assign(atoms_.size(), 0);
  for (size_t a = 0; a < atoms_.size(); ++a) triggers_any_[a] = !regexes_of_atom_[a].empty();
}

bool RegexPrefilter::PlainString(std::string_view pattern, std::string* literal) {
  static constexpr std::string_view kSpecial = "\\.+*?()|[]{}^$";
  literal->clear();
  const auto* const end = reinterpret_cast<const unsigned char*>(pattern.data()) + pattern.size();
  for (size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\\') {  // escaped punctuation stands for itself
      if (i + 1 >= pattern.size()) return false;
      const char next = pattern[i + 1];
      if (IsAsciiAlnumChar(next) || static_cast<unsigned char>(next) >= 0x80 || next == '\0') {
        return false;
      }
      literal->push_back(next);
      i += 2;
      continue;
    }
    size_t at = i;
    if (c == '[') {  // [x]: a class of one character
      at = i + 1;
      if (at >= pattern.size() || pattern[at] == '^' || pattern[at] == '\\') return false;
    } else if (kSpecial.find(c) != std::string_view::npos) {
      return false;
    }
    size_t length;
    const char32_t cp =
        DecodeForScan(reinterpret_cast<const unsigned char*>(pattern.data()) + at, end, &length);
    if (cp == 0xFFFF && length == 1) return false;
    literal->append(pattern.substr(at, length));
    i = at + length;
    if (c == '[') {
      if (i >= pattern.size() || pattern[i] != ']') return false;
      ++i;
    }
  }
  if (literal->empty()) return false;
  // Occurrences of a string that overlaps itself (aba in ababa) are not all matches.
  for (size_t k = 1; k < literal->size(); ++k) {
    if (literal->compare(0, k, *literal, literal->size() - k, k) == 0) return false;
  }
  return true;
}

double RegexPrefilter::AtomCost(uint32_t atom) const {
  // Rough odds of occurring in an utterance: one Han or ASCII character often (请 in one in
  // eight), a two-character word rarely, anything longer hardly ever.
  const size_t length = atoms_[atom].size();
  return length <= 3 ? 1.0 : length <= 6 ? 0.02 : 0.005;
}

bool RegexPrefilter::StartsRight(const Regex& regex, std::string_view text) {
  if (regex.starts.empty()) return true;
  if (text.empty()) return false;
  // The starts are sorted: those beginning with the text's first character are adjacent.
  size_t first_length;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  DecodeForScan(p, p + text.size(), &first_length);
  const std::string_view first = text.substr(0, first_length);
  for (auto it = std::lower_bound(regex.starts.begin(), regex.starts.end(), first);
       it != regex.starts.end() && it->compare(0, first.size(), first) == 0; ++it) {
    if (text.compare(0, it->size(), *it) == 0) return true;
  }
  return false;
}

double RegexPrefilter::Triggers(uint32_t index, std::vector<uint32_t>* out) {
  const Node node = nodes_[index];
  switch (node.kind) {
    case Kind::kTrue:
      return 1e9;  // not reached: conditions are simplified so that no child is `true`
    case Kind::kAtom:
      out->push_back(node.atom);
      return AtomCost(node.atom);
    case Kind::kOr: {
      double cost = 0;
      for (uint32_t i = 0; i < node.child_count; ++i) {
        cost += Triggers(children_[node.first_child + i], out);
      }
      return cost;
    }
    case Kind::kAnyAtom: {
      double cost = 0;
      for (uint32_t i = 0; i < node.child_count; ++i) {
        const uint32_t atom = children_[node.first_child + i];
        out->push_back(atom);
        cost += AtomCost(atom);
      }
      return cost;
    }
    case Kind::kAnd: {
      // Any one child's triggers will do: take the rarest, and test that child first.
      double best_cost = 0;
      std::vector<uint32_t> best;
      uint32_t best_child = 0;
      for (uint32_t i = 0; i < node.child_count; ++i) {
        std::vector<uint32_t> atoms;
        const double cost = Triggers(children_[node.first_child + i], &atoms);
        if (i == 0 || cost < best_cost) {
          best_cost = cost;
          best = std::move(atoms);
          best_child = i;
        }
      }
      std::swap(children_[node.first_child], children_[node.first_child + best_child]);
      out->insert(out->end(), best.begin(), best.end());
      return best_cost;
    }
  }
  return 1e9;
}

void RegexPrefilter::Candidates(std::string_view text, const uint8_t* present,
                                const std::vector<int>& found, bool case_folds,
                                std::vector<int>* out, std::vector<uint8_t>* mark) const {
  out->clear();
  if (mark->size() < regexes_.size()) mark->resize(regexes_.size(), 0);
  uint8_t* const marked = mark->data();
  for (int a : found) {
    if (!triggers_any_[a]) continue;  // most atoms found only serve other atoms' regexes
    for (int r : triggered_[a]) {
      if (!marked[r]) {
        marked[r] = 1;
        out->push_back(r);
      }
    }
  }
  size_t kept = 0;
  for (int r : *out) {
    const Regex& regex = regexes_[r];
    if (Holds(regex.root, [present](uint32_t a) { return present[a] != 0; })) {
      (*out)[kept++] = r;
    } else {
      marked[r] = 0;
    }
  }
  out->resize(kept);
  for (int r : unconditional_) {
    marked[r] = 1;
    out->push_back(r);
  }
  char32_t first_character = 0;
  if (!text.empty()) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    size_t length;
    first_character = DecodeForScan(p, p + text.size(), &length);
  }
  for (int r : anchored_) {
    const Regex& regex = regexes_[r];
    // Most texts start with a character no start begins with: one look-up settles it.
    if (!regex.start_characters.empty() &&
        !std::binary_search(regex.start_characters.begin(), regex.start_characters.end(),
                            first_character)) {
      continue;
    }
    if (StartsRight(regex, text) &&
        Holds(regex.root, [present](uint32_t a) { return present[a] != 0; })) {
      marked[r] = 1;
      out->push_back(r);
    }
  }
  if (case_folds) {
    // Lower-cased atoms and prefixes say nothing about text with upper-case letters.
    for (int r : case_insensitive_) {
      if (!marked[r]) {
        marked[r] = 1;
        out->push_back(r);
      }
    }
  }
  for (int r : *out) marked[r] = 0;
  std::sort(out->begin(), out->end());
}

}  // namespace liangyan::match
