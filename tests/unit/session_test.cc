// The streaming session (core/session.h) against one-shot Engine::Check: every text reachable
// from the tests (golden cases, polite negatives, every rule and score-card example of the
// default and test packs) is typed, backspaced, revised, spliced and re-spaced through one
// session, and at EVERY step the session's result must serialise exactly like Engine::Check's
// (without rewrites and replacements for findings-only updates).  Also: what the session
// reuses (it must really skip the work it claims to), and its limits.
#include "core/session.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/result.h"
#include "rules/compiler.h"
#include "session_sequences.h"

namespace liangyan {
namespace {

using session_testing::EditSequence;
using session_testing::SplitCodePoints;
using session_testing::WantsRewrites;
using Depth = Session::Depth;

std::filesystem::path SourceDir() { return std::filesystem::path(LY_SOURCE_DIR); }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::unique_ptr<Engine> MakeEngine(const std::vector<std::string>& pack_paths, bool with_default,
                                   Limits limits = {}) {
  EngineOptions options;
  options.use_default_pack = with_default;
  options.limits = limits;
  for (const std::string& path : pack_paths) {
    options.packs.push_back(PackSource{path, ReadFile(path)});
  }
  std::unique_ptr<Engine> engine;
  std::string error;
  EXPECT_EQ(Engine::Create(options, &engine, &error), LY_OK) << error;
  return engine;
}

// What a findings-only update promises: Engine::Check's result minus rewrites and replacements.
Result WithoutRewrites(Result result) {
  for (Finding& f : result.findings) f.replacement.clear();
  result.rewrites.clear();
  return result;
}

std::string Printable(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Replays `texts` through one session on `engine`, comparing every step with a one-shot
// check.  Returns the number of steps compared; stops at the first mismatch (one is enough to
// debug, and the rest would only repeat it).
size_t Replay(const Engine& engine, const std::vector<std::string>& texts,
              const rewrite::SlotValues& slots, const std::string& label) {
  Result session_result;
  Session session(engine, &session_result);
  for (size_t i = 0; i < texts.size(); ++i) {
    const Depth depth = WantsRewrites(i, texts.size()) ? Depth::kFull : Depth::kFindings;
    const ly_status got = session.Update(texts[i], slots, depth);
    Result expected;
    const ly_status want = engine.Check(texts[i], slots, &expected);
    const std::string where =
        label + ", step " + std::to_string(i) + " of " + std::to_string(texts.size()) + " (" +
        (depth == Depth::kFull ? "rewrites" : "findings") + "): \"" + Printable(texts[i]) + "\"";
    if (got != want) {
      ADD_FAILURE() << where << ": session status " << got << ", one-shot " << want;
      return i;
    }
    if (got != LY_OK) continue;
    const std::string session_json = ToJson(session_result);
    const std::string expected_json =
        ToJson(depth == Depth::kFull ? expected : WithoutRewrites(std::move(expected)));
    if (session_json != expected_json) {
      ADD_FAILURE() << where << "\n  session:  " << session_json
                    << "\n  one-shot: " << expected_json;
      return i;
    }
  }
  return texts.size();
}

// Replays EditSequence over every text, pairing each with the next for alternative tails;
// every other text gets a context so that rewrites with filled slots are compared too.
void ReplayAll(const Engine& engine, const std::vector<std::string>& corpus,
               const std::string& source) {
  ASSERT_FALSE(corpus.empty()) << "no texts from " << source;
  rewrite::SlotValues slots;
  slots["reason"] = "系统正在升级";
  slots["alternative"] = "为您换货";
  size_t steps = 0;
  for (size_t i = 0; i < corpus.size(); ++i) {
    const std::string& other = corpus[(i + 1) % corpus.size()];
    steps += Replay(engine, EditSequence(corpus[i], other), i % 2 ? slots : rewrite::SlotValues{},
                    source + " #" + std::to_string(i + 1));
  }
  // Guards against a corpus that silently shrank to nothing interesting.
  EXPECT_GT(steps, corpus.size() * 10) << source;
  std::printf("[ replayed ] %zu texts, %zu steps from %s\n", corpus.size(), steps, source.c_str());
}

std::vector<std::string> GoldenTexts() {
  std::vector<std::string> out;
  std::istringstream lines(ReadFile(SourceDir() / "tests" / "golden" / "cases.jsonl"));
  static const std::regex kText(R"re("text"\s*:\s*"((?:[^"\\]|\\.)*)")re");
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, kText)) continue;
    const std::string raw = m[1].str();
    std::string text;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size()) {
        const char c = raw[++i];
        text += c == 'n' ? '\n' : c == 't' ? '\t' : c;
      } else {
        text += raw[i];
      }
    }
    out.push_back(text);
  }
  return out;
}

std::vector<std::string> PoliteNegatives() {
  std::vector<std::string> out;
  std::istringstream lines(ReadFile(SourceDir() / "tests" / "golden" / "polite_negatives.txt"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.push_back(line);
  }
  return out;
}

// Every example text the engine's packs carry: rules' must-flag and must-not-flag texts and
// the agent and customer turns of score-card examples.
std::vector<std::string> PackExampleTexts(const Engine& engine) {
  std::vector<std::string> out;
  for (const rules::CompiledRule& rule : engine.pack().rules) {
    for (const auto& e : rule.spec.flag_examples) out.push_back(e.text);
    for (const auto& e : rule.spec.pass_examples) out.push_back(e.text);
  }
  for (const rules::CompiledScorecardItem& item : engine.pack().scorecard) {
    for (const auto* examples : {&item.spec.fail_examples, &item.spec.pass_examples}) {
      for (const auto& example : *examples) {
        for (const auto& turn : example.turns) out.push_back(turn.text);
      }
    }
  }
  return out;
}

class SessionReplay : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { engine_ = MakeEngine({}, true).release(); }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  static const Engine* engine_;
};
const Engine* SessionReplay::engine_ = nullptr;

TEST_F(SessionReplay, GoldenCases) {
  ASSERT_NE(engine_, nullptr);
  ReplayAll(*engine_, GoldenTexts(), "tests/golden/cases.jsonl");
}

TEST_F(SessionReplay, PoliteNegatives) {
  ASSERT_NE(engine_, nullptr);
  ReplayAll(*engine_, PoliteNegatives(), "tests/golden/polite_negatives.txt");
}

TEST_F(SessionReplay, DefaultPackExamples) {
  ASSERT_NE(engine_, nullptr);
  const std::vector<std::string> texts = PackExampleTexts(*engine_);
  EXPECT_GT(texts.size(), 200u);  // the default pack has hundreds of examples
  ReplayAll(*engine_, texts, "the default packs' examples");
}

TEST_F(SessionReplay, TestAndUserPacks) {
  const auto dir = SourceDir() / "tests" / "data";
  size_t packs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "packs")) {
    if (entry.path().extension() != ".yaml") continue;
    std::unique_ptr<Engine> engine = MakeEngine({entry.path().string()}, false);
    ASSERT_NE(engine, nullptr);
    ReplayAll(*engine, PackExampleTexts(*engine), entry.path().filename().string());
    ++packs;
  }
  const std::string user_pack = (dir / "user_packs" / "fuwu_jinyu.yaml").string();
  std::unique_ptr<Engine> engine = MakeEngine({user_pack}, true);
  ASSERT_NE(engine, nullptr);
  std::vector<std::string> texts;
  for (const rules::CompiledRule& rule : engine->pack().rules) {
    if (rule.spec.pos.pack != user_pack) continue;
    for (const auto& e : rule.spec.flag_examples) texts.push_back(e.text);
    for (const auto& e : rule.spec.pass_examples) texts.push_back(e.text);
  }
  ReplayAll(*engine, texts, "fuwu_jinyu.yaml over the default pack");
  EXPECT_GE(packs, 2u);
}

