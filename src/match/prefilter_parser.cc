#include "match/prefilter_parser.h"

#include <algorithm>

#include "match/aho_corasick.h"
#include "text/utf8.h"

namespace liangyan::match {

namespace {

// An exact piece matches one of at most this many strings; beyond, it becomes a condition.
constexpr size_t kMaxExact = 64;
// A character class of at most this many characters is a set of one-character strings.
constexpr char32_t kMaxClass = 16;
// A regex anchored at the start needs the text to begin with one of at most this many
// strings, when they are known.
constexpr size_t kMaxPrefixes = 64;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Recursive descent over RE2's syntax, computing what each piece requires: either the exact
// set of strings it matches (when small), or a condition tree over atoms.  Any syntax it does
// not recognise fails the parse, and the regex is then always a candidate.
class PrefilterParser {
 public:
  explicit PrefilterParser(std::string_view pattern) : p_(pattern) {}

  static constexpr int kTrue = ParsedPrefilter::kTrue;

  struct Info {
    bool exact = false;
    std::vector<std::string> strings;   // exact: sorted, distinct
    int formula = kTrue;                // not exact
    bool anchored = false;              // matches only at the start of the text
    bool has_prefixes = false;          // every match begins with one of `prefixes`
    std::vector<std::string> prefixes;  // non-empty
  };

  // False for syntax not followed; the outputs are then meaningless.  *prefixes: when the
  // regex can only match at the start of the text, strings one of which the text must begin
  // with (empty when unknown).
  bool Parse(int* formula, std::vector<std::string>* prefixes) {
    Info info;
    if (!Alternation(&info) || pos_ != p_.size()) return false;
    *formula = ToFormula(info);
    prefixes->clear();
    if (info.anchored && info.has_prefixes && !multiline_) *prefixes = info.prefixes;
    return true;
  }

  const std::vector<Formula>& formulas() const { return formulas_; }
  bool lowered() const { return lowered_; }

 private:
  static Info Exact(std::vector<std::string> strings) {
    std::sort(strings.begin(), strings.end());
    strings.erase(std::unique(strings.begin(), strings.end()), strings.end());
    Info info;
    info.exact = true;
    info.strings = std::move(strings);
    info.has_prefixes = info.strings.size() <= kMaxPrefixes &&
                        (info.strings.empty() || !info.strings.front().empty());
    if (info.has_prefixes) info.prefixes = info.strings;
    return info;
  }
  static bool OnlyEmpty(const Info& info) {
    return info.exact && info.strings.size() == 1 && info.strings[0].empty();
  }
  static Info Empty() { return Exact({std::string()}); }
  static Info Any() { return Info{}; }

  int Node(FormulaKind kind, std::string atom, std::vector<int> children) {
    formulas_.push_back(Formula{kind, std::move(atom), std::move(children)});
    return static_cast<int>(formulas_.size()) - 1;
  }

  int ToFormula(const Info& info) {
    if (!info.exact) return info.formula;
    std::vector<int> atoms;
    for (const std::string& s : info.strings) {
      if (s.empty()) return kTrue;  // the piece may match nothing at all
      atoms.push_back(Node(FormulaKind::kAtom, s, {}));
    }
    if (atoms.empty()) return kTrue;
    if (atoms.size() == 1) return atoms[0];
    return Node(FormulaKind::kOr, {}, std::move(atoms));
  }

  int And(int a, int b) {
    if (a == kTrue) return b;
    if (b == kTrue) return a;
    return Node(FormulaKind::kAnd, {}, {a, b});
  }

  int Or(int a, int b) {
    if (a == kTrue || b == kTrue) return kTrue;
    return Node(FormulaKind::kOr, {}, {a, b});
  }

  Info Concat(const Info& a, const Info& b) {
    Info info;
    if (a.exact && b.exact && a.strings.size() * b.strings.size() <= kMaxExact) {
      std::vector<std::string> product;
      for (const std::string& x : a.strings) {
        for (const std::string& y : b.strings) product.push_back(x + y);
      }
      info = Exact(std::move(product));
    } else {
      info.formula = And(ToFormula(a), ToFormula(b));
      // A match begins with what `a`'s match begins with, or, when `a` matches only the
      // empty string (^, a flag group), with what `b`'s does.
      const Info& first = OnlyEmpty(a) ? b : a;
      info.has_prefixes = first.has_prefixes;
      info.prefixes = first.prefixes;
    }
    info.anchored = a.anchored || (OnlyEmpty(a) && b.anchored);
    return info;
  }

