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

    std::string error;
    if (!out_->matcher.Compile(limits_.regex_max_mem, &error)) {
      throw CompileFailure{LY_E_LIMIT, spec.id + ": " + error};
    }
    out_->groups_of_pattern.assign(out_->matcher.pattern_count(), {});
    for (size_t g = 0; g < out_->groups.size(); ++g) {
      for (int id : out_->groups[g]) out_->groups_of_pattern[id].push_back(static_cast<int>(g));
    }
    for (auto& groups : out_->groups_of_pattern) {
      std::sort(groups.begin(), groups.end());
      groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    }
    out_->is_protect.assign(out_->matcher.pattern_count(), 0);
    for (int id : protect_ids) out_->is_protect[id] = 1;
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

  int AddGroup(std::vector<int> ids) {
    out_->groups.push_back(std::move(ids));
    return static_cast<int>(out_->groups.size()) - 1;
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

  const Limits& limits_;
  CompiledPack* out_;
  std::map<std::string, std::vector<int>> expanded_;
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
