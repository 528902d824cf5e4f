#include "dialogue/dialogue.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "eval/evaluator.h"
#include "rules/compiler.h"
#include "text/utf8.h"

namespace liangyan::dialogue {
namespace {

using rules::CheckKind;
using rules::CompiledScorecardItem;

constexpr int kMaxJsonDepth = 8;  // {"turns": [{...}]} needs 3; anything deeper is not ours

struct Failure {
  ly_status status;
  std::string message;
};

int64_t OptionalMs(const nlohmann::json& turn, const char* key, size_t index) {
  const auto it = turn.find(key);
  if (it == turn.end() || it->is_null()) return -1;
  if (!it->is_number_integer() && !it->is_number_unsigned()) {
    throw Failure{LY_E_INVALID_ARGUMENT,
                  "turn " + std::to_string(index + 1) + ": " + key + " must be an integer"};
  }
  const int64_t value = it->get<int64_t>();
  if (value < 0) {
    throw Failure{LY_E_INVALID_ARGUMENT, "turn " + std::to_string(index + 1) + ": " + key + " < 0"};
  }
  return value;
}

std::string OptionalString(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  throw Failure{LY_E_INVALID_ARGUMENT, std::string(key) + " must be a string"};
}

// Characters of a turn, for talk share and speech rate (code points, not bytes).
double Chars(const Turn& turn) { return static_cast<double>(text::CountCodePoints(turn.text)); }

class Judge {
 public:
  Judge(const rules::CompiledPack& pack, const Dialogue& dialogue, Report* report)
      : pack_(pack), dialogue_(dialogue), report_(report) {}

  // Evaluates every condition the score card uses on every turn, once.
  bool PrepareTurns() {
    for (const auto& item : pack_.scorecard) {
      for (int expr :
           {item.require, item.forbid, item.trigger, item.first, item.then, item.applies_if}) {
        AddExpr(expr);
      }
      for (int expr : item.require_all) AddExpr(expr);
    }
    holds_.assign(dialogue_.turns.size() * exprs_.size(), 0);
    spans_.assign(dialogue_.turns.size() * exprs_.size(), Span{});
    eval::Scratch scratch;
    for (size_t t = 0; t < dialogue_.turns.size(); ++t) {
      const std::string& text = dialogue_.turns[t].text;
      if (!eval::Prepare(pack_, text, &scratch)) return false;
      for (size_t e = 0; e < exprs_.size(); ++e) {
        uint32_t begin = 0, end = 0;
        if (eval::Holds(pack_, scratch, exprs_[e], &begin, &end)) {
          holds_[t * exprs_.size() + e] = 1;
          Span& span = spans_[t * exprs_.size() + e];
          scratch.normalized.MapSpan(begin, end, &span.begin, &span.end);
          span.begin_cp = static_cast<uint32_t>(
              text::CountCodePoints(std::string_view(text).substr(0, span.begin)));
          span.end_cp = static_cast<uint32_t>(
              text::CountCodePoints(std::string_view(text).substr(0, span.end)));
        }
      }
    }
    for (size_t t = 0; t < dialogue_.turns.size(); ++t) {
      (dialogue_.turns[t].role == Role::kAgent ? agent_ : customer_).push_back(static_cast<int>(t));
    }
    return true;
  }

  ItemResult Run(const CompiledScorecardItem& item) {
    ItemResult r;
    r.id = item.spec.id;
    r.title = item.spec.title;
    r.citation = item.spec.cite;
    r.message = item.spec.message;
    r.points = item.spec.points;
    r.fatal = item.spec.fatal;
    if (item.applies_if >= 0) {
      int where = -1;
      for (int t : customer_) {
        if (Holds(t, item.applies_if)) {
          where = t;
          break;
        }
      }
      if (where < 0) {
        r.outcome = Outcome::kNotApplicable;
        r.detail = "the customer's turns do not match applies_if";
        return r;
      }
    }
    switch (item.spec.kind) {
      case CheckKind::kFirstAgentTurn:
        TurnWindow(item, agent_.empty() ? std::vector<int>{} : std::vector<int>{agent_.front()},
                   &r);
        break;
      case CheckKind::kLastAgentTurn: {
        const size_t n = std::min(agent_.size(), static_cast<size_t>(item.spec.window));
        TurnWindow(item, std::vector<int>(agent_.end() - n, agent_.end()), &r);
        break;
      }
      case CheckKind::kAgentAfterTrigger:
        AfterTrigger(item, &r);
        break;
      case CheckKind::kOrder:
        Order(item, &r);
        break;
      case CheckKind::kCustomerReaction:
        Reaction(item, &r);
        break;
      case CheckKind::kClosingSequence:
        Closing(item, &r);
        break;
      case CheckKind::kAgentTalkShare:
        TalkShare(item, &r);
        break;
      case CheckKind::kInterruptions:
        Interruptions(item, &r);
        break;
      case CheckKind::kRateMatch:
        RateMatch(item, &r);
        break;
      case CheckKind::kSilence:
        Silence(item, &r);
        break;
    }
    return r;
  }

