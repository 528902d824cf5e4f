// The coaching report as one self-contained HTML page for trainers: the scores on top, the
// score card as a table, then the conversation as chat bubbles with every finding marked where
// it occurs.  The page has no scripts and references nothing outside itself, so it opens the
// same from a mail attachment, a shared drive or an offline training system; everything that
// came from a dialogue or a pack is escaped, because both are input we do not control.
#include "dialogue/report_html.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dialogue/dialogue.h"
#include "dialogue/report_html_style.h"
#include "rules/compiler.h"

namespace liangyan::dialogue {

void AppendHtmlEscaped(std::string_view s, std::string* out) {
  out->reserve(out->size() + s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&#39;");
        break;
      default:
        out->push_back(c);
    }
  }
}

namespace {

constexpr size_t kSnippetChars = 18;  // evidence quoted in the score card, in code points

bool IsContinuation(std::string_view text, size_t i) {
  return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
}

// Clamps a byte span to `text` and widens it to whole characters, so that a slice never cuts a
// multi-byte sequence even if an offset were off by a byte.
std::pair<size_t, size_t> WholeChars(std::string_view text, uint32_t begin, uint32_t end) {
  size_t b = std::min<size_t>(begin, text.size());
  size_t e = std::min<size_t>(std::max(begin, end), text.size());
  while (b > 0 && IsContinuation(text, b)) --b;
  while (IsContinuation(text, e)) ++e;
  return {b, e};
}

// The first `max_chars` code points of `s`, with an ellipsis when something was cut.
std::string Truncate(std::string_view s, size_t max_chars) {
  size_t i = 0, chars = 0;
  while (i < s.size() && chars < max_chars) {
    ++i;
    while (IsContinuation(s, i)) ++i;
    ++chars;
  }
  std::string out(s.substr(0, i));
  if (i < s.size()) out += "…";
  return out;
}

const char* ScoreClass(int score) {
  if (score >= 90) return "good";
  if (score >= 70) return "fair";
  return "poor";
}

// Outcome badge: class suffix and the word a Chinese-speaking trainer reads.
std::pair<const char*, const char*> OutcomeBadge(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return {"pass", "通过"};
    case Outcome::kFail:
      return {"fail", "未通过"};
    case Outcome::kSkipped:
      return {"skipped", "跳过"};
    case Outcome::kNotApplicable:
      return {"na", "不适用"};
  }
  return {"na", "不适用"};
}

// Failed items first: they are what the trainer opened the page for.  Otherwise the pack's
// order, which follows the course of a conversation (opening, middle, closing, timing).
int OutcomeRank(Outcome outcome) {
  switch (outcome) {
    case Outcome::kFail:
      return 0;
    case Outcome::kPass:
      return 1;
    case Outcome::kSkipped:
      return 2;
    case Outcome::kNotApplicable:
      return 3;
  }
  return 3;
}

std::string FormatMs(int64_t ms) {
  char buf[32];
  const int64_t seconds = ms / 1000;
  std::snprintf(buf, sizeof buf, "%lld:%02lld.%lld", static_cast<long long>(seconds / 60),
                static_cast<long long>(seconds % 60), static_cast<long long>((ms % 1000) / 100));
  return buf;
}

// A span of a turn to mark: a finding of the utterance check (severity 1..4) or the evidence
// of a score-card item (severity 0).
struct Marked {
  size_t begin = 0, end = 0;
  int severity = 0;
  std::string title;
};

class HtmlWriter {
 public:
  explicit HtmlWriter(const Report& report) : report_(report) { IndexEvidence(); }