  Info Alternate(const Info& a, const Info& b) {
    Info info;
    if (a.exact && b.exact && a.strings.size() + b.strings.size() <= kMaxExact) {
      std::vector<std::string> both = a.strings;
      both.insert(both.end(), b.strings.begin(), b.strings.end());
      info = Exact(std::move(both));
    } else {
      info.formula = Or(ToFormula(a), ToFormula(b));
      info.has_prefixes =
          a.has_prefixes && b.has_prefixes && a.prefixes.size() + b.prefixes.size() <= kMaxPrefixes;
      if (info.has_prefixes) {
        info.prefixes = a.prefixes;
        info.prefixes.insert(info.prefixes.end(), b.prefixes.begin(), b.prefixes.end());
      }
    }
    info.anchored = a.anchored && b.anchored;
    return info;
  }

  // One character of a literal: lower-cased in a case-insensitive part (the atoms are then
  // only sound on text without case-folding letters; RegexPrefilter::Candidates knows).
  Info Char(char32_t cp) {
    if (fold_) {
      if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
      if (cp >= 'a' && cp <= 'z') {
        lowered_ = true;
      } else if (AhoCorasick::CaseFolds(cp)) {
        return Any();
      }
    }
    std::string s;
    text::AppendUtf8(cp, &s);
    return Exact({s});
  }

  bool AtEnd() const { return pos_ >= p_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < p_.size() ? p_[pos_ + ahead] : '\0'; }

  char32_t NextCodePoint() {
    size_t length;
    const auto* p = reinterpret_cast<const unsigned char*>(p_.data()) + pos_;
    const char32_t cp =
        DecodeForScan(p, reinterpret_cast<const unsigned char*>(p_.data()) + p_.size(), &length);
    pos_ += length;
    return cp;
  }

  bool Alternation(Info* out) {
    const bool saved_fold = fold_;  // (?i) applies to the end of the enclosing group
    if (!Concatenation(out)) return false;
    while (Peek() == '|') {
      ++pos_;
      Info next;
      if (!Concatenation(&next)) return false;
      *out = Alternate(*out, next);
    }
    fold_ = saved_fold;
    return true;
  }

  bool Concatenation(Info* out) {
    *out = Empty();
    // What the pieces so far require, split into a condition and the exact strings of the
    // pieces since the last inexact one: `[^x]请(提供|告知)` needs 请提供 or 请告知, not
    // merely 请 and one of 提供, 告知 anywhere.
    int required = kTrue;
    Info tail = Empty();
    bool inexact = false;
    while (!AtEnd() && Peek() != '|' && Peek() != ')') {
      Info piece;
      if (!Repetition(&piece)) return false;
      *out = Concat(*out, piece);  // start and anchor
      if (piece.exact && tail.strings.size() * piece.strings.size() <= kMaxExact) {
        tail = Concat(tail, piece);
      } else {
        required = And(required, ToFormula(tail));
        if (piece.exact) {
          tail = piece;
        } else {
          required = And(required, piece.formula);
          tail = Empty();
        }
        inexact = true;
      }
    }
    if (inexact) {
      out->exact = false;
      out->strings.clear();
      out->formula = And(required, ToFormula(tail));
    }
    return true;
  }

  // {n}, {n,} or {n,m}: sets *min and advances; false (not advancing) if not one of those,
  // in which case RE2 reads the brace as a literal.
  bool Braces(int* min) {
    size_t at = pos_ + 1;
    int value = 0;
    size_t digits = 0;
    while (at < p_.size() && p_[at] >= '0' && p_[at] <= '9') {
      value = std::min(value * 10 + (p_[at] - '0'), 100000);
      ++at;
      ++digits;
    }
    if (digits == 0) return false;
    if (at < p_.size() && p_[at] == ',') {
      ++at;
      while (at < p_.size() && p_[at] >= '0' && p_[at] <= '9') ++at;
    }
    if (at >= p_.size() || p_[at] != '}') return false;
    pos_ = at + 1;
    *min = value;
    return true;
  }