 private:
  void AddExpr(int expr) {
    if (expr < 0 || slot_of_.count(expr)) return;
    slot_of_[expr] = static_cast<int>(exprs_.size());
    exprs_.push_back(expr);
  }

  bool Holds(int turn, int expr) const {
    return holds_[turn * exprs_.size() + slot_of_.at(expr)] != 0;
  }
  Evidence At(int turn, int expr) const {
    return Evidence{turn, spans_[turn * exprs_.size() + slot_of_.at(expr)]};
  }
  static Evidence Whole(int turn) { return Evidence{turn, Span{}}; }

  bool HasTimestamps() const { return report_->timestamps; }

  // require: one of the turns must match; forbid: none may.
  void TurnWindow(const CompiledScorecardItem& item, const std::vector<int>& turns, ItemResult* r) {
    if (turns.empty()) {
      r->outcome = Outcome::kNotApplicable;
      r->detail = "no agent turn";
      return;
    }
    r->outcome = Outcome::kPass;
    if (item.require >= 0) {
      const bool any =
          std::any_of(turns.begin(), turns.end(), [&](int t) { return Holds(t, item.require); });
      if (!any) {
        r->outcome = Outcome::kFail;
        for (int t : turns) r->evidence.push_back(Whole(t));
        r->detail = "required wording missing";
      }
    }
    if (item.forbid >= 0) {
      for (int t : turns) {
        if (Holds(t, item.forbid)) {
          r->outcome = Outcome::kFail;
          r->evidence.push_back(At(t, item.forbid));
          r->detail = "forbidden wording present";
        }
      }
    }
  }

  int NextAgentTurn(int after) const {
    for (int t : agent_) {
      if (t > after) return t;
    }
    return -1;
  }

  void AfterTrigger(const CompiledScorecardItem& item, ItemResult* r) {
    int triggered = 0;
    r->outcome = Outcome::kPass;
    for (int c : customer_) {
      if (!Holds(c, item.trigger)) continue;
      const int a = NextAgentTurn(c);
      if (a < 0) continue;
      // Only the agent's immediate answer counts: a later customer turn starts a new exchange.
      if (a != c + 1) continue;
      ++triggered;
      const bool missing = item.require >= 0 && !Holds(a, item.require);
      const bool present = item.forbid >= 0 && Holds(a, item.forbid);
      if (missing || present) {
        r->outcome = Outcome::kFail;
        r->evidence.push_back(At(c, item.trigger));
        r->evidence.push_back(present ? At(a, item.forbid) : Whole(a));
      }
    }
    if (triggered == 0) {
      r->outcome = Outcome::kNotApplicable;
      r->detail = "no customer turn matched the trigger";
    }
  }

  void Order(const CompiledScorecardItem& item, ItemResult* r) {
    int then_turn = -1;
    for (int t : agent_) {
      if (Holds(t, item.then)) {
        then_turn = t;
        break;
      }
    }
    if (then_turn < 0) {
      r->outcome = Outcome::kNotApplicable;
      r->detail = "the later step never occurs";
      return;
    }
    const std::vector<int>& candidates = item.spec.first_role == "customer" ? customer_ : agent_;
    for (int t : candidates) {
      if (t > then_turn) break;
      if (!Holds(t, item.first)) continue;
      if (t < then_turn || At(t, item.first).span.begin < At(t, item.then).span.begin) {
        r->outcome = Outcome::kPass;
        return;
      }
    }
    r->outcome = Outcome::kFail;
    r->evidence.push_back(At(then_turn, item.then));
    r->detail = "came before the step that should precede it";
  }

