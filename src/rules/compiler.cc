#include "rules/compiler.h"

#include <algorithm>
#include <map>
#include <set>

#include "text/normalized_text.h"
#include "text/utf8.h"

namespace liangyan::rules {
namespace {

using Kind = ConditionNode::Kind;

constexpr size_t kMaxLexiconNesting = 64;

struct CompileFailure {
  ly_status status;
  std::string message;
};

// Maps a byte offset inside a condition's text to a pack line:column.
SourcePos PosInCondition(const ConditionSource& source, uint32_t offset) {
  SourcePos pos = source.pos;
  const std::string_view text(source.text);
  auto columns = [&](size_t from, size_t to) {
    to = std::min(to, text.size());
    return static_cast<int>(text::CountCodePoints(text.substr(from, to - from)));
  };
  if (!source.block) {
    pos.column += columns(0, offset);
    return pos;
  }
  // A block scalar's content starts on the line after its indicator.
  int line = pos.line + 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < source.text.size(); ++i) {
    if (source.text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  pos.line = line;
  pos.column = source.pos.column + 2 + columns(line_start, offset);
  return pos;
}

class Compiler {
 public:
  Compiler(const Limits& limits, CompiledPack* out) : limits_(limits), out_(out) {}

  void Run() {
    PackSpec& spec = out_->spec;
    for (const auto& [name, phrases] : spec.lexicons) ExpandLexicon(name, spec.lexicon_pos[name]);
    // Protected phrases are registered first so their hits are known to shield others.
    std::set<int> protect_ids;
    for (const std::string& name : spec.protect) {
      for (int id : LexiconPatterns(name, spec.lexicon_pos[name])) protect_ids.insert(id);
    }
    for (RuleSpec& rule : spec.rules) {
      if (!rule.enabled) continue;
      CompiledRule compiled;
      compiled.when = CompileCondition(rule.when);
      if (!rule.unless.empty()) {
        int combined = -1;
        for (const ConditionSource& unless : rule.unless) {
          const int e = CompileCondition(unless);
          combined = combined < 0 ? e : AddBinary(Kind::kOr, combined, e, 0);
        }
        compiled.unless = combined;
      }
      compiled.spec = std::move(rule);
      out_->rules.push_back(std::move(compiled));
    }
    for (CreditSpec& credit : spec.credits) {
      CompiledCredit compiled;
      compiled.when = CompileCondition(credit.when);
      compiled.spec = std::move(credit);
      out_->credits.push_back(std::move(compiled));
    }
    for (ScorecardItemSpec& item : spec.scorecard) {
      if (!item.enabled) continue;
      CompiledScorecardItem compiled;
      auto compile = [&](const std::optional<ConditionSource>& source) {
        return source ? CompileCondition(*source) : -1;
      };
      compiled.require = compile(item.require);
      compiled.forbid = compile(item.forbid);
      compiled.trigger = compile(item.trigger);
      compiled.first = compile(item.first);
      compiled.then = compile(item.then);
      compiled.applies_if = compile(item.applies_if);
      for (const ConditionSource& c : item.require_all) {
        compiled.require_all.push_back(CompileCondition(c));
      }
      compiled.spec = std::move(item);
      out_->scorecard.push_back(std::move(compiled));
    }
    spec.rules.clear();
    spec.credits.clear();
    spec.scorecard.clear();
    out_->enabled_rule_count = static_cast<int>(out_->rules.size());

    for (const CompiledRule& rule : out_->rules) {
      CollapseOrs(rule.when);
      if (rule.unless >= 0) CollapseOrs(rule.unless);
    }
    for (const CompiledCredit& credit : out_->credits) CollapseOrs(credit.when);
    for (const CompiledScorecardItem& item : out_->scorecard) {
      for (int root :
           {item.require, item.forbid, item.trigger, item.first, item.then, item.applies_if}) {
        if (root >= 0) CollapseOrs(root);
      }
      for (int root : item.require_all) CollapseOrs(root);
    }
    DropUnusedGroups();

    std::string error;
    if (!out_->matcher.Compile(limits_.regex_max_mem, &error)) {
      throw CompileFailure{LY_E_LIMIT, spec.id + ": " + error};
    }
    std::vector<std::vector<int>> groups_of_pattern(out_->matcher.pattern_count());
    for (size_t g = 0; g < out_->groups.size(); ++g) {
      for (int id : out_->groups[g]) groups_of_pattern[id].push_back(static_cast<int>(g));
    }
    for (auto& groups : groups_of_pattern) {
      std::sort(groups.begin(), groups.end());
      groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    }
    out_->pattern_groups.Assign(groups_of_pattern);
    out_->is_protect.assign(out_->matcher.pattern_count(), 0);
    for (int id : protect_ids) out_->is_protect[id] = 1;
    IndexTriggers();
  }

 private:
  // Resolves a lexicon to pattern ids, following "@other" entries; cycles are errors.
  const std::vector<int>& ExpandLexicon(const std::string& name, const SourcePos& where) {
    auto done = expanded_.find(name);
    if (done != expanded_.end()) return done->second;
    const auto found = out_->spec.lexicons.find(name);
    if (found == out_->spec.lexicons.end()) {
      throw CompileFailure{LY_E_PACK_INVALID,
                           FormatPos(where) + ": unknown lexicon '@" + name + "'"};
    }
    // Lexicons may include lexicons; a chain deeper than any sensible pack is refused before
    // the recursion can exhaust a host thread's stack.
    if (in_progress_.size() >= kMaxLexiconNesting) {
      throw CompileFailure{LY_E_LIMIT, FormatPos(where) + ": lexicon '@" + name +
                                           "' is nested more than " +
                                           std::to_string(kMaxLexiconNesting) + " deep"};
    }
    if (!in_progress_.insert(name).second) {
      throw CompileFailure{LY_E_PACK_INVALID,
                           FormatPos(where) + ": lexicon '@" + name + "' includes itself (cycle)"};
    }
    std::set<int> ids;
    for (const std::string& phrase : found->second) {
      if (phrase.size() > 1 && phrase[0] == '@') {
        for (int id : ExpandLexicon(phrase.substr(1), where)) ids.insert(id);
      } else {
        const std::string folded = FoldPhrase(phrase);
        if (folded.empty()) continue;
        ids.insert(out_->matcher.AddLiteral(folded));
      }
    }
    in_progress_.erase(name);
    return expanded_[name] = std::vector<int>(ids.begin(), ids.end());
  }

  std::vector<int> LexiconPatterns(const std::string& name, const SourcePos& where) {
    return ExpandLexicon(name, where);
  }

  // Identical groups (a lexicon used by thirty rules, a phrase written twice) are one group,
  // so that a check finds each one's hits once and a pattern belongs to few groups.
  int AddGroup(std::vector<int> ids) {
    const auto [it, added] = group_ids_.emplace(ids, static_cast<int>(out_->groups.size()));
    if (added) out_->groups.push_back(std::move(ids));
    return it->second;
  }

  int AddExpr(const Expr& expr) {
    out_->exprs.push_back(expr);
    return static_cast<int>(out_->exprs.size()) - 1;
  }

  int AddBinary(Kind kind, int left, int right, int distance) {
    Expr expr;
    expr.kind = kind;
    expr.left = left;
    expr.right = right;
    expr.distance = distance;
    return AddExpr(expr);
  }

  int CompileCondition(const ConditionSource& source) {
    ConditionNode root;
    ConditionError error;
    if (!ParseCondition(source.text, static_cast<int>(limits_.max_condition_depth), &root,
                        &error)) {
      const ly_status status =
          error.message.find("nesting") != std::string::npos ? LY_E_LIMIT : LY_E_PACK_SYNTAX;
      throw CompileFailure{status,
                           FormatPos(PosInCondition(source, error.offset)) + ": " + error.message};
    }
    return CompileNode(root, source);
  }

  int CompileNode(const ConditionNode& node, const ConditionSource& source) {
    const SourcePos where = PosInCondition(source, node.offset);
    Expr expr;
    expr.kind = node.kind;
    switch (node.kind) {
      case Kind::kPhrase: {
        if (static_cast<int64_t>(node.text.size()) > limits_.max_pattern_bytes) {
          throw CompileFailure{LY_E_LIMIT, FormatPos(where) + ": phrase too long"};
        }
        const std::string folded = FoldPhrase(node.text);
        if (folded.empty()) {
          throw CompileFailure{LY_E_PACK_INVALID, FormatPos(where) + ": empty phrase"};
        }
        expr.group = AddGroup({out_->matcher.AddLiteral(folded)});
        break;
      }
      case Kind::kLexicon:
        expr.group = AddGroup(ExpandLexicon(node.text, where));
        break;
      case Kind::kRegex: {
        if (static_cast<int64_t>(node.text.size()) > limits_.max_pattern_bytes) {
          throw CompileFailure{LY_E_LIMIT, FormatPos(where) + ": regex too long"};
        }
        std::string error;
        const int id = out_->matcher.AddRegex(node.text, &error);
        if (id < 0) {
          throw CompileFailure{LY_E_PATTERN, FormatPos(where) + ": bad regex: " + error};
        }
        expr.group = AddGroup({id});
        break;
      }
      case Kind::kFlag:
        if (node.text == "question") {
          expr.flag = Flag::kQuestion;
        } else if (node.text == "statement") {
          expr.flag = Flag::kStatement;
        } else if (node.text == "unfinished") {
          expr.flag = Flag::kUnfinished;
        } else {
          throw CompileFailure{LY_E_PACK_INVALID, FormatPos(where) + ": unknown flag '" +
                                                      node.text +
                                                      "' (question, statement, unfinished)"};
        }
        break;
      case Kind::kCall: {
        static const std::map<std::string, Position> kPositions = {
            {"clause_start", Position::kClauseStart},
            {"clause_end", Position::kClauseEnd},
            {"sentence_start", Position::kSentenceStart},
            {"sentence_end", Position::kSentenceEnd},
            {"utterance_start", Position::kUtteranceStart},
            {"utterance_end", Position::kUtteranceEnd},
            {"in_question", Position::kInQuestion},
            {"in_statement", Position::kInStatement}};
        const auto it = kPositions.find(node.text);
        if (it == kPositions.end()) {
          throw CompileFailure{LY_E_PACK_INVALID,
                               FormatPos(where) + ": unknown function '" + node.text + "'"};
        }
        expr.position = it->second;
        expr.left = CompileNode(node.children.at(0), source);
        break;
      }
      case Kind::kNot:
        expr.left = CompileNode(node.children.at(0), source);
        break;
      default:
        expr.left = CompileNode(node.children.at(0), source);
        expr.right = CompileNode(node.children.at(1), source);
        expr.distance = node.distance;
        break;
    }
    return AddExpr(expr);
  }

  static bool IsLeaf(Kind kind) {
    return kind == Kind::kPhrase || kind == Kind::kLexicon || kind == Kind::kRegex;
  }

  void OrOperands(int index, std::vector<int>* leaves, std::vector<int>* others) const {
    const Expr& e = out_->exprs[index];
    if (e.kind == Kind::kOr) {
      OrOperands(e.left, leaves, others);
      OrOperands(e.right, leaves, others);
    } else {
      (IsLeaf(e.kind) ? leaves : others)->push_back(index);
    }
  }

  // `@cannot | @not_allowed | "没有"` holds where any of them has a hit, and its hits are the
  // union of theirs, sorted: exactly what one leaf over the union of their patterns gives.
  // Rules are written as long chains of such alternatives; one leaf instead of a chain makes
  // a check look at each text position once.
  void CollapseOrs(int index) {
    const Expr e = out_->exprs[index];
    if (e.kind != Kind::kOr) {
      if (e.left >= 0) CollapseOrs(e.left);
      if (e.right >= 0) CollapseOrs(e.right);
      return;
    }
    std::vector<int> leaves, others;
    OrOperands(index, &leaves, &others);
    for (int other : others) CollapseOrs(other);
    if (leaves.size() < 2) return;
    std::vector<int> ids;
    for (int leaf : leaves) {
      const std::vector<int>& group = out_->groups[out_->exprs[leaf].group];
      ids.insert(ids.end(), group.begin(), group.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    Expr leaf;
    leaf.kind = Kind::kLexicon;
    leaf.group = AddGroup(std::move(ids));
    if (others.empty()) {
      out_->exprs[index] = leaf;
      return;
    }
    const int merged = AddExpr(leaf);
    int rest = others.back();
    for (size_t i = others.size() - 1; i-- > 0;) rest = AddBinary(Kind::kOr, others[i], rest, 0);
    out_->exprs[index].left = merged;
    out_->exprs[index].right = rest;
  }

  // The groups that collapsing left unreferenced would still be found and indexed on every
  // check: keep only those some condition can reach, renumbered.
  void DropUnusedGroups() {
    std::vector<int> roots;
    for (const CompiledRule& rule : out_->rules) {
      roots.push_back(rule.when);
      roots.push_back(rule.unless);
    }
    for (const CompiledCredit& credit : out_->credits) roots.push_back(credit.when);
    for (const CompiledScorecardItem& item : out_->scorecard) {
      roots.insert(roots.end(), {item.require, item.forbid, item.trigger, item.first, item.then,
                                 item.applies_if});
      roots.insert(roots.end(), item.require_all.begin(), item.require_all.end());
    }
    std::vector<uint8_t> reachable(out_->exprs.size(), 0);
    std::vector<int> stack;
    for (int root : roots) {
      if (root >= 0) stack.push_back(root);
    }
    while (!stack.empty()) {
      const int index = stack.back();
      stack.pop_back();
      if (reachable[index]) continue;
      reachable[index] = 1;
      const Expr& e = out_->exprs[index];
      if (e.left >= 0) stack.push_back(e.left);
      if (e.right >= 0) stack.push_back(e.right);
    }
    std::vector<int> renumbered(out_->groups.size(), -1);
    std::vector<std::vector<int>> kept;
    for (size_t i = 0; i < out_->exprs.size(); ++i) {
      Expr& e = out_->exprs[i];
      if (!IsLeaf(e.kind)) continue;
      if (!reachable[i]) {
        e.group = -1;
        continue;
      }
      int& target = renumbered[e.group];
      if (target < 0) {
        target = static_cast<int>(kept.size());
        kept.push_back(std::move(out_->groups[e.group]));
      }
      e.group = target;
    }
    out_->groups = std::move(kept);
    group_ids_.clear();
  }

  // Groups one of which must occur for expression `index` to hold (false: it can hold
  // without any).  Mirrors eval's MayHold; of an `and`, the side with fewer groups.
  bool Triggers(int index, std::vector<int>* groups) const {
    const Expr& e = out_->exprs[index];
    switch (e.kind) {
      case Kind::kPhrase:
      case Kind::kLexicon:
      case Kind::kRegex:
        groups->push_back(e.group);
        return true;
      case Kind::kFlag:
      case Kind::kNot:
        return false;
      case Kind::kOr:
        return Triggers(e.left, groups) && Triggers(e.right, groups);
      case Kind::kCall:
      case Kind::kNotAfter:
      case Kind::kNotBefore:
        return Triggers(e.left, groups);
      default: {  // and, then, near, before, after: both sides are needed
        std::vector<int> left, right;
        const bool has_left = Triggers(e.left, &left);
        const bool has_right = Triggers(e.right, &right);
        if (!has_left && !has_right) return false;
        const std::vector<int>& pick =
            !has_right || (has_left && left.size() <= right.size()) ? left : right;
        groups->insert(groups->end(), pick.begin(), pick.end());
        return true;
      }
    }
  }

  // What eval's MayHold asks of expression `index`, in conjunctive form: for each clause, some
  // group of it occurred.  Empty: nothing is needed.  An `or` of two conjunctions multiplies
  // out; past kMaxClauses, *complete becomes false (the caller then keeps the tree walk).
  std::vector<std::vector<int>> Needs(int index, bool* complete) const {
    constexpr size_t kMaxClauses = 64;
    const Expr& e = out_->exprs[index];
    switch (e.kind) {
      case Kind::kPhrase:
      case Kind::kLexicon:
      case Kind::kRegex:
        return {{e.group}};
      case Kind::kFlag:
      case Kind::kNot:
        return {};
      case Kind::kOr: {
        const std::vector<std::vector<int>> left = Needs(e.left, complete);
        const std::vector<std::vector<int>> right = Needs(e.right, complete);
        if (left.empty() || right.empty()) return {};
        if (left.size() * right.size() > kMaxClauses) {
          *complete = false;
          return {};
        }
        std::vector<std::vector<int>> product;
        for (const std::vector<int>& l : left) {
          for (const std::vector<int>& r : right) {
            std::vector<int> clause = l;
            clause.insert(clause.end(), r.begin(), r.end());
            std::sort(clause.begin(), clause.end());
            clause.erase(std::unique(clause.begin(), clause.end()), clause.end());
            product.push_back(std::move(clause));
          }
        }
        return product;
      }
      case Kind::kCall:
      case Kind::kNotAfter:
      case Kind::kNotBefore:
        return Needs(e.left, complete);
      default: {  // and, then, near, before, after: both sides are needed
        std::vector<std::vector<int>> both = Needs(e.left, complete);
        std::vector<std::vector<int>> right = Needs(e.right, complete);
        both.insert(both.end(), std::make_move_iterator(right.begin()),
                    std::make_move_iterator(right.end()));
        return both;
      }
    }
  }

  // Needs(when) flattened: each clause as its length followed by its groups; {-1} when the
  // conjunctive form would be too long.
  std::vector<int> FlatNeeds(int when) const {
    bool complete = true;
    const std::vector<std::vector<int>> needs = Needs(when, &complete);
    if (!complete) return {-1};
    std::vector<int> flat;
    for (const std::vector<int>& clause : needs) {
      flat.push_back(static_cast<int>(clause.size()));
      flat.insert(flat.end(), clause.begin(), clause.end());
    }
    return flat;
  }

  void IndexTriggers() {
    auto index = [&](int when, int item, std::vector<std::vector<int>>* of_group,
                     std::vector<int>* unconditional) {
      std::vector<int> groups;
      if (!Triggers(when, &groups)) {
        unconditional->push_back(item);
        return groups;
      }
      std::sort(groups.begin(), groups.end());
      groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
      for (int g : groups) (*of_group)[g].push_back(item);
      return groups;
    };
    std::vector<std::vector<int>> rules_of_group(out_->groups.size());
    std::vector<std::vector<int>> credits_of_group(out_->groups.size());
    for (size_t r = 0; r < out_->rules.size(); ++r) {
      out_->rules[r].triggers = index(out_->rules[r].when, static_cast<int>(r), &rules_of_group,
                                      &out_->unconditional_rules);
      out_->rules[r].needs = FlatNeeds(out_->rules[r].when);
    }
    for (size_t c = 0; c < out_->credits.size(); ++c) {
      index(out_->credits[c].when, static_cast<int>(c), &credits_of_group,
            &out_->unconditional_credits);
      out_->credits[c].needs = FlatNeeds(out_->credits[c].when);
    }
    out_->rules_of_group.Assign(rules_of_group);
    out_->credits_of_group.Assign(credits_of_group);
  }

  const Limits& limits_;
  CompiledPack* out_;
  std::map<std::string, std::vector<int>> expanded_;
  std::map<std::vector<int>, int> group_ids_;
  std::set<std::string> in_progress_;
};

}  // namespace

std::string FoldPhrase(std::string_view phrase) {
  text::NormalizedText normalized;
  text::Normalize(phrase, &normalized);
  return normalized.folded;
}

bool Compile(PackSpec spec, const Limits& limits, CompiledPack* out, PackError* error) {
  out->spec = std::move(spec);
  try {
    Compiler(limits, out).Run();
    return true;
  } catch (const CompileFailure& failure) {
    error->status = failure.status;
    error->message = failure.message;
  } catch (const std::bad_alloc&) {
    error->status = LY_E_OUT_OF_MEMORY;
    error->message = "out of memory while compiling the rule pack";
  } catch (const std::out_of_range&) {
    error->status = LY_E_INTERNAL;
    error->message = "malformed condition tree";
  }
  return false;
}

}  // namespace liangyan::rules