// Scripts, widths, transcripts without punctuation and long multi-sentence turns, which the
// packs' short examples do not all cover.
TEST_F(SessionReplay, MixedForms) {
  ASSERT_NE(engine_, nullptr);
  ReplayAll(*engine_,
            {"對不起，您不能退貨，這個是規定。請問還有甚麼可以幫您？",
             "您好 这个 订单 已经 发货 了 不能 取消 的 您 看 可以 吗",
             "ok的亲，稍等哈~我帮您查一下。。。不行的，系统显示不可以退",
             "Sorry, 您必须先付款! 否则无法发货? 3.5元运费您自己承担.",
             "非常抱歉让您久等了。是这样，因为仓库在盘点，所以今天不能发货。"
             "我们可以明天一早优先为您安排，您看这样可以吗？"
             "如果您着急的话，也可以选择同城闪送，费用由我们承担。"
             "还有什么其他问题我可以帮您的吗？",
             "", "。。。？？", "你听我说你这个不行你必须按照流程来不然我也没办法"},
            "mixed forms");
}

// Under LY_INVALID_UTF8_REPLACE, invalid bytes mid-stream and a character arriving byte by
// byte (the partial sequence is invalid until it completes) must be replaced exactly as the
// one-shot check replaces them.
TEST(SessionInvalidUtf8, ReplacedLikeOneShot) {
  Limits limits;
  limits.replace_invalid_utf8 = true;
  std::unique_ptr<Engine> engine = MakeEngine({}, true, limits);
  ASSERT_NE(engine, nullptr);
  const std::string text = "对不起，您\xFF不能退\xC3货。\xE4\xBD";
  std::vector<std::string> bytewise;
  for (size_t k = 0; k <= text.size(); ++k) bytewise.push_back(text.substr(0, k));
  EXPECT_EQ(Replay(*engine, bytewise, {}, "byte by byte, replace"), bytewise.size());
  EXPECT_EQ(Replay(*engine, EditSequence(text, "\x80\x80好的"), {}, "edits, replace"),
            EditSequence(text, "\x80\x80好的").size());
}