  std::string Render() {
    out_.reserve(16384 + report_.turns.size() * 1024);
    out_ += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    // Belt and braces for "no network": even if a future edit slipped in a URL, the browser
    // would refuse to fetch it.
    out_ +=
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n<title>";
    Text("对话辅导报告 · " + DisplayId());
    out_ += "</title>\n<style>";
    out_ += kReportCss;
    out_ += "</style>\n</head>\n<body>\n<main>\n";
    Header();
    Scorecard();
    Conversation();
    Footer();
    out_ += "</main>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  void Text(std::string_view s) { AppendHtmlEscaped(s, &out_); }

  std::string DisplayId() const { return report_.id.empty() ? "未命名对话" : report_.id; }

  // Which score-card items point at which turn, for the chips and marks in the bubbles.
  void IndexEvidence() {
    for (size_t i = 0; i < report_.items.size(); ++i) {
      const ItemResult& item = report_.items[i];
      for (const Evidence& e : item.evidence) {
        if (e.turn < 0 || static_cast<size_t>(e.turn) >= report_.turns.size()) continue;
        auto& items = evidence_items_[e.turn];
        if (std::find(items.begin(), items.end(), i) == items.end()) items.push_back(i);
      }
    }
  }

  // Agents named anywhere in the dialogue, in order of appearance.
  std::vector<std::string> Agents() const {
    std::vector<std::string> agents;
    if (!report_.agent_id.empty()) agents.push_back(report_.agent_id);
    for (const TurnResult& t : report_.turns) {
      const std::string& id = t.turn.agent_id;
      if (!id.empty() && std::find(agents.begin(), agents.end(), id) == agents.end()) {
        agents.push_back(id);
      }
    }
    return agents;
  }

  void Header() {
    int agent_turns = 0, failed = 0, judged = 0;
    for (const TurnResult& t : report_.turns) agent_turns += t.turn.role == Role::kAgent;
    for (const ItemResult& item : report_.items) {
      failed += item.outcome == Outcome::kFail;
      judged += item.outcome == Outcome::kFail || item.outcome == Outcome::kPass;
    }
    out_ += "<header class=\"card\">\n<div class=\"ring ";
    out_ += ScoreClass(report_.score);
    out_ += "\"><b>" + std::to_string(report_.score) + "</b><small>总分</small></div>\n";
    out_ += "<div class=\"headline\">\n<div class=\"kicker\">良言 · 对话辅导报告</div>\n<h1>";
    Text(DisplayId());
    out_ += "</h1>\n<div class=\"meta\">";
    const std::vector<std::string> agents = Agents();
    out_ += "<span>坐席 ";
    if (agents.empty()) out_ += "未注明";
    for (size_t i = 0; i < agents.size(); ++i) {
      if (i) out_ += "、";
      Text(agents[i]);
    }
    out_ += "</span><span>" + std::to_string(report_.turns.size()) + " 轮对话（坐席 " +
            std::to_string(agent_turns) + " 轮）</span><span>";
    out_ += report_.timestamps ? "有时间戳" : "无时间戳：计时类项目已跳过";
    out_ += "</span></div>\n<div class=\"scores\">";
    Pill("评分卡", report_.card_score);
    Pill("话术", report_.utterance_score);
    out_ += "<span class=\"pill\">评分卡未通过<b>" + std::to_string(failed) + "</b> / " +
            std::to_string(judged) + "</span>";
    out_ += "</div>\n";
    if (report_.fatal_failed) {
      out_ += "<div class=\"fatal\">一票否决：有致命项目未通过，总分记为 0。</div>\n";
    }
    out_ += "</div>\n</header>\n";
  }

  void Pill(const char* label, int score) {
    out_ += "<span class=\"pill\">";
    out_ += label;
    out_ += "<b class=\"";
    out_ += ScoreClass(score);
    out_ += "\">" + std::to_string(score) + "</b></span>";
  }

  void Scorecard() {
    out_ +=
        "<section class=\"card\">\n<h2>评分卡</h2>\n<p class=\"sub\">"
        "总分 = (评分卡 + 话术) / 2；评分卡 = 100 − 未通过项目的分值，话术 = 坐席各句得分的平均。"
        "</p>\n";
    if (report_.items.empty()) {
      out_ += "<p class=\"small\">规则包没有评分卡项目。</p>\n</section>\n";
      return;
    }
    std::vector<size_t> order(report_.items.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return OutcomeRank(report_.items[a].outcome) < OutcomeRank(report_.items[b].outcome);
    });
    out_ +=
        "<table>\n<thead><tr><th>项目</th><th>结果</th><th>扣分</th><th>说明</th>"
        "<th>证据</th><th>依据</th></tr></thead>\n<tbody>\n";
    for (size_t i : order) ItemRow(i);
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  void ItemRow(size_t index) {
    const ItemResult& item = report_.items[index];
    const bool failed = item.outcome == Outcome::kFail;
    out_ += "<tr id=\"item-" + std::to_string(index) + "\" class=\"";
    out_ += failed ? "fail" : "quiet";
    out_ += "\"><td class=\"item\" title=\"";
    Text(item.message);
    out_ += "\"><div class=\"title\">";
    Text(item.title);
    out_ += "</div><div class=\"code\">";
    Text(item.id);
    if (item.fatal) out_ += " · 一票否决";
    out_ += "</div></td><td>";
    const auto [badge, word] = OutcomeBadge(item.outcome);
    out_ += "<span class=\"badge b-";
    out_ += badge;
    out_ += "\">";
    out_ += word;
    out_ += "</span></td><td class=\"num\">";
    out_ += failed ? "−" + std::to_string(item.points) : "0";
    out_ += "<div class=\"small\">/ " + std::to_string(item.points) + "</div></td><td>";
    // The message says what is wrong and why; it only belongs next to a failure.
    if (failed) {
      out_ += "<div class=\"msg\">";
      Text(item.message);
      out_ += "</div>";
    }
    // The engine's detail is a measurement ("agent share 0.78 ...") worth showing as is; for
    // items that were not judged, the trainer needs the reason in words, the detail waits in
    // the tooltip.
    const char* why_not = item.outcome == Outcome::kSkipped
                              ? "需要每轮的时间戳（start_ms / end_ms）"
                          : item.outcome == Outcome::kNotApplicable ? "本次对话不涉及此项"
                                                                    : nullptr;
    if (why_not != nullptr) {
      out_ += "<div class=\"small\" title=\"";
      Text(item.detail);
      out_ += "\">";
      out_ += why_not;
      out_ += "</div>";
    } else if (!item.detail.empty()) {
      out_ += "<div class=\"small\">";
      Text(item.detail);
      out_ += "</div>";
    }
    out_ += "</td><td>";
    for (const Evidence& e : item.evidence) EvidenceLink(e);
    // Only a failure sends the trainer to the courseware; on other rows the citation would be
    // noise, so it waits in the tooltip.
    out_ += "</td><td class=\"small cite\"";
    if (failed) {
      out_ += ">";
      Text(item.citation);
    } else {
      out_ += " title=\"";
      Text(item.citation);
      out_ += "\">";
    }
    out_ += "</td></tr>\n";
  }

  void EvidenceLink(const Evidence& e) {
    if (e.turn < 0 || static_cast<size_t>(e.turn) >= report_.turns.size()) return;
    const std::string& text = report_.turns[e.turn].turn.text;
    out_ += "<a class=\"turnref\" href=\"#t" + std::to_string(e.turn) + "\">#" +
            std::to_string(e.turn + 1);
    const auto [b, end] = WholeChars(text, e.span.begin, e.span.end);
    if (end > b) {
      out_ += " 「";
      Text(Truncate(std::string_view(text).substr(b, end - b), kSnippetChars));
      out_ += "」";
    }
    out_ += "</a>";
  }

  void Conversation() {
    out_ +=
        "<section class=\"card\">\n<h2>对话</h2>\n<p class=\"sub\">"
        "客户在左，坐席在右。鼠标停在标记上可看到规则和说明；每句坐席话术下方是得分、问题和建议说法"
        "。"
        "</p>\n<div class=\"legend\">"
        "<span><mark class=\"s4\">严重</mark></span><span><mark class=\"s3\">较重</mark></span>"
        "<span><mark class=\"s2\">一般</mark></span><span><mark class=\"s1\">提示</mark></span>"
        "<span><span class=\"ev\">评分卡证据</span></span></div>\n<div class=\"chat\">\n";
    for (size_t i = 0; i < report_.turns.size(); ++i) Turn(i);
    out_ += "</div>\n</section>\n";
  }

  void Turn(size_t index) {
    const TurnResult& t = report_.turns[index];
    const bool agent = t.turn.role == Role::kAgent;
    const auto evidence = evidence_items_.find(static_cast<int>(index));
    bool failed_evidence = false;
    if (evidence != evidence_items_.end()) {
      for (size_t i : evidence->second) {
        failed_evidence |= report_.items[i].outcome == Outcome::kFail;
      }
    }
    out_ += "<div class=\"turn ";
    out_ += agent ? "agent" : "customer";
    if (failed_evidence) out_ += " evidence";
    out_ += "\" id=\"t" + std::to_string(index) + "\">\n<div class=\"who\"><b>";
    out_ += agent ? "坐席" : "客户";
    out_ += "</b>";
    if (agent && !t.turn.agent_id.empty()) {
      out_ += " ";
      Text(t.turn.agent_id);
    }
    out_ += " · #" + std::to_string(index + 1);
    if (t.turn.start_ms >= 0) {
      out_ += " · " + FormatMs(t.turn.start_ms);
      if (t.turn.end_ms >= 0) out_ += "–" + FormatMs(t.turn.end_ms);
    }
    out_ += "</div>\n<div class=\"bubble\">";
    MarkedText(index);
    out_ += "</div>\n";
    if (evidence != evidence_items_.end()) Tags(evidence->second);
    if (agent && t.checked) Notes(t.result);
    out_ += "</div>\n";
  }

  void Tags(const std::vector<size_t>& items) {
    out_ += "<div class=\"tags\">";
    for (size_t i : items) {
      const ItemResult& item = report_.items[i];
      const bool failed = item.outcome == Outcome::kFail;
      out_ += "<a class=\"tag";
      if (!failed) out_ += " ok";
      out_ += "\" href=\"#item-" + std::to_string(i) + "\" title=\"";
      Text(item.message);
      out_ += "\">";
      out_ += failed ? "✗ " : "✓ ";
      Text(item.title);
      out_ += "</a>";
    }
    out_ += "</div>\n";
  }

  // The turn's text with its findings and score-card evidence marked.  Spans may overlap, so
  // the text is cut at every span boundary and each piece carries everything covering it.
  void MarkedText(size_t index) {
    const TurnResult& t = report_.turns[index];
    const std::string_view text =
        t.checked ? std::string_view(t.result.text) : std::string_view(t.turn.text);
    std::vector<Marked> marks;
    if (t.checked) {
      for (const Finding& f : t.result.findings) {
        const auto [b, e] = WholeChars(text, f.span.begin, f.span.end);
        if (e <= b) continue;
        Marked m{b, e, std::clamp(f.severity, 1, 4), ""};
        m.title.append(f.rule_id).append("：").append(f.message);
        marks.push_back(std::move(m));
      }
    }
    if (const auto it = evidence_items_.find(static_cast<int>(index));
        it != evidence_items_.end()) {
      for (size_t i : it->second) {
        const ItemResult& item = report_.items[i];
        for (const Evidence& e : item.evidence) {
          if (e.turn != static_cast<int>(index)) continue;
          const auto [b, end] = WholeChars(text, e.span.begin, e.span.end);
          if (end <= b) continue;  // the whole turn is the evidence: the tags say so
          Marked m{b, end, 0, ""};
          m.title.append(item.id).append("（评分卡）：").append(item.title);
          marks.push_back(std::move(m));
        }
      }
    }
    std::set<size_t> cuts = {0, text.size()};
    for (const Marked& m : marks) {
      cuts.insert(m.begin);
      cuts.insert(m.end);
    }
    for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
      const size_t b = *it, e = *std::next(it);
      int severity = 0;
      bool evidence = false;
      std::string title;
      for (const Marked& m : marks) {
        if (m.begin > b || m.end < e) continue;
        if (m.severity == 0) evidence = true;
        severity = std::max(severity, m.severity);
        if (!title.empty()) title += "\n";
        title += m.title;
      }
      const std::string_view piece = text.substr(b, e - b);
      if (title.empty()) {
        Text(piece);
        continue;
      }
      if (severity > 0) {
        out_ += "<mark class=\"s" + std::to_string(severity) + (evidence ? " ev" : "") + "\"";
      } else {
        out_ += "<span class=\"ev\"";
      }
      out_ += " title=\"";
      Text(title);
      out_ += "\">";
      Text(piece);
      out_ += severity > 0 ? "</mark>" : "</span>";
    }
  }

