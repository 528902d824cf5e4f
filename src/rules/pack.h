// A rule pack as written by its authors, after YAML parsing and before compilation.
// Several packs merge into one PackSpec: the first defines, later ones extend and override.
#ifndef LIANGYAN_RULES_PACK_H_
#define LIANGYAN_RULES_PACK_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "liangyan/liangyan.h"

namespace liangyan::rules {

enum class Category {
  kNegative,
  kBut,
  kNoReason,
  kNoConsult,
  kCommand,
  kNotMyJob,
  kBlame,
  kFalseAck,
  kRude
};
inline constexpr int kCategoryCount = 9;
const char* CategoryName(Category category);
bool ParseCategory(std::string_view name, Category* out);

enum class Scope { kClause, kSentence, kUtterance };

// Where a piece of text came from, for messages like "my.yaml:12:7: ...".
struct SourcePos {
  std::string pack;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based
};
std::string FormatPos(const SourcePos& pos);

// A condition's text with the position of its first character in the pack file, so that
// parse errors inside it can be reported as pack line:column.
struct ConditionSource {
  std::string text;
  SourcePos pos;
  bool block = false;  // YAML block scalar: offsets inside map to following lines
};

struct RewriteSpec {
  std::optional<std::string> replace;
  std::optional<std::string> end;
  std::optional<std::string> before_end;
  std::optional<std::string> prefix;
  // Restructured candidate only: replaces the whole clause holding the finding (REFUSAL-ORDER:
  // say what can be done instead of what cannot).
  std::optional<std::string> clause;
  // Restructured candidate only, with `clause`: the sentence's new ending, in place of `end`
  // (REFUSAL-ORDER closes on a consultative question; a refusal left as it is does not).
  std::optional<std::string> clause_end;
  bool empty() const { return !replace && !end && !before_end && !prefix && !clause; }
};

struct Example {
  std::string text;
  std::optional<std::string> rewrite;
  SourcePos pos;
};

struct RuleSpec {
  std::string id;
  Category category = Category::kNegative;
  int severity = 2;
  int weight = 5;
  std::string cite;
  std::string message;
  Scope scope = Scope::kSentence;
  ConditionSource when;
  std::vector<ConditionSource> unless;  // the rule's own plus users' unless_also, OR-ed
  RewriteSpec rewrite;
  bool enabled = true;
  std::vector<Example> flag_examples;
  std::vector<Example> pass_examples;
  SourcePos pos;
};

struct CreditSpec {
  std::string id;
  std::string message;
  int weight = 1;
  ConditionSource when;
  SourcePos pos;
};

// A turn of an example dialogue in a pack.
struct ExampleTurn {
  std::string role;  // "agent" or "customer"
  std::string text;
  int64_t start_ms = -1;
  int64_t end_ms = -1;
};

struct DialogueExample {
  std::vector<ExampleTurn> turns;
  SourcePos pos;
};

// How a score-card item judges a conversation (docs/rule-pack.md, "Score card").
enum class CheckKind {
  kFirstAgentTurn,     // `require` / `forbid` on the first agent turn
  kLastAgentTurn,      // on the last `window` agent turns (require: any of them; forbid: none)
  kAgentAfterTrigger,  // on the agent turn right after each customer turn matching `trigger`
  kOrder,              // if `then` occurs in an agent turn, `first` must occur in an earlier turn
  kCustomerReaction,   // fails when a customer turn matching `trigger` follows an agent turn
                       // matching `require`
  kClosingSequence,    // every condition of `require_all` holds in the last `window` agent turns
  kAgentTalkShare,     // agent's share of talk (time, or characters) must be <= threshold
  kInterruptions,      // agent turns starting before the customer's turn ended: <= threshold
  kRateMatch,          // agent characters/minute <= threshold x customer's
  kSilence,  // gaps > threshold ms need a wait notice (`require`) in the agent turn before
};

struct ScorecardItemSpec {
  std::string id;
  std::string title;
  std::string cite;
  std::string message;
  int points = 5;
  bool fatal = false;
  CheckKind kind = CheckKind::kFirstAgentTurn;
  std::optional<ConditionSource> require, forbid, trigger, first, then, applies_if;
  std::vector<ConditionSource> require_all;
  std::string first_role = "agent";  // kOrder: whose turns `first` is looked for in
  int window = 1;
  double threshold = 0;
  bool enabled = true;
  std::vector<DialogueExample> fail_examples;
  std::vector<DialogueExample> pass_examples;
  SourcePos pos;
};

struct PackSpec {
  std::string id;                                         // of the first (base) pack
  std::string version;                                    // of the first pack
  std::vector<std::string> loaded;                        // "id@version" of every pack, in order
  std::map<std::string, std::string, std::less<>> slots;  // key -> marker text
  std::map<std::string, std::vector<std::string>> lexicons;
  std::map<std::string, SourcePos> lexicon_pos;  // where each lexicon was defined
  std::vector<std::string> protect;              // lexicon names
  std::vector<RuleSpec> rules;
  std::vector<CreditSpec> credits;
  std::vector<ScorecardItemSpec> scorecard;
};

struct PackError {
  ly_status status = LY_OK;
  std::string message;  // "name:line:col: what"
};

// Parses one pack (YAML text) and merges it into *spec.  `name` labels it in messages.
bool LoadPack(std::string_view yaml, std::string_view name, const Limits& limits, PackSpec* spec,
              PackError* error);

}  // namespace liangyan::rules

namespace liangyan {
// The default pack compiled into the library (generated from data/rules/default.yaml).
extern const std::string_view kDefaultPack;
// The default conversation rules (data/rules/conversation.yaml), loaded right after it.
extern const std::string_view kConversationPack;
}  // namespace liangyan

#endif  // LIANGYAN_RULES_PACK_H_
