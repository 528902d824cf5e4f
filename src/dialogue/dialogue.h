// Coaching whole conversations: every agent turn is checked like an utterance, then the
// pack's score card judges the conversation (order, position, timing).
#ifndef LIANGYAN_DIALOGUE_DIALOGUE_H_
#define LIANGYAN_DIALOGUE_DIALOGUE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/result.h"

namespace liangyan::dialogue {

enum class Role { kAgent, kCustomer };

struct Turn {
  Role role = Role::kAgent;
  std::string text;
  int64_t start_ms = -1;  // -1: unknown
  int64_t end_ms = -1;
  std::string agent_id;
};

struct Dialogue {
  std::string id;
  std::string agent_id;  // default for agent turns without their own
  std::vector<Turn> turns;
};

// Parses {"id"?, "agent_id"?, "turns": [{"role", "text", "start_ms"?, "end_ms"?,
// "agent_id"?}]}.  Errors name the byte offset or the turn.  At most limits.max_turns turns.
ly_status ParseDialogue(std::string_view json, const Limits& limits, Dialogue* out,
                        std::string* error);

enum class Outcome { kPass, kFail, kSkipped, kNotApplicable };
const char* OutcomeName(Outcome outcome);

struct Evidence {
  int turn = -1;
  Span span;  // within that turn's text; empty when the whole turn is the evidence
};

struct ItemResult {
  std::string_view id, title, citation, message;
  Outcome outcome = Outcome::kNotApplicable;
  int points = 0;  // deducted when failed
  bool fatal = false;
  std::vector<Evidence> evidence;
  std::string detail;  // what was measured, or why the item was skipped
};

struct TurnResult {
  Turn turn;
  bool checked = false;  // agent turns are checked; customer turns are not
  Result result;
};

struct Report {
  std::shared_ptr<const rules::CompiledPack> pack;
  std::string id;
  std::string agent_id;
  std::vector<TurnResult> turns;
  std::vector<ItemResult> items;
  bool timestamps = false;    // every turn has start_ms and end_ms
  int card_score = 100;       // 100 - points of failed items; 0 if a fatal item failed
  int utterance_score = 100;  // mean score of the agent turns
  int score = 100;            // (card_score + utterance_score) / 2, rounded
  bool fatal_failed = false;
};

ly_status Coach(const Engine& engine, const Dialogue& dialogue, const rewrite::SlotValues& slots,
                Report* out);

std::string ReportToJson(const Report& report);
// A self-contained HTML page (no network, no external assets).
std::string ReportToHtml(const Report& report);

}  // namespace liangyan::dialogue

#endif  // LIANGYAN_DIALOGUE_DIALOGUE_H_