  void Reaction(const CompiledScorecardItem& item, ItemResult* r) {
    int candidates = 0;
    r->outcome = Outcome::kPass;
    for (int a : agent_) {
      if (!Holds(a, item.require)) continue;
      ++candidates;
      const int next = a + 1;
      if (next < static_cast<int>(dialogue_.turns.size()) &&
          dialogue_.turns[next].role == Role::kCustomer && Holds(next, item.trigger)) {
        r->outcome = Outcome::kFail;
        r->evidence.push_back(At(a, item.require));
        r->evidence.push_back(At(next, item.trigger));
      }
    }
    if (candidates == 0) {
      r->outcome = Outcome::kNotApplicable;
      r->detail = "no agent turn matched";
    }
  }

  void Closing(const CompiledScorecardItem& item, ItemResult* r) {
    if (agent_.empty()) {
      r->outcome = Outcome::kNotApplicable;
      r->detail = "no agent turn";
      return;
    }
    const size_t n = std::min(agent_.size(), static_cast<size_t>(item.spec.window));
    const std::vector<int> window(agent_.end() - n, agent_.end());
    r->outcome = Outcome::kPass;
    int missing = 0;
    for (int expr : item.require_all) {
      const bool any =
          std::any_of(window.begin(), window.end(), [&](int t) { return Holds(t, expr); });
      if (!any) ++missing;
    }
    if (missing > 0) {
      r->outcome = Outcome::kFail;
      for (int t : window) r->evidence.push_back(Whole(t));
      r->detail = std::to_string(missing) + " of " + std::to_string(item.require_all.size()) +
                  " closing parts missing";
    }
  }

  void TalkShare(const CompiledScorecardItem& item, ItemResult* r) {
    double agent = 0, customer = 0;
    for (const Turn& turn : dialogue_.turns) {
      const double amount =
          HasTimestamps() ? static_cast<double>(turn.end_ms - turn.start_ms) : Chars(turn);
      (turn.role == Role::kAgent ? agent : customer) += std::max(0.0, amount);
    }
    if (agent + customer <= 0 || customer <= 0) {
      r->outcome = Outcome::kNotApplicable;
      r->detail = "the customer said nothing";
      return;
    }
    const double share = agent / (agent + customer);
    char buf[96];
    std::snprintf(buf, sizeof buf, "agent share %.2f of %s (limit %.2f)", share,
                  HasTimestamps() ? "talk time" : "characters", item.spec.threshold);
    r->detail = buf;
    r->outcome = share > item.spec.threshold ? Outcome::kFail : Outcome::kPass;
  }

  void Interruptions(const CompiledScorecardItem& item, ItemResult* r) {
    if (!HasTimestamps()) {
      r->outcome = Outcome::kSkipped;
      r->detail = "needs start_ms/end_ms on every turn";
      return;
    }
    int count = 0;
    for (size_t t = 1; t < dialogue_.turns.size(); ++t) {
      const Turn& prev = dialogue_.turns[t - 1];
      const Turn& turn = dialogue_.turns[t];
      if (turn.role == Role::kAgent && prev.role == Role::kCustomer &&
          turn.start_ms < prev.end_ms) {
        ++count;
        r->evidence.push_back(Whole(static_cast<int>(t)));
      }
    }
    r->detail = std::to_string(count) + " interruption(s)";
    r->outcome = count > item.spec.threshold ? Outcome::kFail : Outcome::kPass;
  }

  void RateMatch(const CompiledScorecardItem& item, ItemResult* r) {
    if (!HasTimestamps()) {
      r->outcome = Outcome::kSkipped;
      r->detail = "needs start_ms/end_ms on every turn";
      return;
    }
    double chars[2] = {0, 0}, ms[2] = {0, 0};
    for (const Turn& turn : dialogue_.turns) {
      const int who = turn.role == Role::kAgent ? 0 : 1;
      chars[who] += Chars(turn);
      ms[who] += static_cast<double>(std::max<int64_t>(0, turn.end_ms - turn.start_ms));
    }
    if (ms[0] <= 0 || ms[1] <= 0 || chars[1] <= 0) {
      r->outcome = Outcome::kNotApplicable;
      r->detail = "no speaking time for one side";
      return;
    }
    const double agent_rate = chars[0] / (ms[0] / 60000.0);
    const double customer_rate = chars[1] / (ms[1] / 60000.0);
    char buf[128];
    std::snprintf(buf, sizeof buf, "agent %.0f chars/min, customer %.0f (limit %.2fx)", agent_rate,
                  customer_rate, item.spec.threshold);
    r->detail = buf;
    r->outcome = agent_rate > item.spec.threshold * customer_rate ? Outcome::kFail : Outcome::kPass;
  }

