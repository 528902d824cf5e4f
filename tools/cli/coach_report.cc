#include "coach_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>

#include "output.h"

namespace liangyan::cli {
namespace {

constexpr std::size_t kTurnChars = 40;   // turn text shown per line in the text summary
constexpr std::size_t kQuoteChars = 16;  // evidence quoted next to a failed item
constexpr int kHistogramWidth = 40;      // characters of the longest histogram bar
constexpr std::size_t kTopRules = 12;    // utterance rules listed in the summary

// The score-card items whose pass counts answer the two questions every QA lead asks first.
constexpr std::string_view kGreetingItem = "GREETING-FIRST";
constexpr std::string_view kClosingItem = "SERVICE-CLOSE";

bool IsContinuation(std::string_view s, std::size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

// Byte offset of code point `cp` in `s` (clamped to the end).
std::size_t ByteOfCodePoint(std::string_view s, std::int64_t cp) {
  std::size_t i = 0;
  for (std::int64_t n = 0; n < cp && i < s.size(); ++n) {
    ++i;
    while (IsContinuation(s, i)) ++i;
  }
  return i;
}

std::string Truncate(std::string_view s, std::size_t max_chars) {
  std::string flat;
  for (char c : s) flat.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  const std::size_t cut = ByteOfCodePoint(flat, static_cast<std::int64_t>(max_chars));
  std::string out;
  AppendValidUtf8(std::string_view(flat).substr(0, cut), &out);
  if (cut < flat.size()) out += "…";
  return out;
}

const JsonValue* Member(const JsonValue& object, std::string_view key, JsonValue::Kind kind) {
  const JsonValue* v = object.Find(key);
  return v != nullptr && v->kind == kind ? v : nullptr;
}

std::string StringOf(const JsonValue& object, std::string_view key) {
  const JsonValue* v = Member(object, key, JsonValue::Kind::kString);
  return v ? v->text : std::string();
}

std::int64_t IntOf(const JsonValue& object, std::string_view key, std::int64_t fallback) {
  const JsonValue* v = Member(object, key, JsonValue::Kind::kNumber);
  if (v == nullptr) return fallback;
  try {
    return std::stoll(v->text);
  } catch (const std::exception&) {
    return fallback;
  }
}

bool BoolOf(const JsonValue& object, std::string_view key) {
  const JsonValue* v = Member(object, key, JsonValue::Kind::kBool);
  return v != nullptr && v->boolean;
}

std::string Percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(part) / whole);
  return buf;
}

std::string PadRight(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string PadLeft(const std::string& s, std::size_t width) {
  return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

// Nearest-rank percentile of sorted values: always one of the observed scores.
int Percentile(const std::vector<int>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

struct Distribution {
  int min = 0, p25 = 0, median = 0, p75 = 0, max = 0;
  double mean = 0;
};

Distribution Describe(std::vector<int> values) {
  Distribution d;
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  d.min = values.front();
  d.max = values.back();
  d.p25 = Percentile(values, 0.25);
  d.median = Percentile(values, 0.5);
  d.p75 = Percentile(values, 0.75);
  long long sum = 0;
  for (int v : values) sum += v;
  d.mean = static_cast<double>(sum) / static_cast<double>(values.size());
  return d;
}

std::string DistributionText(const Distribution& d) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "min %d  p25 %d  median %d  p75 %d  max %d  mean %.1f", d.min,
                d.p25, d.median, d.p75, d.max, d.mean);
  return buf;
}

void AppendDistributionJson(const char* key, const Distribution& d, std::string* out) {
  char buf[192];
  std::snprintf(buf, sizeof buf,
                "\"%s\":{\"min\":%d,\"p25\":%d,\"median\":%d,\"p75\":%d,\"max\":%d,\"mean\":%.2f}",
                key, d.min, d.p25, d.median, d.p75, d.max, d.mean);
  out->append(buf);
}

// Buckets 0-9, 10-19, ..., 80-89 and 90-100: a perfect 100 joins the top bucket rather than
// getting a bar of its own.
std::vector<std::size_t> Histogram(const std::vector<int>& scores) {
  std::vector<std::size_t> buckets(10, 0);
  for (int s : scores) ++buckets[std::clamp(s / 10, 0, 9)];
  return buckets;
}

}  // namespace

bool ReadCoached(const Report& report, std::size_t line, Coached* out, std::string* error) {
  JsonValue doc;
  if (!ParseJson(report.to_json(), &doc, error)) return false;
  if (doc.kind != JsonValue::Kind::kObject) {
    *error = "report is not a JSON object";
    return false;
  }
  Coached c;
  c.line = line;
  c.id = StringOf(doc, "id");
  c.agent_id = StringOf(doc, "agent_id");
  c.score = report.score();
  c.card_score = report.card_score();
  c.utterance_score = report.utterance_score();
  c.fatal_failed = report.fatal_failed();
  c.timestamps = BoolOf(doc, "timestamps");
  if (const JsonValue* turns = Member(doc, "turns", JsonValue::Kind::kArray)) {
    for (std::size_t i = 0; i < turns->items.size(); ++i) {
      const JsonValue& t = turns->items[i];
      CoachedTurn turn;
      turn.agent = StringOf(t, "role") == "agent";
      turn.agent_id = StringOf(t, "agent_id");
      if (const JsonValue* check = Member(t, "check", JsonValue::Kind::kObject)) {
        turn.text = StringOf(*check, "text");
      } else {
        turn.text = StringOf(t, "text");
      }
      if (const std::optional<ResultView> result = report.turn(i)) {
        turn.score = result->score();
        for (const Finding& f : result->findings()) turn.rules.push_back(f.rule);
      }
      c.turns.push_back(std::move(turn));
    }
  }
  if (const JsonValue* card = Member(doc, "scorecard", JsonValue::Kind::kArray)) {
    for (const JsonValue& it : card->items) {
      CoachedItem item;
      item.id = StringOf(it, "id");
      item.title = StringOf(it, "title");
      item.outcome = StringOf(it, "outcome");
      item.message = StringOf(it, "message");
      item.detail = StringOf(it, "detail");
      item.points = static_cast<int>(std::abs(IntOf(it, "points", 0)));
      if (const JsonValue* evidence = Member(it, "evidence", JsonValue::Kind::kArray)) {
        for (const JsonValue& e : evidence->items) {
          CoachedItem::Evidence ev;
          ev.turn = static_cast<int>(IntOf(e, "turn", -1));
          const std::int64_t start = IntOf(e, "start", 0), end = IntOf(e, "end", 0);
          if (ev.turn >= 0 && static_cast<std::size_t>(ev.turn) < c.turns.size() && end > start) {
            const std::string& text = c.turns[ev.turn].text;
            const std::size_t b = ByteOfCodePoint(text, start), e2 = ByteOfCodePoint(text, end);
            ev.quote = Truncate(std::string_view(text).substr(b, e2 - b), kQuoteChars);
          }
          item.evidence.push_back(std::move(ev));
        }
      }
      c.items.push_back(std::move(item));
    }
  }
  *out = std::move(c);
  return true;
}

void AppendCoachedText(const Coached& d, std::string* out) {
  std::size_t agent_turns = 0;
  for (const CoachedTurn& t : d.turns) agent_turns += t.agent;
  out->append("== ");
  AppendValidUtf8(d.id.empty() ? "(no id)" : d.id, out);
  out->append("  (line " + std::to_string(d.line) + ")");
  if (!d.agent_id.empty()) {
    out->append("  agent ");
    AppendValidUtf8(d.agent_id, out);
  }
  out->append("\nscore " + std::to_string(d.score) + "  (card " + std::to_string(d.card_score) +
              ", utterances " + std::to_string(d.utterance_score) + ")  " +
              std::to_string(d.turns.size()) + " turns, " + std::to_string(agent_turns) +
              " by the agent\n");
  if (d.fatal_failed) out->append("FATAL: a fatal (一票否决) item failed; the score is 0\n");

  std::size_t judged = 0, failed = 0;
  for (const CoachedItem& item : d.items) {
    judged += item.outcome == "pass" || item.outcome == "fail";
    failed += item.outcome == "fail";
  }
  out->append("failed " + std::to_string(failed) + " of " + std::to_string(judged) +
              " judged items" + (failed ? ":\n" : "\n"));
  for (const CoachedItem& item : d.items) {
    if (item.outcome != "fail") continue;
    out->append("  x ");
    AppendValidUtf8(item.id, out);
    out->append("  ");
    AppendValidUtf8(item.title, out);
    out->append("  -" + std::to_string(item.points) + "\n    ");
    AppendValidUtf8(item.message, out);
    if (!item.detail.empty()) {
      out->append(" (");
      AppendValidUtf8(item.detail, out);
      out->append(")");
    }
    out->push_back('\n');
    if (!item.evidence.empty()) {
      out->append("    evidence:");
      for (const CoachedItem::Evidence& e : item.evidence) {
        out->append(" #" + std::to_string(e.turn + 1));
        if (!e.quote.empty()) out->append("「" + e.quote + "」");
      }
      out->push_back('\n');
    }
  }
  // The other outcomes on one line each: a trainer scans for what failed, not for what passed.
  static constexpr std::pair<std::string_view, const char*> kOthers[] = {
      {"pass", "passed"}, {"not_applicable", "not applicable"}, {"skipped", "skipped"}};
  for (const auto& [outcome, label] : kOthers) {
    std::string names;
    for (const CoachedItem& item : d.items) {
      if (item.outcome != outcome) continue;
      if (!names.empty()) names += ", ";
      names += item.id;
    }
    if (names.empty()) continue;
    out->append("  ").append(label);
    if (outcome == "skipped" && !d.timestamps) out->append(" (no timestamps)");
    out->append(": ");
    AppendValidUtf8(names, out);
    out->push_back('\n');
  }
  out->append("turns:\n");
  for (std::size_t i = 0; i < d.turns.size(); ++i) {
    const CoachedTurn& t = d.turns[i];
    out->append(PadLeft("#" + std::to_string(i + 1), 6));
    if (t.agent) {
      out->append("  agent    " + PadLeft(std::to_string(t.score), 3) + "  " +
                  PadLeft(std::to_string(t.rules.size()), 2) + " finding" +
                  (t.rules.size() == 1 ? " " : "s") + "  ");
    } else {
      out->append("  customer" + std::string(20, ' '));
    }
    out->append(Truncate(t.text, kTurnChars));
    if (!t.rules.empty()) {
      out->append("  [");
      for (std::size_t k = 0; k < t.rules.size(); ++k) {
        if (k) out->append(", ");
        AppendValidUtf8(t.rules[k], out);
      }
      out->append("]");
    }
    out->push_back('\n');
  }
  out->push_back('\n');
}

void CoachSummary::Add(const Coached& d) {
  ++dialogues_;
  turns_ += d.turns.size();
  timestamped_ += d.timestamps;
  scores_.push_back(d.score);
  card_scores_.push_back(d.card_score);
  utterance_scores_.push_back(d.utterance_score);
  for (const CoachedItem& item : d.items) {
    auto [it, inserted] = items_.try_emplace(item.id);
    if (inserted) {
      item_order_.push_back(item.id);
      it->second.title = item.title;
    }
    ItemStats& s = it->second;
    if (item.outcome == "pass") {
      ++s.pass;
    } else if (item.outcome == "fail") {
      ++s.fail;
    } else if (item.outcome == "skipped") {
      ++s.skipped;
    } else {
      ++s.not_applicable;
    }
  }
  std::vector<std::string> agents_here;
  for (const CoachedTurn& t : d.turns) {
    if (!t.agent) continue;
    ++agent_turns_;
    for (const std::string& rule : t.rules) ++rules_[rule];
    if (t.agent_id.empty()) continue;
    AgentStats& a = agents_[t.agent_id];
    ++a.turns;
    a.findings += t.rules.size();
    a.turn_score_sum += t.score;
    if (std::find(agents_here.begin(), agents_here.end(), t.agent_id) == agents_here.end()) {
      agents_here.push_back(t.agent_id);
    }
  }
  // A dialogue's score-card outcome belongs to every agent who spoke in it: a transfer shares
  // the responsibility for the opening and the closing.
  for (const std::string& id : agents_here) {
    AgentStats& a = agents_[id];
    ++a.dialogues;
    a.dialogue_score_sum += d.score;
    for (const CoachedItem& item : d.items) {
      if (item.outcome != "fail") continue;
      ++a.failed_items;
      ++a.failures[item.id];
    }
  }
}

void CoachSummary::AppendText(std::string* out) const {
  out->append("dialogues        " + std::to_string(dialogues_) + " coached, " +
              std::to_string(errors_) + " could not be read  (" + std::to_string(turns_) +
              " turns, " + std::to_string(agent_turns_) + " by agents; " +
              std::to_string(timestamped_) + " dialogues with timestamps)\n");
  for (const auto& [id, label] : {std::pair{kGreetingItem, "greet first     "},
                                  std::pair{kClosingItem, "service close   "}}) {
    const auto it = items_.find(std::string(id));
    if (it == items_.end()) continue;
    const ItemStats& s = it->second;
    out->append(std::string(label) + " " + std::to_string(s.pass) + " of " +
                std::to_string(s.pass + s.fail) + " dialogues with an agent turn (" +
                Percent(s.pass, s.pass + s.fail) + ")  [" + std::string(id) + "]\n");
  }
  if (dialogues_ == 0) return;
  out->append("score            " + DistributionText(Describe(scores_)) + "\n");
  out->append("  card           " + DistributionText(Describe(card_scores_)) + "\n");
  out->append("  utterances     " + DistributionText(Describe(utterance_scores_)) + "\n");

  out->append("\nscore histogram\n");
  const std::vector<std::size_t> buckets = Histogram(scores_);
  const std::size_t peak = *std::max_element(buckets.begin(), buckets.end());
  for (int b = 0; b < 10; ++b) {
    char label[16];
    std::snprintf(label, sizeof label, "%3d-%-3d", b * 10, b == 9 ? 100 : b * 10 + 9);
    const int width = peak ? static_cast<int>(std::lround(static_cast<double>(buckets[b]) *
                                                          kHistogramWidth / peak))
                           : 0;
    std::string bar;
    for (int k = 0; k < width; ++k) bar += "█";
    if (width == 0 && buckets[b] > 0) bar = "▏";
    out->append("  " + std::string(label) + " |" + bar + std::string(kHistogramWidth - width, ' ') +
                " " + PadLeft(std::to_string(buckets[b]), 6) + "  " +
                Percent(buckets[b], dialogues_) + "\n");
  }

  out->append("\nscore-card items      pass    fail    n.a.  skipped  fail rate (of judged)\n");
  for (const std::string& id : item_order_) {
    const ItemStats& s = items_.at(id);
    out->append("  " + PadRight(id, 26) + PadLeft(std::to_string(s.pass), 6) +
                PadLeft(std::to_string(s.fail), 8) + PadLeft(std::to_string(s.not_applicable), 8) +
                PadLeft(std::to_string(s.skipped), 9) +
                PadLeft(Percent(s.fail, s.pass + s.fail), 11) + "  ");
    AppendValidUtf8(s.title, out);
    out->push_back('\n');
  }

  if (!rules_.empty()) {
    std::vector<std::pair<std::string, std::size_t>> rules(rules_.begin(), rules_.end());
    std::stable_sort(rules.begin(), rules.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    out->append("\nmost frequent utterance findings (of " + std::to_string(agent_turns_) +
                " agent turns)\n");
    for (std::size_t i = 0; i < rules.size() && i < kTopRules; ++i) {
      out->append("  " + PadRight(rules[i].first, 26) +
                  PadLeft(std::to_string(rules[i].second), 7) + "  " +
                  Percent(rules[i].second, agent_turns_) + "\n");
    }
  }

  if (!agents_.empty()) {
    out->append("\nagents (" + std::to_string(agents_.size()) +
                ")           dialogues  turns  turn score  dialogue score  failed items/dialogue"
                "  most failed\n");
    for (const auto& [id, a] : agents_) {
      char buf[160];
      const double dialogues = static_cast<double>(std::max<std::size_t>(a.dialogues, 1));
      std::snprintf(buf, sizeof buf, "%9zu %6zu %11.1f %15.1f %22.2f  ", a.dialogues, a.turns,
                    a.turns ? static_cast<double>(a.turn_score_sum) / a.turns : 0.0,
                    static_cast<double>(a.dialogue_score_sum) / dialogues,
                    static_cast<double>(a.failed_items) / dialogues);
      std::string worst;
      std::size_t worst_count = 0;
      for (const auto& [item, count] : a.failures) {
        if (count > worst_count) {
          worst = item;
          worst_count = count;
        }
      }
      out->append("  ");
      std::string name;
      AppendValidUtf8(id, &name);
      out->append(PadRight(name, 20) + buf);
      out->append(worst.empty() ? "-" : worst + " (" + std::to_string(worst_count) + ")");
      out->push_back('\n');
    }
  }
}

void CoachSummary::AppendJson(std::string* out) const {
  out->append("{\"dialogues\":" + std::to_string(dialogues_) +
              ",\"errors\":" + std::to_string(errors_) + ",\"turns\":" + std::to_string(turns_) +
              ",\"agent_turns\":" + std::to_string(agent_turns_) +
              ",\"with_timestamps\":" + std::to_string(timestamped_) + ",");
  AppendDistributionJson("score", Describe(scores_), out);
  out->push_back(',');
  AppendDistributionJson("card_score", Describe(card_scores_), out);
  out->push_back(',');
  AppendDistributionJson("utterance_score", Describe(utterance_scores_), out);
  out->append(",\"histogram\":[");
  const std::vector<std::size_t> buckets = Histogram(scores_);
  for (std::size_t b = 0; b < buckets.size(); ++b) {
    if (b) out->push_back(',');
    out->append("{\"from\":" + std::to_string(b * 10) +
                ",\"to\":" + std::to_string(b == 9 ? 100 : b * 10 + 9) +
                ",\"count\":" + std::to_string(buckets[b]) + "}");
  }
  out->append("],\"items\":[");
  for (std::size_t i = 0; i < item_order_.size(); ++i) {
    const ItemStats& s = items_.at(item_order_[i]);
    if (i) out->push_back(',');
    out->append("{\"id\":");
    AppendJsonString(item_order_[i], out);
    out->append(",\"title\":");
    AppendJsonString(s.title, out);
    out->append(",\"pass\":" + std::to_string(s.pass) + ",\"fail\":" + std::to_string(s.fail) +
                ",\"not_applicable\":" + std::to_string(s.not_applicable) +
                ",\"skipped\":" + std::to_string(s.skipped) + "}");
  }
  out->append("],\"rules\":{");
  bool first = true;
  for (const auto& [rule, count] : rules_) {
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(rule, out);
    out->append(":" + std::to_string(count));
  }
  out->append("},\"agents\":[");
  first = true;
  for (const auto& [id, a] : agents_) {
    if (!first) out->push_back(',');
    first = false;
    out->append("{\"agent_id\":");
    AppendJsonString(id, out);
    out->append(",\"dialogues\":" + std::to_string(a.dialogues) + ",\"turns\":" +
                std::to_string(a.turns) + ",\"findings\":" + std::to_string(a.findings) +
                ",\"turn_score_sum\":" + std::to_string(a.turn_score_sum) +
                ",\"dialogue_score_sum\":" + std::to_string(a.dialogue_score_sum) +
                ",\"failed_items\":" + std::to_string(a.failed_items) + "}");
  }
  out->append("]}\n");
}

}  // namespace liangyan::cli