  bool Repetition(Info* out) {
    if (!Atom(out)) return false;
    while (!AtEnd()) {
      const char c = Peek();
      int min = -1;
      if (c == '*') {
        ++pos_;
        min = 0;
      } else if (c == '+') {
        ++pos_;
        min = 1;
      } else if (c == '?') {
        ++pos_;
        if (out->exact && out->strings.size() < kMaxExact) {
          std::vector<std::string> with_empty = out->strings;
          with_empty.emplace_back();
          *out = Exact(std::move(with_empty));
        } else {
          *out = Any();
        }
      } else if (c == '{' && Braces(&min)) {
      } else {
        break;
      }
      if (min == 0) {
        *out = Any();  // any number of copies, none included: requires nothing
      } else if (min > 0) {
        Info repeated;  // at least one copy: what one copy requires, and begins with
        repeated.formula = ToFormula(*out);
        repeated.anchored = out->anchored;
        repeated.has_prefixes = out->has_prefixes;
        repeated.prefixes = std::move(out->prefixes);
        *out = repeated;
      }
      if (Peek() == '?') ++pos_;  // non-greedy: same strings
    }
    return true;
  }

  bool Atom(Info* out) {
    const char c = Peek();
    switch (c) {
      case '(':
        return Group(out);
      case '[':
        return Class(out);
      case '.':
        ++pos_;
        *out = Any();
        return true;
      case '^':
      case '$':
        ++pos_;
        *out = Empty();
        out->anchored = c == '^';
        return true;
      case '\\':
        return Escape(out);
      case '*':
      case '+':
      case '?':
        return false;  // RE2 refuses these without an operand
      case '{': {
        int min;
        const size_t saved = pos_;
        if (Braces(&min)) {
          pos_ = saved;
          return false;
        }
        ++pos_;
        *out = Char('{');
        return true;
      }
      default:
        *out = Char(NextCodePoint());
        return true;
    }
  }

  bool Group(Info* out) {
    ++pos_;  // '('
    const bool saved_fold = fold_;
    if (Peek() == '?') {
      ++pos_;
      if (Peek() == 'P' && Peek(1) == '<') ++pos_;
      if (Peek() == '<') {  // named capture
        const size_t close = p_.find('>', pos_);
        if (close == std::string_view::npos) return false;
        pos_ = close + 1;
      } else {
        bool negate = false;
        bool fold = fold_;
        while (!AtEnd() && Peek() != ':' && Peek() != ')') {
          const char flag = Peek();
          if (flag == '-') {
            negate = true;
          } else if (flag == 'i') {
            fold = !negate;
          } else if (flag == 'm') {
            multiline_ = true;  // ^ then also matches after each newline
          } else if (flag != 's' && flag != 'U') {
            return false;
          }
          ++pos_;
        }
        if (AtEnd()) return false;
        if (Peek() == ')') {  // (?i): flags for the rest of the enclosing group
          ++pos_;
          fold_ = fold;
          *out = Empty();
          return true;
        }
        ++pos_;  // ':'
        fold_ = fold;
      }
    }
    if (!Alternation(out)) return false;
    if (Peek() != ')') return false;
    ++pos_;
    fold_ = saved_fold;
    return true;
  }

  // \x{10FFFF} or \xFF after the 'x'.
  bool Hex(char32_t* cp) {
    uint32_t value = 0;
    if (Peek() == '{') {
      ++pos_;
      size_t digits = 0;
      while (!AtEnd() && Peek() != '}') {
        const int h = HexValue(Peek());
        if (h < 0 || ++digits > 8) return false;
        value = value * 16 + static_cast<uint32_t>(h);
        ++pos_;
      }
      if (AtEnd() || digits == 0) return false;
      ++pos_;
    } else {
      for (int i = 0; i < 2; ++i) {
        const int h = HexValue(Peek());
        if (h < 0) return false;
        value = value * 16 + static_cast<uint32_t>(h);
        ++pos_;
      }
    }
    if (value > 0x10FFFF) return false;
    *cp = value;
    return true;
  }

