// The rewrite properties of issue 4, checked over every text the repository holds: the rule
// packs' examples, the golden cases and the polite negatives, each also in a Traditional copy
// made with ICU.  tools/eval/rewrite_report.py measures the same properties over a real
// corpus; this test keeps them from regressing on a fresh clone without that corpus.
#include <gtest/gtest.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine.h"
#include "rules/compiler.h"
#include "tests_common.h"
#include "text/utf8.h"

namespace liangyan::testing_support {
namespace {

std::vector<std::string> PackTexts(const Engine& engine) {
  std::vector<std::string> texts;
  for (const rules::CompiledRule& rule : engine.pack().rules) {
    for (const rules::Example& e : rule.spec.flag_examples) texts.push_back(e.text);
    for (const rules::Example& e : rule.spec.pass_examples) texts.push_back(e.text);
  }
  return texts;
}

std::vector<std::string> GoldenTexts() {
  std::vector<std::string> texts;
  std::istringstream lines(ReadFile(SourceDir() / "tests" / "golden" / "cases.jsonl"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find('{') == std::string::npos) continue;
    texts.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
  }
  return texts;
}

std::vector<std::string> PoliteTexts() {
  std::vector<std::string> texts;
  std::istringstream lines(ReadFile(SourceDir() / "tests" / "golden" / "polite_negatives.txt"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    texts.push_back(line);
  }
  return texts;
}

std::vector<std::string> ToTraditional(const std::vector<std::string>& texts) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> hant(
      icu::Transliterator::createInstance("Hans-Hant", UTRANS_FORWARD, status));
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  std::vector<std::string> out;
  if (!hant) return out;
  for (const std::string& text : texts) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    hant->transliterate(u);
    std::string converted;
    u.toUTF8String(converted);
    out.push_back(converted);
  }
  return out;
}

bool IsPunct(char32_t cp) {
  static const std::u32string kPunct = U"，。！？；：,.!?;:、";
  return kPunct.find(cp) != std::u32string::npos;
}

// Pairs of adjacent punctuation marks ("，，", "？，"), as a count per pair.
std::multiset<std::u32string> PunctPairs(const std::string& text) {
  std::multiset<std::u32string> pairs;
  char32_t previous = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    i += text::DecodeValid(text, i, &cp);
    if (IsPunct(cp) && IsPunct(previous)) pairs.insert(std::u32string{previous, cp});
    previous = cp;
  }
  return pairs;
}

// Places where a question tag (可以吗, 好吗, 行吗, 您看…) directly follows a question (…吗,
// …么, a question mark): asking twice.
int QuestionsTwice(const std::string& text) {
  static const char* const kTags[] = {"可以吗", "可以嗎", "好吗", "好嗎",
                                      "行吗",   "行嗎",   "您看", "你看"};
  int count = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    i += text::DecodeValid(text, i, &cp);
    if (cp != U'吗' && cp != U'嗎' && cp != U'么' && cp != U'麼' && cp != U'？' && cp != U'?')
      continue;
    size_t at = i;
    while (at < text.size()) {
      char32_t next = 0;
      const size_t len = text::DecodeValid(text, at, &next);
      if (next != U'，' && next != U',' && next != U'？' && next != U'?' && next != U' ') break;
      at += len;
    }
    const std::string_view after = std::string_view(text).substr(at);
    for (const char* tag : kTags) count += after.starts_with(tag);
  }
  return count;
}

std::set<std::string> Categories(const Result& result) {
  std::set<std::string> out;
  for (const Finding& f : result.findings) out.insert(std::string(f.category));
  return out;
}

