#include "core/self_test.h"

#include "dialogue/dialogue.h"
#include "rules/compiler.h"

namespace liangyan {
namespace {

std::string Found(const Result& result) {
  std::string out;
  for (const Finding& f : result.findings) {
    if (!out.empty()) out += ' ';
    out +=
        std::string(f.rule_id) + "@" + result.text.substr(f.span.begin, f.span.end - f.span.begin);
  }
  return out;
}

void AddFailure(const std::string& rule, const char* expect, const std::string& text,
                const rules::SourcePos& pos, const std::string& detail, std::string* failures) {
  if (!failures->empty()) *failures += ',';
  *failures += "{\"rule\":";
  AppendJsonString(rule, failures);
  *failures += ",\"expect\":";
  AppendJsonString(expect, failures);
  *failures += ",\"text\":";
  AppendJsonString(text, failures);
  *failures += ",\"at\":";
  AppendJsonString(rules::FormatPos(pos), failures);
  *failures += ",\"detail\":";
  AppendJsonString(detail, failures);
  *failures += '}';
}

}  // namespace

SelfTestSummary RunExamples(const Engine& engine, const std::string& only_pack) {
  SelfTestSummary summary;
  std::string failures;
  const rules::CompiledPack& pack = engine.pack();
  auto wanted = [&](const rules::SourcePos& pos) {
    return only_pack.empty() || pos.pack == only_pack;
  };

  for (const rules::CompiledRule& rule : pack.rules) {
    for (const auto* list : {&rule.spec.flag_examples, &rule.spec.pass_examples}) {
      const bool flag = list == &rule.spec.flag_examples;
      for (const rules::Example& example : *list) {
        if (!wanted(example.pos)) continue;
        Result result;
        const ly_status status = engine.Check(example.text, {}, &result);
        bool found = false;
        for (const Finding& f : result.findings) found |= f.rule_id == rule.spec.id;
        std::string detail;
        bool ok = status == LY_OK && found == flag;
        if (status != LY_OK) {
          detail = "check failed: status " + std::to_string(status);
        } else if (!ok) {
          detail = "found: " + Found(result);
        } else if (flag && example.rewrite) {
          const std::string got = result.rewrites.empty() ? result.text : result.rewrites[0].text;
          if (got != *example.rewrite) {
            ok = false;
            detail = "rewrite was: " + got;
          }
        }
        if (ok) {
          ++summary.passed;
        } else {
          ++summary.failed;
          AddFailure(rule.spec.id, flag ? "flag" : "pass", example.text, example.pos, detail,
                     &failures);
        }
      }
    }
  }
  for (const rules::CompiledScorecardItem& item : pack.scorecard) {
    for (const auto* list : {&item.spec.fail_examples, &item.spec.pass_examples}) {
      const bool fail = list == &item.spec.fail_examples;
      for (const rules::DialogueExample& example : *list) {
        if (!wanted(example.pos)) continue;
        dialogue::Dialogue d;
        std::string text;
        for (const rules::ExampleTurn& t : example.turns) {
          dialogue::Turn turn;
          turn.role = t.role == "agent" ? dialogue::Role::kAgent : dialogue::Role::kCustomer;
          turn.text = t.text;
          turn.start_ms = t.start_ms;
          turn.end_ms = t.end_ms;
          text += (text.empty() ? "" : " / ") + t.role + ": " + t.text;
          d.turns.push_back(std::move(turn));
        }
        dialogue::Report report;
        const ly_status status = dialogue::Coach(engine, d, {}, &report);
        dialogue::Outcome outcome = dialogue::Outcome::kNotApplicable;
        for (const auto& r : report.items) {
          if (r.id == item.spec.id) outcome = r.outcome;
        }
        const bool failed = outcome == dialogue::Outcome::kFail;
        if (status == LY_OK && failed == fail) {
          ++summary.passed;
        } else {
          ++summary.failed;
          AddFailure(item.spec.id, fail ? "fail" : "pass", text, example.pos,
                     std::string("outcome: ") + dialogue::OutcomeName(outcome), &failures);
        }
      }
    }
  }
  summary.json = "{\"passed\":" + std::to_string(summary.passed) +
                 ",\"failed\":" + std::to_string(summary.failed) + ",\"failures\":[" + failures +
                 "]}";
  return summary;
}

}  // namespace liangyan