// Under the default LY_INVALID_UTF8_REJECT, typing byte by byte alternates between rejected
// partial characters and valid texts; the statuses and results must still match one-shot
// checks, which exercises the incremental validation's boundary handling.
TEST(SessionInvalidUtf8, RejectedLikeOneShot) {
  std::unique_ptr<Engine> engine = MakeEngine({}, true);
  ASSERT_NE(engine, nullptr);
  const std::string text = "您好😀，不能退货\xF0\x9F\x98 吗？\xED\xA0\x80好";
  std::vector<std::string> bytewise;
  for (size_t k = 0; k <= text.size(); ++k) bytewise.push_back(text.substr(0, k));
  // And back down: a removed bad byte makes the text valid again.
  for (size_t k = text.size(); k-- > 0;) bytewise.push_back(text.substr(0, k));
  EXPECT_EQ(Replay(*engine, bytewise, {}, "byte by byte, reject"), bytewise.size());
}

class SessionReuse : public SessionReplay {};

TEST_F(SessionReuse, IdenticalTextDoesNoWork) {
  Result result;
  Session session(*engine_, &result);
  const std::string text = "对不起，您不能退货。";
  ASSERT_EQ(session.Update(text, {}, Depth::kFindings), LY_OK);
  const std::string first = ToJson(result);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(session.Update(text, {}, Depth::kFindings), LY_OK);
  EXPECT_EQ(session.stats().evaluations, 1u);
  EXPECT_EQ(session.stats().unchanged, 5u);
  EXPECT_EQ(ToJson(result), first);
  // A different text is analysed again, of course.
  ASSERT_EQ(session.Update(text + "请", {}, Depth::kFindings), LY_OK);
  EXPECT_EQ(session.stats().evaluations, 2u);
}

