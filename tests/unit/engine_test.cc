// Engine behaviour that is not a rule's business: input contracts, offsets, scoring, slots.
#include "core/engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests_common.h"

namespace liangyan {
namespace {

std::string OperatorsPack() {
  std::ifstream in(std::filesystem::path(LY_SOURCE_DIR) / "tests/data/packs/operators.yaml");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::unique_ptr<Engine> MakeEngine(Limits limits = {}, bool operators_only = true) {
  EngineOptions options;
  options.limits = limits;
  options.use_default_pack = !operators_only;
  if (operators_only) options.packs.push_back(PackSource{"operators.yaml", OperatorsPack()});
  std::unique_ptr<Engine> engine;
  std::string error;
  EXPECT_EQ(Engine::Create(options, &engine, &error), LY_OK) << error;
  return engine;
}

const Finding* FindRule(const Result& result, std::string_view rule) {
  for (const Finding& f : result.findings) {
    if (f.rule_id == rule) return &f;
  }
  return nullptr;
}

TEST(EngineTest, SpansPointIntoTheOriginalTraditionalText) {
  auto engine = MakeEngine();
  Result result;
  const std::string text = "好的，我要退貨！";
  ASSERT_EQ(engine->Check(text, {}, &result), LY_OK);
  const Finding* f = FindRule(result, "OP-PHRASE");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(text.substr(f->span.begin, f->span.end - f->span.begin), "退貨");
  EXPECT_EQ(f->span.begin_cp, 5u);
  EXPECT_EQ(f->span.end_cp, 7u);
  EXPECT_EQ(result.script, "traditional");
}

// A leaf that unites a phrase and a regex (one group) is present through the phrase before
// its regex is searched (regexes are searched on demand): the regex's hits must still count,
// here the earlier one, which gives the finding its span.
TEST(EngineTest, RegexHitsCountInAGroupAlreadyPresentThroughAPhrase) {
  auto engine = MakeEngine();
  Result result;
  const std::string text = "编号123，订单号";
  ASSERT_EQ(engine->Check(text, {}, &result), LY_OK);
  const Finding* f = FindRule(result, "OP-PHRASE-OR-REGEX");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(text.substr(f->span.begin, f->span.end - f->span.begin), "123");
}

TEST(EngineTest, SpansSurviveDroppedSpacesInSegmentedTranscripts) {
  auto engine = MakeEngine();
  Result result;
  const std::string text = "您 不能 退货";
  ASSERT_EQ(engine->Check(text, {}, &result), LY_OK);
  const Finding* f = FindRule(result, "OP-THEN");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(text.substr(f->span.begin, f->span.end - f->span.begin), "您 不能");
}

TEST(EngineTest, InvalidUtf8IsRejectedByDefaultAndReplacedOnRequest) {
  Result result;
  EXPECT_EQ(MakeEngine()->Check("退货\xff", {}, &result), LY_E_INVALID_UTF8);
  Limits replace;
  replace.replace_invalid_utf8 = true;
  ASSERT_EQ(MakeEngine(replace)->Check("退货\xff\xfe", {}, &result), LY_OK);
  EXPECT_GE(result.replaced_invalid, 1u);
  EXPECT_NE(FindRule(result, "OP-PHRASE"), nullptr);
  EXPECT_EQ(result.text.find("\xff"), std::string::npos);
}

TEST(EngineTest, OversizedInputIsADistinctError) {
  Limits small;
  small.max_input_bytes = 8;
  Result result;
  EXPECT_EQ(MakeEngine(small)->Check("我要退货退货", {}, &result), LY_E_INPUT_TOO_LARGE);
  EXPECT_EQ(MakeEngine(small)->Check("退货", {}, &result), LY_OK);
}

TEST(EngineTest, EmptyAndPunctuationOnlyInputScoreFull) {
  auto engine = MakeEngine();
  for (const char* text : {"", "。。。", "??", " "}) {
    Result result;
    ASSERT_EQ(engine->Check(text, {}, &result), LY_OK) << text;
    EXPECT_EQ(result.score, 100) << text;
    EXPECT_TRUE(result.findings.empty()) << text;
  }
}

TEST(EngineTest, ScoreDeductsWeightsAndRepeatsCountHalf) {
  auto engine = MakeEngine();
  Result once, twice;
  ASSERT_EQ(engine->Check("我要退货", {}, &once), LY_OK);
  ASSERT_EQ(engine->Check("我要退货。我要退货。", {}, &twice), LY_OK);
  // OP-PHRASE has the default weight 5: one finding costs 5, the repeat 2.5 (rounded up).
  EXPECT_EQ(once.score, 95);
  EXPECT_EQ(twice.score, 92);
}

TEST(EngineTest, CreditsRaiseTheScoreButNeverAbove100) {
  auto engine = MakeEngine();
  Result result;
  ASSERT_EQ(engine->Check("抱歉，我要退货", {}, &result), LY_OK);
  ASSERT_EQ(result.credits.size(), 1u);
  EXPECT_EQ(result.score, 97);
  ASSERT_EQ(engine->Check("抱歉", {}, &result), LY_OK);
  EXPECT_EQ(result.score, 100);
}

TEST(EngineTest, SlotsAreFilledFromContextOrListed) {
  auto engine = MakeEngine();
  Result result;
  ASSERT_EQ(engine->Check("不能退。", {}, &result), LY_OK);
  ASSERT_FALSE(result.rewrites.empty());
  ASSERT_EQ(result.rewrites[0].slots.size(), 1u);
  EXPECT_EQ(result.rewrites[0].slots[0].name, "reason");
  EXPECT_EQ(result.rewrites[0].slots[0].marker, "【原因】");
  rewrite::SlotValues slots{{"reason", "商品已拆封"}};
  ASSERT_EQ(engine->Check("不能退。", slots, &result), LY_OK);
  EXPECT_EQ(result.rewrites[0].text, "不能退，因为商品已拆封，您看可以吗？");
  EXPECT_TRUE(result.rewrites[0].slots.empty());
}

TEST(EngineTest, RewriteKeepsTextOutsideEditsByteIdentical) {
  auto engine = MakeEngine();
  Result result;
  const std::string text = "亲～ 不能退。谢谢！";
  ASSERT_EQ(engine->Check(text, {}, &result), LY_OK);
  ASSERT_FALSE(result.rewrites.empty());
  const Rewrite& rewrite = result.rewrites[0];
  // Re-applying the edit list to the original gives the rewrite.
  EXPECT_EQ(testing_support::ApplyEdits(text, rewrite), rewrite.text);
  EXPECT_EQ(rewrite.text.substr(rewrite.text.size() - std::string("谢谢！").size()), "谢谢！");
}

TEST(EngineTest, MinimalAndRestructuredCandidatesAreBothOffered) {
  auto engine = MakeEngine();
  Result result;
  ASSERT_EQ(engine->Check("好的，这个不支持退的哦。", {}, &result), LY_OK);
  ASSERT_EQ(result.rewrites.size(), 2u);
  EXPECT_EQ(result.rewrites[0].text, "好的，我可以为您【可行方案】哦。");
  EXPECT_EQ(result.rewrites[1].text, "好的，这个可以换的哦。");
  for (const Rewrite& r : result.rewrites) {
    EXPECT_GE(r.score, result.score);
    EXPECT_EQ(r.fixes, 1);
  }
}

TEST(EditTrailTest, EditsOfLaterRoundsAreExpressedAgainstTheOriginal) {
  rewrite::EditTrail trail("ABCDEFGH");
  trail.Apply({{1, 3, "xy", -1}, {5, 5, "+", -1}});  // A xy DE + FGH
  EXPECT_EQ(trail.Text(), "AxyDE+FGH");
  trail.Apply({{2, 4, "Q", -1}, {9, 9, "!", -1}});  // Ax Q E+FGH!
  EXPECT_EQ(trail.Text(), "AxQE+FGH!");
  const auto edits = trail.Edits();
  ASSERT_EQ(edits.size(), 3u);
  EXPECT_EQ(edits[0].begin, 1u);  // BCD -> xQ
  EXPECT_EQ(edits[0].end, 4u);
  EXPECT_EQ(edits[0].text, "xQ");
  EXPECT_EQ(edits[1].begin, 5u);  // insertion before F
  EXPECT_EQ(edits[1].end, 5u);
  EXPECT_EQ(edits[1].text, "+");
  EXPECT_EQ(edits[2].begin, 8u);  // insertion at the end
  EXPECT_EQ(edits[2].text, "!");
}

TEST(EngineTest, TheDefaultPackIsEmbedded) {
  EngineOptions options;
  std::unique_ptr<Engine> engine;
  std::string error;
  ASSERT_EQ(Engine::Create(options, &engine, &error), LY_OK) << error;
  EXPECT_EQ(engine->info(LY_INFO_PACK_ID), "liangyan-default");
  EXPECT_GT(std::stoi(engine->info(LY_INFO_RULE_COUNT)), 5);
}

TEST(EngineTest, NoPackAtAllIsAnError) {
  EngineOptions options;
  options.use_default_pack = false;
  std::unique_ptr<Engine> engine;
  std::string error;
  EXPECT_EQ(Engine::Create(options, &engine, &error), LY_E_INVALID_ARGUMENT);
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace liangyan
