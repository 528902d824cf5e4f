// Reads rule packs (YAML) into a PackSpec.  Strict on purpose: an unknown key is an error with
// its line:column, because a trainer's typo ("unles:") must not silently disable an exception.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <string>

#include "rules/pack.h"
#include "rules/yaml_tree.h"
#include "text/utf8.h"

namespace liangyan::rules {
namespace {

constexpr const char* kCategoryNames[kCategoryCount] = {"negative",   "but",       "no_reason",
                                                        "no_consult", "command",   "not_my_job",
                                                        "blame",      "false_ack", "rude"};

// Thrown inside the loader only; LoadPack turns it into a PackError.
// yaml-cpp quotes the offending bytes, which may be half a character.
std::string ValidUtf8(const std::string& message) {
  std::string out;
  text::ReplaceInvalidUtf8(message, &out);
  return out;
}

struct LoadFailure {
  ly_status status;
  std::string message;
};

class Loader {
 public:
  Loader(std::string_view name, const Limits& limits, PackSpec* spec)
      : name_(name), limits_(limits), spec_(spec) {}

  void Load(std::string_view yaml) {
    text_ = std::string(yaml);
    if (size_t bad = 0; !text::IsValidUtf8(text_, &bad)) {
      Fail(LY_E_PACK_SYNTAX, SourcePos{name_, 0, 0},
           "pack is not valid UTF-8 (byte " + std::to_string(bad) + ")");
    }
    const SourceColumns columns(text_);
    YAML::Node root;
    try {
      root = YAML::Load(text_);
    } catch (const YAML::ParserException& e) {
      int line = 0, column = 0;
      columns.Position(e.mark.line, e.mark.column, &line, &column);
      Fail(LY_E_PACK_SYNTAX, SourcePos{name_, line, column}, ValidUtf8(e.msg));
    }
    YamlTree tree;
    ConvertYaml(root, columns, &tree);
    const YamlTreeView view = tree.view();
    LoadRoot(YNode(&view, 0));
  }

  // A pack parsed when the library was built (see yaml_tree.h).
  void LoadTree(const YamlTreeView& tree) { LoadRoot(YNode(&tree, 0)); }

 private:
  void LoadRoot(const YNode& root) {
    if (!root.IsMap())
      Fail(LY_E_PACK_SYNTAX, PosOf(root), "a pack is a mapping (pack:, rules:, ...)");
    CheckKeys(root, {"pack", "version", "format", "slots", "lexicons", "protect", "rules",
                     "credits", "scorecard", "extend_lexicons", "overrides", "description"});
    const bool first = spec_->id.empty();
    const std::string id = RequiredString(root, "pack");
    if (id.empty()) Fail(LY_E_PACK_INVALID, PosOf(root["pack"]), "the pack id must not be empty");
    const std::string version = RequiredString(root, "version");
    const YNode format = Required(root, "format");
    if (Scalar(format) != "1") {
      Fail(LY_E_PACK_VERSION, PosOf(format),
           "pack format " + Scalar(format) + " is not supported (this library reads format 1)");
    }
    if (first) {
      spec_->id = id;
      spec_->version = version;
    }
    spec_->loaded.push_back(id + "@" + version);
    if (root["slots"]) LoadSlots(root["slots"]);
    if (root["lexicons"]) LoadLexicons(root["lexicons"], /*extend=*/false);
    if (root["extend_lexicons"]) LoadLexicons(root["extend_lexicons"], /*extend=*/true);
    if (root["protect"]) LoadProtect(root["protect"]);
    if (root["rules"]) LoadRules(root["rules"]);
    if (root["credits"]) LoadCredits(root["credits"]);
    if (root["scorecard"]) LoadScorecard(root["scorecard"]);
    if (root["overrides"]) LoadOverrides(root["overrides"]);
  }

  [[noreturn]] void Fail(ly_status status, const SourcePos& pos, const std::string& what) {
    throw LoadFailure{status, FormatPos(pos) + ": " + what};
  }

  // Positions come with the nodes, already in characters (SourceColumns).
  SourcePos PosOf(const YNode& node) const { return SourcePos{name_, node.line(), node.column()}; }

  void CheckKeys(const YNode& map, std::initializer_list<const char*> allowed) {
    for (const auto& entry : map.Entries()) {
      const std::string key(entry.first.Scalar());
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
        std::string list;
        for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
        Fail(LY_E_PACK_INVALID, PosOf(entry.first),
             "unknown key '" + key + "' (expected one of: " + list + ")");
      }
    }
  }