  void Notes(const Result& result) {
    const bool rewritten = !result.rewrites.empty() && result.rewrites.front().text != result.text;
    // A clean turn gets one quiet line; boxes are for turns the trainer has to read.
    out_ += result.findings.empty() && !rewritten ? "<div class=\"notes quiet\">"
                                                  : "<div class=\"notes\">";
    out_ += "<span class=\"score ";
    out_ += ScoreClass(result.score);
    out_ += "\">" + std::to_string(result.score) + " 分</span>";
    for (const Credit& c : result.credits) {
      out_ += "<span class=\"credit\" title=\"";
      Text(c.message);
      out_ += "\">+ ";
      Text(c.rule_id);
      out_ += "</span>";
    }
    if (result.findings.empty()) {
      out_ += "<span class=\"clean\">✓ 这句话没有发现问题</span>";
    } else {
      out_ += "<ul>";
      for (const Finding& f : result.findings) {
        out_ += "<li><span class=\"rule\">";
        Text(f.rule_id);
        out_ += "</span>";
        Text(f.message);
        if (!f.citation.empty()) {
          out_ += " <span class=\"small\">";
          Text(f.citation);
          out_ += "</span>";
        }
        out_ += "</li>";
      }
      out_ += "</ul>";
    }
    if (rewritten) {
      out_ += "<div class=\"rewrite\">";
      Text(result.rewrites.front().text);
      out_ += "</div>";
    }
    out_ += "</div>\n";
  }

  void Footer() {
    out_ += "<footer>良言 liangyan 生成";
    if (report_.pack) {
      out_ += " · 规则包 ";
      const auto& loaded = report_.pack->spec.loaded;
      for (size_t i = 0; i < loaded.size(); ++i) {
        if (i) out_ += ", ";
        Text(loaded[i]);
      }
    }
    out_ += "</footer>\n";
  }

  const Report& report_;
  std::string out_;
  std::map<int, std::vector<size_t>> evidence_items_;  // turn -> indices into report_.items
};

}  // namespace

std::string ReportToHtml(const Report& report) { return HtmlWriter(report).Render(); }

}  // namespace liangyan::dialogue