  void Silence(const CompiledScorecardItem& item, ItemResult* r) {
    if (!HasTimestamps()) {
      r->outcome = Outcome::kSkipped;
      r->detail = "needs start_ms/end_ms on every turn";
      return;
    }
    r->outcome = Outcome::kPass;
    int gaps = 0;
    int last_agent = -1;
    for (size_t t = 1; t < dialogue_.turns.size(); ++t) {
      if (dialogue_.turns[t - 1].role == Role::kAgent) last_agent = static_cast<int>(t - 1);
      // Only the agent's silences count: a pause before the customer speaks is theirs.
      if (dialogue_.turns[t].role != Role::kAgent) continue;
      const int64_t gap = dialogue_.turns[t].start_ms - dialogue_.turns[t - 1].end_ms;
      if (static_cast<double>(gap) <= item.spec.threshold) continue;
      ++gaps;
      // The notice may come before the customer's "好的": look at the agent's last turn.
      const bool announced = last_agent >= 0 && Holds(last_agent, item.require);
      if (!announced) {
        r->outcome = Outcome::kFail;
        r->evidence.push_back(Whole(static_cast<int>(t)));
      }
    }
    r->detail = std::to_string(gaps) + " silence(s) longer than " +
                std::to_string(static_cast<int64_t>(item.spec.threshold)) + " ms";
  }

  const rules::CompiledPack& pack_;
  const Dialogue& dialogue_;
  Report* report_;
  std::vector<int> exprs_;
  std::map<int, int> slot_of_;
  std::vector<uint8_t> holds_;
  std::vector<Span> spans_;
  std::vector<int> agent_, customer_;
};

}  // namespace

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kNotApplicable:
      return "not_applicable";
  }
  return "not_applicable";
}