TEST_F(SessionReuse, ValidatesOnlyTheChangedSuffix) {
  Result result;
  Session session(*engine_, &result);
  const std::vector<std::string> cps = SplitCodePoints("您好，这个订单已经发货了，不能取消。");
  std::string text;
  uint64_t before = 0;
  for (const std::string& cp : cps) {
    text += cp;
    ASSERT_EQ(session.Update(text, {}, Depth::kFindings), LY_OK);
    // Appending one character validates that character only.
    EXPECT_EQ(session.stats().validated_bytes - before, cp.size()) << text;
    before = session.stats().validated_bytes;
  }
  // Revising the second character, 好 (E5 A5 BD) to 奼 (E5 A5 BC): the texts first differ at
  // its last byte, but validation must restart at its first.
  const uint64_t at = session.stats().validated_bytes;
  ASSERT_EQ(session.Update("您\xE5\xA5\xBC" + text.substr(6), {}, Depth::kFindings), LY_OK);
  EXPECT_EQ(session.stats().validated_bytes - at, text.size() - 3);
  // After a reset everything is validated again.
  session.Reset();
  const uint64_t reset_at = session.stats().validated_bytes;
  ASSERT_EQ(session.Update(text, {}, Depth::kFindings), LY_OK);
  EXPECT_EQ(session.stats().validated_bytes - reset_at, text.size());
}

TEST_F(SessionReuse, RewritesOnlyWhenAskedAndForTheSameSlots) {
  Result result;
  Session session(*engine_, &result);
  const std::string text = "对不起，您不能退货。";
  ASSERT_EQ(session.Update(text, {}, Depth::kFindings), LY_OK);
  EXPECT_TRUE(result.rewrites.empty());
  EXPECT_EQ(session.stats().full_checks, 0u);

  ASSERT_EQ(session.Update(text, {}, Depth::kFull), LY_OK);
  ASSERT_FALSE(result.rewrites.empty());
  EXPECT_EQ(session.stats().full_checks, 1u);
  const std::string unfilled = result.rewrites[0].text;
  EXPECT_NE(unfilled.find("【"), std::string::npos) << unfilled;  // a slot marker to fill

  ASSERT_EQ(session.Update(text, {}, Depth::kFull), LY_OK);  // same slots: reused
  EXPECT_EQ(session.stats().full_checks, 1u);

  rewrite::SlotValues slots;
  slots["reason"] = "商品已拆封";
  ASSERT_EQ(session.Update(text, slots, Depth::kFull), LY_OK);  // new slots: recomputed
  EXPECT_EQ(session.stats().full_checks, 2u);
  ASSERT_FALSE(result.rewrites.empty());
  EXPECT_NE(result.rewrites[0].text.find("商品已拆封"), std::string::npos);

  // Findings-only on the same text drops the rewrites without analysing again.
  ASSERT_EQ(session.Update(text, slots, Depth::kFindings), LY_OK);
  EXPECT_TRUE(result.rewrites.empty());
  for (const Finding& f : result.findings) EXPECT_EQ(f.replacement, "");
  EXPECT_EQ(session.stats().evaluations, 1u);
}

TEST(SessionLimits, SameStatusesAsCheck) {
  Limits limits;
  limits.max_input_bytes = 16;
  limits.max_slots = 1;
  std::unique_ptr<Engine> engine = MakeEngine({}, true, limits);
  ASSERT_NE(engine, nullptr);
  Result result;
  Session session(*engine, &result);
  ASSERT_EQ(session.Update("您不能退", {}, Depth::kFindings), LY_OK);
  EXPECT_EQ(session.Update("您不能退货，抱歉。", {}, Depth::kFindings), LY_E_INPUT_TOO_LARGE);
  rewrite::SlotValues two{{"reason", "a"}, {"alternative", "b"}};
  EXPECT_EQ(session.Update("您不能退", two, Depth::kFindings), LY_E_LIMIT);  // even unchanged
  ASSERT_EQ(session.Update("您不能退", {}, Depth::kFindings), LY_OK);
  EXPECT_EQ(session.stats().evaluations, 2u);  // the failures reset the session
  EXPECT_FALSE(result.findings.empty());
}

}  // namespace
}  // namespace liangyan
