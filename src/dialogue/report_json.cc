// The coaching report as JSON, for machines (the HTML page and the CLI summary read the same
// Report).
#include <string>

#include "dialogue/dialogue.h"

namespace liangyan::dialogue {
namespace {

void Field(const char* name, std::string_view value, std::string* out) {
  *out += '"';
  *out += name;
  *out += "\":";
  AppendJsonString(value, out);
}

void Int(const char* name, int64_t value, std::string* out) {
  *out += '"';
  *out += name;
  *out += "\":" + std::to_string(value);
}

}  // namespace

std::string ReportToJson(const Report& report) {
  std::string out = "{";
  Field("id", report.id, &out);
  out += ',';
  Field("agent_id", report.agent_id, &out);
  out += ',';
  Int("score", report.score, &out);
  out += ',';
  Int("card_score", report.card_score, &out);
  out += ',';
  Int("utterance_score", report.utterance_score, &out);
  out += ",\"fatal_failed\":";
  out += report.fatal_failed ? "true" : "false";
  out += ",\"timestamps\":";
  out += report.timestamps ? "true" : "false";
  out += ",\"scorecard\":[";
  for (size_t i = 0; i < report.items.size(); ++i) {
    const ItemResult& item = report.items[i];
    if (i) out += ',';
    out += '{';
    Field("id", item.id, &out);
    out += ',';
    Field("title", item.title, &out);
    out += ',';
    Field("outcome", OutcomeName(item.outcome), &out);
    out += ',';
    Int("points", item.outcome == Outcome::kFail ? -item.points : 0, &out);
    out += ",\"fatal\":";
    out += item.fatal ? "true" : "false";
    out += ',';
    Field("message", item.message, &out);
    out += ',';
    Field("citation", item.citation, &out);
    out += ',';
    Field("detail", item.detail, &out);
    out += ",\"evidence\":[";
    for (size_t k = 0; k < item.evidence.size(); ++k) {
      const Evidence& e = item.evidence[k];
      if (k) out += ',';
      out += "{\"turn\":" + std::to_string(e.turn) +
             ",\"start\":" + std::to_string(e.span.begin_cp) +
             ",\"end\":" + std::to_string(e.span.end_cp) + '}';
    }
    out += "]}";
  }
  out += "],\"turns\":[";
  for (size_t i = 0; i < report.turns.size(); ++i) {
    const TurnResult& t = report.turns[i];
    if (i) out += ',';
    out += '{';
    Field("role", t.turn.role == Role::kAgent ? "agent" : "customer", &out);
    if (!t.turn.agent_id.empty()) {
      out += ',';
      Field("agent_id", t.turn.agent_id, &out);
    }
    if (t.turn.start_ms >= 0) {
      out += ',';
      Int("start_ms", t.turn.start_ms, &out);
    }
    if (t.turn.end_ms >= 0) {
      out += ',';
      Int("end_ms", t.turn.end_ms, &out);
    }
    if (t.checked) {
      out += ",\"check\":";
      out += ToJson(t.result);
    } else {
      out += ',';
      Field("text", t.turn.text, &out);
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace liangyan::dialogue