ly_status ParseDialogue(std::string_view json, const Limits& limits, Dialogue* out,
                        std::string* error) {
  try {
    if (static_cast<int64_t>(json.size()) >
        limits.max_input_bytes * std::max<int64_t>(1, limits.max_turns)) {
      *error = "dialogue larger than max_input_bytes x max_turns";
      return LY_E_INPUT_TOO_LARGE;
    }
    if (size_t bad = 0; !text::IsValidUtf8(json, &bad)) {
      *error = "dialogue is not valid UTF-8 (byte " + std::to_string(bad) + ")";
      return LY_E_INVALID_UTF8;
    }
    // The callback sees every value with its depth; refusing deep documents here keeps a
    // hostile {"a":[[[[...]]]]} from costing anything.
    const nlohmann::json::parser_callback_t guard = [](int depth, nlohmann::json::parse_event_t,
                                                       nlohmann::json&) {
      if (depth > kMaxJsonDepth) throw Failure{LY_E_LIMIT, "JSON nested too deeply"};
      return true;
    };
    const nlohmann::json doc = nlohmann::json::parse(json.begin(), json.end(), guard);
    if (!doc.is_object()) throw Failure{LY_E_INVALID_ARGUMENT, "a dialogue is a JSON object"};
    const auto turns = doc.find("turns");
    if (turns == doc.end() || !turns->is_array()) {
      throw Failure{LY_E_INVALID_ARGUMENT, "a dialogue needs \"turns\": [...]"};
    }
    if (static_cast<int64_t>(turns->size()) > limits.max_turns) {
      throw Failure{LY_E_LIMIT,
                    "more than " + std::to_string(limits.max_turns) + " turns (LY_OPT_MAX_TURNS)"};
    }
    Dialogue dialogue;
    dialogue.id = OptionalString(doc, "id");
    if (dialogue.id.empty()) dialogue.id = OptionalString(doc, "dialogue_id");
    dialogue.agent_id = OptionalString(doc, "agent_id");
    size_t index = 0;
    for (const auto& item : *turns) {
      if (!item.is_object()) {
        throw Failure{LY_E_INVALID_ARGUMENT, "turn " + std::to_string(index + 1) + " is not an object"};
      }
      Turn turn;
      const std::string role = OptionalString(item, "role");
      if (role == "agent") {
        turn.role = Role::kAgent;
      } else if (role == "customer") {
        turn.role = Role::kCustomer;
      } else {
        throw Failure{LY_E_INVALID_ARGUMENT,
                      "turn " + std::to_string(index + 1) + ": role must be \"agent\" or \"customer\""};
      }
      const auto text = item.find("text");
      if (text == item.end() || !text->is_string()) {
        throw Failure{LY_E_INVALID_ARGUMENT, "turn " + std::to_string(index + 1) + ": missing text"};
      }
      turn.text = text->get<std::string>();
      if (static_cast<int64_t>(turn.text.size()) > limits.max_input_bytes) {
        throw Failure{LY_E_INPUT_TOO_LARGE, "turn " + std::to_string(index + 1) + " is too long"};
      }
      turn.start_ms = OptionalMs(item, "start_ms", index);
      turn.end_ms = OptionalMs(item, "end_ms", index);
      if (turn.start_ms >= 0 && turn.end_ms >= 0 && turn.end_ms < turn.start_ms) {
        throw Failure{LY_E_INVALID_ARGUMENT,
                      "turn " + std::to_string(index + 1) + ": end_ms before start_ms"};
      }
      turn.agent_id = OptionalString(item, "agent_id");
      if (turn.agent_id.empty() && turn.role == Role::kAgent) turn.agent_id = dialogue.agent_id;
      dialogue.turns.push_back(std::move(turn));
      ++index;
    }
    *out = std::move(dialogue);
    return LY_OK;
  } catch (const Failure& failure) {
    *error = failure.message;
    return failure.status;
  } catch (const nlohmann::json::parse_error& e) {
    std::string what;
    text::ReplaceInvalidUtf8(e.what(), &what);  // nlohmann quotes raw input bytes
    *error = "invalid JSON at byte " + std::to_string(e.byte) + ": " + what;
    return LY_E_INVALID_ARGUMENT;
  } catch (const nlohmann::json::exception& e) {
    std::string what;
    text::ReplaceInvalidUtf8(e.what(), &what);
    *error = "invalid dialogue: " + what;
    return LY_E_INVALID_ARGUMENT;
  }
}

ly_status Coach(const Engine& engine, const Dialogue& dialogue, const rewrite::SlotValues& slots,
                Report* out) {
  const rules::CompiledPack& pack = engine.pack();
  if (static_cast<int64_t>(dialogue.turns.size()) > engine.limits().max_turns) return LY_E_LIMIT;
  Report report;
  report.id = dialogue.id;
  report.agent_id = dialogue.agent_id;
  report.timestamps = !dialogue.turns.empty() &&
                      std::all_of(dialogue.turns.begin(), dialogue.turns.end(),
                                  [](const Turn& t) { return t.start_ms >= 0 && t.end_ms >= 0; });
  int agent_turns = 0, agent_total = 0;
  for (const Turn& turn : dialogue.turns) {
    TurnResult tr;
    tr.turn = turn;
    if (turn.role == Role::kAgent) {
      const ly_status status = engine.Check(turn.text, slots, &tr.result);
      if (status != LY_OK) return status;
      tr.checked = true;
      ++agent_turns;
      agent_total += tr.result.score;
    }
    report.turns.push_back(std::move(tr));
  }
  Judge judge(pack, dialogue, &report);
  if (!judge.PrepareTurns()) return LY_E_LIMIT;
  int deducted = 0;
  for (const auto& item : pack.scorecard) {
    ItemResult r = judge.Run(item);
    if (r.outcome == Outcome::kFail) {
      deducted += r.points;
      report.fatal_failed |= r.fatal;
    }
    report.items.push_back(std::move(r));
  }
  report.card_score = report.fatal_failed ? 0 : std::clamp(100 - deducted, 0, 100);
  report.utterance_score =
      agent_turns ? static_cast<int>(std::lround(static_cast<double>(agent_total) / agent_turns))
                  : 100;
  report.score = static_cast<int>(std::lround((report.card_score + report.utterance_score) / 2.0));
  if (report.fatal_failed) report.score = 0;
  report.pack = engine.shared_pack();
  *out = std::move(report);
  return LY_OK;
}

}  // namespace liangyan::dialogue