  YNode Required(const YNode& map, const char* key) {
    YNode node = map[key];
    if (!node)
      Fail(LY_E_PACK_INVALID, PosOf(map), std::string("missing required key '") + key + "'");
    return node;
  }

  std::string Scalar(const YNode& node) {
    if (!node.IsScalar()) Fail(LY_E_PACK_INVALID, PosOf(node), "expected a single value here");
    const std::string_view value = node.Scalar();
    if (static_cast<int64_t>(value.size()) > limits_.max_pattern_bytes * 64) {
      Fail(LY_E_LIMIT, PosOf(node), "value too long");
    }
    return std::string(value);
  }

  std::string RequiredString(const YNode& map, const char* key) {
    return Scalar(Required(map, key));
  }

  int Integer(const YNode& node, int lo, int hi) {
    const std::string s = Scalar(node);
    int value = 0;
    try {
      size_t used = 0;
      value = std::stoi(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
    } catch (const std::exception&) {
      Fail(LY_E_PACK_INVALID, PosOf(node), "expected a whole number, got '" + s + "'");
    }
    if (value < lo || value > hi) {
      Fail(LY_E_PACK_INVALID, PosOf(node),
           "value " + s + " out of range " + std::to_string(lo) + ".." + std::to_string(hi));
    }
    return value;
  }

  void CheckPattern(const YNode& node, const std::string& text) {
    if (text.empty()) Fail(LY_E_PACK_INVALID, PosOf(node), "empty phrase");
    if (static_cast<int64_t>(text.size()) > limits_.max_pattern_bytes) {
      Fail(LY_E_LIMIT, PosOf(node),
           "phrase longer than " + std::to_string(limits_.max_pattern_bytes) + " bytes");
    }
  }

  std::vector<std::string> StringList(const YNode& node) {
    if (!node.IsSequence()) Fail(LY_E_PACK_INVALID, PosOf(node), "expected a list [a, b, ...]");
    std::vector<std::string> out;
    for (const auto& item : node.Items()) {
      std::string value = Scalar(item);
      CheckPattern(item, value);
      out.push_back(std::move(value));
    }
    return out;
  }

  void LoadSlots(const YNode& node) {
    if (!node.IsMap()) Fail(LY_E_PACK_INVALID, PosOf(node), "slots: expected key: marker pairs");
    for (const auto& entry : node.Entries()) {
      spec_->slots[std::string(entry.first.Scalar())] = Scalar(entry.second);
    }
  }

  static bool ValidName(const std::string& name) {
    // Keywords of the condition language could never be referenced as @name.
    for (const char* keyword : {"and", "or", "not", "then", "near", "before", "after", "re"}) {
      if (name == keyword) return false;
    }
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
      return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
  }

  void LoadLexicons(const YNode& node, bool extend) {
    if (!node.IsMap()) Fail(LY_E_PACK_INVALID, PosOf(node), "lexicons: expected name: [phrases]");
    for (const auto& entry : node.Entries()) {
      const std::string name(entry.first.Scalar());
      if (!ValidName(name)) {
        Fail(LY_E_PACK_INVALID, PosOf(entry.first),
             "lexicon name '" + name + "' must be letters, digits and _, and not a keyword");
      }
      auto it = spec_->lexicons.find(name);
      if (extend && it == spec_->lexicons.end()) {
        Fail(LY_E_PACK_INVALID, PosOf(entry.first),
             "extend_lexicons: unknown lexicon '" + name + "'");
      }
      if (!extend && it != spec_->lexicons.end()) {
        Fail(LY_E_PACK_INVALID, PosOf(entry.first),
             "lexicon '" + name + "' is already defined (use extend_lexicons to add to it)");
      }
      std::vector<std::string> phrases = StringList(entry.second);
      for (size_t i = 0; i < phrases.size(); ++i) {
        if (phrases[i].rfind("re\"", 0) == 0) {
          Fail(LY_E_PACK_INVALID, PosOf(entry.second[i]),
               "lexicon entries are phrases; put the regex " + phrases[i] +
                   " in a rule's condition instead");
        }
      }
      if (!extend) spec_->lexicon_pos[name] = PosOf(entry.first);
      auto& target = spec_->lexicons[name];
      target.insert(target.end(), phrases.begin(), phrases.end());
    }
  }

  void LoadProtect(const YNode& node) {
    if (!node.IsSequence())
      Fail(LY_E_PACK_INVALID, PosOf(node), "protect: expected [lexicon, ...]");
    for (const auto& item : node.Items()) {
      const std::string name = Scalar(item);
      if (!spec_->lexicons.count(name)) {
        Fail(LY_E_PACK_INVALID, PosOf(item), "protect: unknown lexicon '" + name + "'");
      }
      if (std::find(spec_->protect.begin(), spec_->protect.end(), name) == spec_->protect.end()) {
        spec_->protect.push_back(name);
      }
    }
  }

  ConditionSource Condition(const YNode& node) {
    ConditionSource source;
    source.text = Scalar(node);
    source.pos = PosOf(node);
    // A plain or quoted scalar on one line starts at its mark; a block scalar's text starts on
    // the next line.  Quoted scalars start one column later (after the quote).
    const std::string_view tag = node.Tag();
    source.block = tag == "!" && source.text.find('\n') != std::string::npos;
    if (tag == "!" && !source.block) source.pos.column += 1;
    return source;
  }

  Scope ParseScope(const YNode& node) {
    const std::string s = Scalar(node);
    if (s == "clause") return Scope::kClause;
    if (s == "sentence") return Scope::kSentence;
    if (s == "utterance") return Scope::kUtterance;
    Fail(LY_E_PACK_INVALID, PosOf(node), "scope must be clause, sentence or utterance");
  }

  void LoadExamples(const YNode& node, RuleSpec* rule) {
    if (!node.IsMap()) Fail(LY_E_PACK_INVALID, PosOf(node), "examples: expected flag: and pass:");
    CheckKeys(node, {"flag", "pass"});
    for (const char* kind : {"flag", "pass"}) {
      const YNode list = node[kind];
      if (!list) continue;
      if (!list.IsSequence()) Fail(LY_E_PACK_INVALID, PosOf(list), "expected a list of examples");
      for (const auto& item : list.Items()) {
        Example example;
        example.pos = PosOf(item);
        if (item.IsMap()) {
          CheckKeys(item, {"text", "rewrite"});
          example.text = RequiredString(item, "text");
          if (item["rewrite"]) example.rewrite = Scalar(item["rewrite"]);
        } else {
          example.text = Scalar(item);
        }
        (std::string(kind) == "flag" ? rule->flag_examples : rule->pass_examples)
            .push_back(std::move(example));
      }
    }
  }

  RewriteSpec LoadRewrite(const YNode& node) {
    if (!node.IsMap()) Fail(LY_E_PACK_INVALID, PosOf(node), "rewrite: expected replace:/end:/...");
    CheckKeys(node, {"replace", "end", "before_end", "prefix", "clause", "clause_end"});
    RewriteSpec spec;
    if (node["replace"]) spec.replace = Scalar(node["replace"]);
    if (node["end"]) spec.end = Scalar(node["end"]);
    if (node["before_end"]) spec.before_end = Scalar(node["before_end"]);
    if (node["prefix"]) spec.prefix = Scalar(node["prefix"]);
    if (node["clause"]) spec.clause = Scalar(node["clause"]);
    if (node["clause_end"]) {
      if (!spec.clause) {
        Fail(LY_E_PACK_INVALID, PosOf(node["clause_end"]),
             "rewrite: clause_end needs clause (it ends the restructured sentence)");
      }
      spec.clause_end = Scalar(node["clause_end"]);
    }
    // An empty {} would be a slot no host can fill (ly_context_set refuses empty keys).
    for (const char* key : {"replace", "end", "before_end", "prefix", "clause", "clause_end"}) {
      if (node[key] && Scalar(node[key]).find("{}") != std::string::npos) {
        Fail(LY_E_PACK_INVALID, PosOf(node[key]), "empty slot {} in a rewrite template");
      }
    }
    return spec;
  }

  RuleSpec* FindRule(const std::string& id) {
    for (auto& rule : spec_->rules) {
      if (rule.id == id) return &rule;
    }
    return nullptr;
  }

  void LoadRules(const YNode& node) {
    if (!node.IsSequence()) Fail(LY_E_PACK_INVALID, PosOf(node), "rules: expected a list");
    for (const auto& item : node.Items()) {
      if (!item.IsMap())
        Fail(LY_E_PACK_INVALID, PosOf(item), "a rule is a mapping (id:, when:, ...)");
      CheckKeys(item, {"id", "category", "severity", "weight", "cite", "message", "scope", "when",
                       "unless", "rewrite", "examples", "enabled", "note"});
      RuleSpec rule;
      rule.pos = PosOf(item);
      rule.id = RequiredString(item, "id");
      if (FindRule(rule.id)) {
        Fail(LY_E_PACK_INVALID, PosOf(item["id"]),
             "rule '" + rule.id + "' is already defined (use overrides: to change it)");
      }
      const YNode category = Required(item, "category");
      if (!ParseCategory(Scalar(category), &rule.category)) {
        Fail(LY_E_PACK_INVALID, PosOf(category),
             "unknown category '" + Scalar(category) +
                 "' (negative, but, no_reason, no_consult, command, not_my_job, blame, "
                 "false_ack, rude)");
      }
      if (item["severity"]) rule.severity = Integer(item["severity"], 1, 4);
      if (item["weight"]) rule.weight = Integer(item["weight"], 0, 100);
      if (item["cite"]) rule.cite = Scalar(item["cite"]);
      rule.message = RequiredString(item, "message");
      if (item["scope"]) rule.scope = ParseScope(item["scope"]);
      rule.when = Condition(Required(item, "when"));
      if (item["unless"]) rule.unless.push_back(Condition(item["unless"]));
      if (item["rewrite"]) rule.rewrite = LoadRewrite(item["rewrite"]);
      if (item["examples"]) LoadExamples(item["examples"], &rule);
      if (item["enabled"]) rule.enabled = Scalar(item["enabled"]) != "false";
      spec_->rules.push_back(std::move(rule));
      if (static_cast<int64_t>(spec_->rules.size()) > limits_.max_rules) {
        Fail(LY_E_LIMIT, PosOf(item),
             "more than " + std::to_string(limits_.max_rules) + " rules (LY_OPT_MAX_RULES)");
      }
    }
  }

  void LoadCredits(const YNode& node) {
    if (!node.IsSequence()) Fail(LY_E_PACK_INVALID, PosOf(node), "credits: expected a list");
    for (const auto& item : node.Items()) {
      if (!item.IsMap()) Fail(LY_E_PACK_INVALID, PosOf(item), "a credit is a mapping");
      CheckKeys(item, {"id", "message", "weight", "when", "note"});
      CreditSpec credit;
      credit.pos = PosOf(item);
      credit.id = RequiredString(item, "id");
      credit.message = RequiredString(item, "message");
      if (item["weight"]) credit.weight = Integer(item["weight"], 0, 100);
      credit.when = Condition(Required(item, "when"));
      spec_->credits.push_back(std::move(credit));
    }
  }

  CheckKind ParseCheckKind(const YNode& node) {
    static const std::pair<const char*, CheckKind> kKinds[] = {
        {"first_agent_turn", CheckKind::kFirstAgentTurn},
        {"last_agent_turn", CheckKind::kLastAgentTurn},
        {"agent_after_trigger", CheckKind::kAgentAfterTrigger},
        {"order", CheckKind::kOrder},
        {"customer_reaction", CheckKind::kCustomerReaction},
        {"closing_sequence", CheckKind::kClosingSequence},
        {"agent_talk_share", CheckKind::kAgentTalkShare},
        {"interruptions", CheckKind::kInterruptions},
        {"rate_match", CheckKind::kRateMatch},
        {"silence", CheckKind::kSilence}};
    const std::string value = Scalar(node);
    std::string names;
    for (const auto& [name, kind] : kKinds) {
      if (value == name) return kind;
      names += std::string(names.empty() ? "" : ", ") + name;
    }
    Fail(LY_E_PACK_INVALID, PosOf(node), "unknown check '" + value + "' (" + names + ")");
  }

  std::vector<DialogueExample> DialogueExamples(const YNode& node) {
    if (!node.IsSequence()) Fail(LY_E_PACK_INVALID, PosOf(node), "expected a list of dialogues");
    std::vector<DialogueExample> out;
    for (const auto& dialogue : node.Items()) {
      if (!dialogue.IsSequence()) {
        Fail(LY_E_PACK_INVALID, PosOf(dialogue), "a dialogue example is a list of turns");
      }
      DialogueExample example;
      example.pos = PosOf(dialogue);
      for (const auto& turn : dialogue.Items()) {
        if (!turn.IsMap()) Fail(LY_E_PACK_INVALID, PosOf(turn), "a turn is {role:, text:}");
        CheckKeys(turn, {"role", "text", "start_ms", "end_ms"});
        ExampleTurn t;
        t.role = RequiredString(turn, "role");
        if (t.role != "agent" && t.role != "customer") {
          Fail(LY_E_PACK_INVALID, PosOf(turn["role"]), "role must be agent or customer");
        }
        t.text = RequiredString(turn, "text");
        if (turn["start_ms"]) t.start_ms = Integer(turn["start_ms"], 0, 2000000000);
        if (turn["end_ms"]) t.end_ms = Integer(turn["end_ms"], 0, 2000000000);
        example.turns.push_back(std::move(t));
      }
      out.push_back(std::move(example));
    }
    return out;
  }

  double Number(const YNode& node) {
    const std::string s = Scalar(node);
    try {
      size_t used = 0;
      const double value = std::stod(s, &used);
      if (used == s.size() && value >= 0) return value;
    } catch (const std::exception&) {
    }
    Fail(LY_E_PACK_INVALID, PosOf(node), "expected a non-negative number, got '" + s + "'");
  }

  void LoadScorecard(const YNode& node) {
    if (!node.IsSequence()) Fail(LY_E_PACK_INVALID, PosOf(node), "scorecard: expected a list");
    for (const auto& item : node.Items()) {
      if (!item.IsMap()) Fail(LY_E_PACK_INVALID, PosOf(item), "a score-card item is a mapping");
      CheckKeys(item, {"id",     "title",     "cite",       "message",     "points",
                       "fatal",  "check",     "require",    "forbid",      "trigger",
                       "first",  "then",      "applies_if", "require_all", "first_role",
                       "window", "threshold", "enabled",    "examples",    "note"});
      ScorecardItemSpec spec;
      spec.pos = PosOf(item);
      spec.id = RequiredString(item, "id");
      for (const auto& existing : spec_->scorecard) {
        if (existing.id == spec.id) {
          Fail(LY_E_PACK_INVALID, PosOf(item["id"]),
               "score-card item '" + spec.id + "' already defined");
        }
      }
      spec.title = item["title"] ? Scalar(item["title"]) : spec.id;
      if (item["cite"]) spec.cite = Scalar(item["cite"]);
      spec.message = RequiredString(item, "message");
      if (item["points"]) spec.points = Integer(item["points"], 0, 100);
      if (item["fatal"]) spec.fatal = Scalar(item["fatal"]) == "true";
      spec.kind = ParseCheckKind(Required(item, "check"));
      for (auto [key, target] :
           {std::pair{"require", &spec.require}, std::pair{"forbid", &spec.forbid},
            std::pair{"trigger", &spec.trigger}, std::pair{"first", &spec.first},
            std::pair{"then", &spec.then}, std::pair{"applies_if", &spec.applies_if}}) {
        if (item[key]) *target = Condition(item[key]);
      }
      if (item["require_all"]) {
        const YNode list = item["require_all"];
        if (!list.IsSequence())
          Fail(LY_E_PACK_INVALID, PosOf(list), "require_all: expected a list");
        for (const auto& c : list.Items()) spec.require_all.push_back(Condition(c));
      }
      if (item["first_role"]) {
        spec.first_role = Scalar(item["first_role"]);
        if (spec.first_role != "agent" && spec.first_role != "customer") {
          Fail(LY_E_PACK_INVALID, PosOf(item["first_role"]),
               "first_role must be agent or customer");
        }
      }
      if (item["window"]) spec.window = Integer(item["window"], 1, 100);
      if (item["threshold"]) spec.threshold = Number(item["threshold"]);
      if (item["enabled"]) spec.enabled = Scalar(item["enabled"]) != "false";
      if (item["examples"]) {
        const YNode examples = item["examples"];
        if (!examples.IsMap())
          Fail(LY_E_PACK_INVALID, PosOf(examples), "examples: expected fail:/pass:");
        CheckKeys(examples, {"fail", "pass"});
        if (examples["fail"]) spec.fail_examples = DialogueExamples(examples["fail"]);
        if (examples["pass"]) spec.pass_examples = DialogueExamples(examples["pass"]);
      }
      // Each kind needs its conditions; say which is missing rather than judge nothing.
      auto need = [&](bool ok, const char* what) {
        if (!ok) Fail(LY_E_PACK_INVALID, spec.pos, "score-card item '" + spec.id + "': " + what);
      };
      switch (spec.kind) {
        case CheckKind::kFirstAgentTurn:
        case CheckKind::kLastAgentTurn:
          need(spec.require || spec.forbid, "needs require: or forbid:");
          break;
        case CheckKind::kAgentAfterTrigger:
          need(spec.trigger && (spec.require || spec.forbid),
               "needs trigger: and require:/forbid:");
          break;
        case CheckKind::kOrder:
          need(spec.first && spec.then, "needs first: and then:");
          break;
        case CheckKind::kCustomerReaction:
          need(spec.trigger && spec.require, "needs require: (agent) and trigger: (customer)");
          break;
        case CheckKind::kClosingSequence:
          need(!spec.require_all.empty(), "needs require_all:");
          break;
        case CheckKind::kSilence:
          need(spec.require.has_value(), "needs require: (the wait notice)");
          break;
        default:
          break;
      }
      spec_->scorecard.push_back(std::move(spec));
    }
  }

  void LoadOverrides(const YNode& node) {
    if (!node.IsSequence()) Fail(LY_E_PACK_INVALID, PosOf(node), "overrides: expected a list");
    for (const auto& item : node.Items()) {
      if (!item.IsMap())
        Fail(LY_E_PACK_INVALID, PosOf(item), "an override is a mapping (id:, ...)");
      CheckKeys(item, {"id", "enabled", "severity", "weight", "points", "fatal", "threshold",
                       "unless_also", "message", "note"});
      const std::string id = RequiredString(item, "id");
      RuleSpec* rule = FindRule(id);
      if (!rule) {
        ScorecardItemSpec* card = nullptr;
        for (auto& c : spec_->scorecard) {
          if (c.id == id) card = &c;
        }
        if (!card)
          Fail(LY_E_PACK_INVALID, PosOf(item["id"]), "overrides: unknown rule '" + id + "'");
        if (item["enabled"]) card->enabled = Scalar(item["enabled"]) != "false";
        if (item["weight"]) card->points = Integer(item["weight"], 0, 100);
        if (item["points"]) card->points = Integer(item["points"], 0, 100);
        if (item["fatal"]) card->fatal = Scalar(item["fatal"]) == "true";
        if (item["threshold"]) card->threshold = Number(item["threshold"]);
        if (item["message"]) card->message = Scalar(item["message"]);
        continue;
      }
      if (item["enabled"]) rule->enabled = Scalar(item["enabled"]) != "false";
      if (item["severity"]) rule->severity = Integer(item["severity"], 1, 4);
      if (item["weight"]) rule->weight = Integer(item["weight"], 0, 100);
      if (item["message"]) rule->message = Scalar(item["message"]);
      if (item["unless_also"]) rule->unless.push_back(Condition(item["unless_also"]));
    }
  }

  std::string name_;
  const Limits& limits_;
  PackSpec* spec_;
  std::string text_;
};

}  // namespace

const char* CategoryName(Category category) { return kCategoryNames[static_cast<int>(category)]; }

bool ParseCategory(std::string_view name, Category* out) {
  for (int i = 0; i < kCategoryCount; ++i) {
    if (name == kCategoryNames[i]) {
      *out = static_cast<Category>(i);
      return true;
    }
  }
  return false;
}

std::string FormatPos(const SourcePos& pos) {
  std::string out = pos.pack;
  if (pos.line > 0) out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  return out;
}

bool LoadPack(std::string_view yaml, std::string_view name, const Limits& limits, PackSpec* spec,
              PackError* error) {
  return LoadPackTree(YamlTreeView{}, yaml, name, limits, spec, error);
}

bool LoadPackTree(const YamlTreeView& tree, std::string_view yaml, std::string_view name,
                  const Limits& limits, PackSpec* spec, PackError* error) {
  try {
    if (tree.node_count > 0) {
      Loader(name, limits, spec).LoadTree(tree);
    } else {
      Loader(name, limits, spec).Load(yaml);
    }
    return true;
  } catch (const LoadFailure& failure) {
    error->status = failure.status;
    error->message = failure.message;
  } catch (const YAML::Exception& e) {
    // Type conversions and the like; parse errors were handled with their position above.
    error->status = LY_E_PACK_SYNTAX;
    error->message = std::string(name) + ":" + std::to_string(e.mark.line + 1) + ":" +
                     std::to_string(e.mark.column + 1) + ": " + ValidUtf8(e.msg);
  } catch (const std::bad_alloc&) {
    error->status = LY_E_OUT_OF_MEMORY;
    error->message = std::string(name) + ": out of memory";
  }
  return false;
}

}  // namespace liangyan::rules
