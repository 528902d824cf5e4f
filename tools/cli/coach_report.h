// What `liangyan coach` prints: the readable summary of one coached dialogue and the
// aggregates over many (--summary).  Both read the report's JSON, which is the only place the
// C API exposes the score-card items.
#ifndef LIANGYAN_TOOLS_CLI_COACH_REPORT_H_
#define LIANGYAN_TOOLS_CLI_COACH_REPORT_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "liangyan/liangyan.hpp"

namespace liangyan::cli {

struct CoachedItem {
  std::string id, title, outcome, message, detail;
  int points = 0;  // deducted when failed
  struct Evidence {
    int turn = -1;      // 0-based
    std::string quote;  // the span's text, empty when the whole turn is the evidence
  };
  std::vector<Evidence> evidence;
};

struct CoachedTurn {
  bool agent = false;
  std::string agent_id;
  std::string text;
  int score = -1;                  // agent turns only
  std::vector<std::string> rules;  // ids of the agent turn's findings, in text order
};

// One coached dialogue, as the CLI needs it.
struct Coached {
  std::size_t line = 0;  // where the dialogue starts in the input (1-based)
  std::string id, agent_id;
  int score = 0, card_score = 0, utterance_score = 0;
  bool fatal_failed = false;
  bool timestamps = false;
  std::vector<CoachedItem> items;
  std::vector<CoachedTurn> turns;
};

// Reads the parts of `report` the CLI prints.  False (with *error) only if the library's JSON
// were malformed, which would be a library bug.
bool ReadCoached(const Report& report, std::size_t line, Coached* out, std::string* error);

// Appends the readable summary of one dialogue: scores, failed items with their evidence
// turns, and every turn with its score and number of findings.  Turns are numbered from 1.
void AppendCoachedText(const Coached& dialogue, std::string* out);

// Aggregates over all dialogues of a run.
class CoachSummary {
 public:
  void Add(const Coached& dialogue);
  void AddError() { ++errors_; }

  void AppendText(std::string* out) const;
  void AppendJson(std::string* out) const;

 private:
  struct ItemStats {
    std::string title;
    std::size_t pass = 0, fail = 0, not_applicable = 0, skipped = 0;
  };
  struct AgentStats {
    std::size_t dialogues = 0, turns = 0, findings = 0;
    long long turn_score_sum = 0, dialogue_score_sum = 0;
    std::size_t failed_items = 0;
    std::map<std::string, std::size_t> failures;  // item id -> dialogues failing it
  };

  std::size_t dialogues_ = 0, errors_ = 0, turns_ = 0, agent_turns_ = 0, timestamped_ = 0;
  std::vector<int> scores_, card_scores_, utterance_scores_;
  std::vector<std::string> item_order_;  // first-seen order, which is the pack's
  std::map<std::string, ItemStats> items_;
  std::map<std::string, std::size_t> rules_;  // utterance findings by rule
  std::map<std::string, AgentStats> agents_;
};

}  // namespace liangyan::cli

#endif  // LIANGYAN_TOOLS_CLI_COACH_REPORT_H_