// Returns what is wrong with the best rewrite of `text`, or "" when nothing is.
std::string Violations(const Engine& engine, const std::string& text) {
  Result before;
  if (engine.Check(text, {}, &before) != LY_OK) return "cannot check the text";
  if (before.rewrites.empty()) return "";
  const Rewrite& rewrite = before.rewrites[0];
  std::string problems;
  auto fail = [&](const std::string& what) { problems += "\n    " + what; };

  if (ApplyEdits(text, rewrite) != rewrite.text)
    fail("edits applied to the text do not give the rewrite");
  size_t bad_at = 0;
  if (!text::IsValidUtf8(rewrite.text, &bad_at)) fail("rewrite is not valid UTF-8");

  Result after;
  if (engine.Check(rewrite.text, {}, &after) != LY_OK) {
    fail("cannot check the rewrite");
    return problems;
  }
  for (std::string_view id : rewrite.fixed_rules) {
    for (const Finding& f : after.findings) {
      if (f.rule_id == id) fail("claims to fix " + std::string(id) + " but it is still found");
    }
  }
  const std::set<std::string> old_categories = Categories(before);
  for (const std::string& category : Categories(after)) {
    if (!old_categories.count(category)) fail("introduces a new category: " + category);
  }
  if (rewrite.fixes == 0 && rewrite.score <= before.score) fail("fixes nothing");
  if (rewrite.score < before.score) fail("score goes down");
  if (after.score != rewrite.score) fail("the rewrite's score is not what checking it gives");
  if (!after.rewrites.empty()) fail("not idempotent: rewritten again to " + after.rewrites[0].text);
  if (after.script != before.script && before.script != "none") {
    fail("script changed from " + before.script + " to " + after.script);
  }
  if (QuestionsTwice(rewrite.text) > QuestionsTwice(text)) fail("a question tag after a question");
  std::multiset<std::u32string> old_pairs = PunctPairs(text);
  for (const std::u32string& pair : PunctPairs(rewrite.text)) {
    auto it = old_pairs.find(pair);
    if (it == old_pairs.end()) {
      fail("doubled punctuation introduced");
      break;
    }
    old_pairs.erase(it);
  }
  return problems;
}

class RewritePropertiesTest : public ::testing::Test {
 public:
  RewritePropertiesTest(std::shared_ptr<Engine> engine, std::vector<std::string> texts,
                        std::string script)
      : engine_(std::move(engine)), texts_(std::move(texts)), script_(std::move(script)) {}
  void TestBody() override {
    ASSERT_TRUE(engine_);
    ASSERT_FALSE(texts_.empty());
    int rewritten = 0, failures = 0, in_script = 0;
    for (const std::string& text : texts_) {
      Result result;
      if (engine_->Check(text, {}, &result) == LY_OK && !result.rewrites.empty()) ++rewritten;
      in_script += result.script == script_;
      const std::string problems = Violations(*engine_, text);
      if (problems.empty()) continue;
      if (++failures <= 20) ADD_FAILURE() << text << " -> " << Describe(result) << problems;
    }
    EXPECT_EQ(failures, 0) << "of " << texts_.size() << " texts";
    // The data must exercise the rewriter, or the properties above are vacuous.
    EXPECT_GT(rewritten, 0);
    // And the copy must really be in its script, or "script preserved" is checked on nothing.
    EXPECT_GT(in_script, 0) << "no text reads as " << script_;
    RecordProperty("texts", static_cast<int>(texts_.size()));
    RecordProperty("rewritten", rewritten);
  }

 private:
  std::shared_ptr<Engine> engine_;
  std::vector<std::string> texts_;
  std::string script_;  // what the copy is written in
};

}  // namespace

void RegisterRewriteProperties() {
  std::shared_ptr<Engine> engine = MakeEngine("", true);
  if (!engine) return;
  const std::vector<std::pair<std::string, std::vector<std::string>>> sets = {
      {"DefaultPackExamples", PackTexts(*engine)},
      {"GoldenCases", GoldenTexts()},
      {"PoliteNegatives", PoliteTexts()},
  };
  for (const auto& [name, texts] : sets) {
    for (const bool traditional : {false, true}) {
      std::vector<std::string> data = traditional ? ToTraditional(texts) : texts;
      const std::string test = name + (traditional ? "_Traditional" : "_Simplified");
      ::testing::RegisterTest("RewriteProperties", test.c_str(), nullptr, nullptr, __FILE__,
                              __LINE__, [=]() -> ::testing::Test* {
                                return new RewritePropertiesTest(
                                    engine, data, traditional ? "traditional" : "simplified");
                              });
    }
  }
}

}  // namespace liangyan::testing_support