  // An escape after the backslash that stands for one character; *is_set when it stands for
  // a class of characters instead (\d, \pN, ...).  False for escapes not followed.
  bool EscapedChar(char32_t* cp, bool* is_set) {
    *is_set = false;
    const char c = Peek();
    ++pos_;
    switch (c) {
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
        *is_set = true;
        return true;
      case 'p':
      case 'P':
        *is_set = true;
        if (Peek() == '{') {
          const size_t close = p_.find('}', pos_);
          if (close == std::string_view::npos) return false;
          pos_ = close + 1;
        } else {
          if (AtEnd()) return false;
          NextCodePoint();
        }
        return true;
      case 'x':
        return Hex(cp);
      case 'n':
        *cp = '\n';
        return true;
      case 't':
        *cp = '\t';
        return true;
      case 'r':
        *cp = '\r';
        return true;
      case 'f':
        *cp = '\f';
        return true;
      case 'v':
        *cp = '\v';
        return true;
      case 'a':
        *cp = '\a';
        return true;
      default:
        if (c == '\0' || IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80) return false;
        *cp = static_cast<unsigned char>(c);  // escaped punctuation stands for itself
        return true;
    }
  }

  bool Escape(Info* out) {
    ++pos_;  // '\'
    const char c = Peek();
    if (c == 'b' || c == 'B' || c == 'A' || c == 'z') {
      ++pos_;
      *out = Empty();
      out->anchored = c == 'A';
      return true;
    }
    if (c == 'C') {
      ++pos_;
      *out = Any();
      return true;
    }
    char32_t cp = 0;
    bool is_set = false;
    if (!EscapedChar(&cp, &is_set)) return false;
    *out = is_set ? Any() : Char(cp);
    return true;
  }

  // One member of a class: a character, or a set (\d, [:alpha:]) in *is_set.
  bool ClassMember(char32_t* cp, bool* is_set) {
    *is_set = false;
    if (Peek() == '[' && Peek(1) == ':') {
      const size_t close = p_.find(":]", pos_ + 2);
      if (close == std::string_view::npos) return false;
      pos_ = close + 2;
      *is_set = true;
      return true;
    }
    if (Peek() == '\\') {
      ++pos_;
      return EscapedChar(cp, is_set);
    }
    *cp = NextCodePoint();
    return true;
  }

  bool Class(Info* out) {
    ++pos_;  // '['
    bool negated = false;
    if (Peek() == '^') {
      negated = true;
      ++pos_;
    }
    bool large = false;
    std::vector<char32_t> members;
    for (bool first = true;; first = false) {
      if (AtEnd()) return false;
      if (Peek() == ']' && !first) {
        ++pos_;
        break;
      }
      char32_t lo = 0;
      bool is_set = false;
      if (!ClassMember(&lo, &is_set)) return false;
      if (is_set) {
        large = true;
        continue;
      }
      char32_t hi = lo;
      if (Peek() == '-' && Peek(1) != ']' && pos_ + 1 < p_.size()) {
        ++pos_;
        if (!ClassMember(&hi, &is_set) || is_set || hi < lo) return false;
      }
      if (hi - lo >= kMaxClass) {
        large = true;
      } else {
        for (char32_t x = lo; x <= hi; ++x) members.push_back(x);
      }
    }
    if (negated || large || members.size() > kMaxClass) {
      *out = Any();
      return true;
    }
    Info info = Exact({});
    for (char32_t x : members) {
      const Info one = Char(x);
      if (!one.exact) {
        *out = Any();
        return true;
      }
      info = Alternate(info, one);
    }
    *out = info;
    return true;
  }

  std::string_view p_;
  size_t pos_ = 0;
  bool fold_ = false;
  bool lowered_ = false;
  bool multiline_ = false;
  std::vector<Formula> formulas_;
};

}  // namespace

bool IsAsciiAlnumChar(char c) { return IsAsciiAlnum(c); }

bool ParsePrefilter(std::string_view pattern, ParsedPrefilter* out) {
  PrefilterParser parser(pattern);
  *out = ParsedPrefilter();
  if (!parser.Parse(&out->root, &out->prefixes)) {
    out->root = ParsedPrefilter::kTrue;
    out->prefixes.clear();
    return false;
  }
  out->formulas = parser.formulas();
  out->lowered = parser.lowered();
  return true;
}

}  // namespace liangyan::match
