// Data-driven tests: every example of every rule of the default pack and of the test packs in
// tests/data/packs becomes one test case; so do the golden files (golden_test.cc,
// polite_negatives_test.cc) and the broken packs in tests/data/broken.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/engine.h"
#include "dialogue/dialogue.h"
#include "rules/compiler.h"
#include "tests_common.h"

namespace liangyan::testing_support {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string SanitizeName(std::string name) {
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::shared_ptr<Engine> MakeEngine(const std::string& pack_path, bool with_default) {
  EngineOptions options;
  options.use_default_pack = with_default;
  if (!pack_path.empty()) options.packs.push_back(PackSource{pack_path, ReadFile(pack_path)});
  std::unique_ptr<Engine> engine;
  std::string error;
  const ly_status status = Engine::Create(options, &engine, &error);
  if (status != LY_OK) {
    ADD_FAILURE() << "cannot build engine for " << pack_path << ": " << error;
    return nullptr;
  }
  return std::shared_ptr<Engine>(std::move(engine));
}

std::string Describe(const Result& result) {
  std::string out = "findings:";
  for (const Finding& f : result.findings) {
    out += " " + std::string(f.rule_id) + "(" + std::string(f.category) + ")@" +
           result.text.substr(f.span.begin, f.span.end - f.span.begin);
  }
  if (!result.rewrites.empty()) out += " | rewrite: " + result.rewrites[0].text;
  return out;
}

namespace {

class ExampleTest : public ::testing::Test {
 public:
  ExampleTest(std::shared_ptr<Engine> engine, std::string rule, rules::Example example, bool flag)
      : engine_(std::move(engine)),
        rule_(std::move(rule)),
        example_(std::move(example)),
        flag_(flag) {}

  void TestBody() override {
    Result result;
    ASSERT_EQ(engine_->Check(example_.text, {}, &result), LY_OK) << example_.text;
    bool found = false;
    for (const Finding& f : result.findings) found |= f.rule_id == rule_;
    const std::string where =
        rules::FormatPos(example_.pos) + ": " + example_.text + "\n  " + Describe(result);
    if (flag_) {
      EXPECT_TRUE(found) << rule_ << " should flag " << where;
      if (example_.rewrite) {
        ASSERT_FALSE(result.rewrites.empty()) << "no rewrite for " << where;
        EXPECT_EQ(result.rewrites[0].text, *example_.rewrite) << where;
      }
    } else {
      EXPECT_FALSE(found) << rule_ << " should not flag " << where;
    }
  }

 private:
  std::shared_ptr<Engine> engine_;
  std::string rule_;
  rules::Example example_;
  bool flag_;
};

// A score-card item's dialogue example: `fail` examples must fail the item; `pass` examples
// must not (passing or not applicable both count).
class DialogueExampleTest : public ::testing::Test {
 public:
  DialogueExampleTest(std::shared_ptr<Engine> engine, std::string item,
                      rules::DialogueExample example, bool fail)
      : engine_(std::move(engine)),
        item_(std::move(item)),
        example_(std::move(example)),
        fail_(fail) {}

  void TestBody() override {
    dialogue::Dialogue d;
    for (const rules::ExampleTurn& t : example_.turns) {
      dialogue::Turn turn;
      turn.role = t.role == "agent" ? dialogue::Role::kAgent : dialogue::Role::kCustomer;
      turn.text = t.text;
      turn.start_ms = t.start_ms;
      turn.end_ms = t.end_ms;
      d.turns.push_back(std::move(turn));
    }
    dialogue::Report report;
    ASSERT_EQ(dialogue::Coach(*engine_, d, {}, &report), LY_OK);
    const dialogue::ItemResult* found = nullptr;
    for (const auto& item : report.items) {
      if (item.id == item_) found = &item;
    }
    ASSERT_NE(found, nullptr) << item_ << " was not judged";
    const std::string where = rules::FormatPos(example_.pos) + ": outcome " +
                              dialogue::OutcomeName(found->outcome) + " (" + found->detail + ")";
    if (fail_) {
      EXPECT_EQ(found->outcome, dialogue::Outcome::kFail) << item_ << " should fail at " << where;
    } else {
      EXPECT_NE(found->outcome, dialogue::Outcome::kFail)
          << item_ << " should not fail at " << where;
    }
  }

 private:
  std::shared_ptr<Engine> engine_;
  std::string item_;
  rules::DialogueExample example_;
  bool fail_;
};

void RegisterPackExamples(const std::string& suite, const std::string& pack_path,
                          bool with_default) {
  std::shared_ptr<Engine> engine = MakeEngine(pack_path, with_default);
  if (!engine) return;
  for (const rules::CompiledRule& rule : engine->pack().rules) {
    const rules::RuleSpec& spec = rule.spec;
    // Examples of the default pack run once, under the default pack's own suite.
    if (!pack_path.empty() && spec.pos.pack != pack_path) continue;
    int index = 0;
    for (const auto* list : {&spec.flag_examples, &spec.pass_examples}) {
      const bool flag = list == &spec.flag_examples;
      for (const rules::Example& example : *list) {
        const std::string name =
            SanitizeName(spec.id) + (flag ? "_flag_" : "_pass_") + std::to_string(index++);
        ::testing::RegisterTest(
            suite.c_str(), name.c_str(), nullptr, nullptr, __FILE__, example.pos.line,
            [=]() -> ::testing::Test* { return new ExampleTest(engine, spec.id, example, flag); });
      }
    }
  }
  for (const rules::CompiledScorecardItem& item : engine->pack().scorecard) {
    const rules::ScorecardItemSpec& spec = item.spec;
    if (!pack_path.empty() && spec.pos.pack != pack_path) continue;
    int index = 0;
    for (const auto* list : {&spec.fail_examples, &spec.pass_examples}) {
      const bool fail = list == &spec.fail_examples;
      for (const rules::DialogueExample& example : *list) {
        const std::string name =
            SanitizeName(spec.id) + (fail ? "_fail_" : "_pass_") + std::to_string(index++);
        ::testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, __FILE__,
                                example.pos.line, [=]() -> ::testing::Test* {
                                  return new DialogueExampleTest(engine, spec.id, example, fail);
                                });
      }
    }
  }
}

// tests/data/broken/NAME.yaml starts with "# expect: LY_E_STATUS LINE:COL" (LINE:COL optional).
class BrokenPackTest : public ::testing::Test {
 public:
  explicit BrokenPackTest(std::filesystem::path path) : path_(std::move(path)) {}
  void TestBody() override {
    const std::string content = ReadFile(path_);
    std::smatch m;
    static const std::regex kExpect(R"(# expect: (LY_E_[A-Z_]+)(?: (\d+:\d+))?)");
    ASSERT_TRUE(std::regex_search(content, m, kExpect)) << path_ << " lacks '# expect:'";
    EngineOptions options;
    options.use_default_pack = false;
    options.packs.push_back(PackSource{path_.filename().string(), content});
    std::unique_ptr<Engine> engine;
    std::string error;
    const ly_status status = Engine::Create(options, &engine, &error);
    EXPECT_EQ(std::string(StatusName(status)), m[1].str()) << error;
    EXPECT_EQ(engine, nullptr);
    if (m[2].matched) {
      EXPECT_NE(error.find(path_.filename().string() + ":" + m[2].str() + ":"), std::string::npos)
          << "expected position " << m[2].str() << " in: " << error;
    }
  }

 private:
  std::filesystem::path path_;
};

}  // namespace

const char* StatusName(ly_status status) {
  switch (status) {
    case LY_OK:
      return "LY_OK";
    case LY_E_PACK_SYNTAX:
      return "LY_E_PACK_SYNTAX";
    case LY_E_PACK_INVALID:
      return "LY_E_PACK_INVALID";
    case LY_E_PACK_VERSION:
      return "LY_E_PACK_VERSION";
    case LY_E_PATTERN:
      return "LY_E_PATTERN";
    case LY_E_LIMIT:
      return "LY_E_LIMIT";
    default:
      return "other";
  }
}

std::filesystem::path SourceDir() { return std::filesystem::path(LY_SOURCE_DIR); }

void RegisterAllPackExamples() {
  RegisterPackExamples("DefaultPackExamples", "", true);
  const auto packs = SourceDir() / "tests" / "data" / "packs";
  if (std::filesystem::exists(packs)) {
    for (const auto& entry : std::filesystem::directory_iterator(packs)) {
      if (entry.path().extension() != ".yaml") continue;
      RegisterPackExamples("Pack_" + SanitizeName(entry.path().stem().string()),
                           entry.path().string(), false);
    }
  }
  const auto broken = SourceDir() / "tests" / "data" / "broken";
  if (std::filesystem::exists(broken)) {
    for (const auto& entry : std::filesystem::directory_iterator(broken)) {
      if (entry.path().extension() != ".yaml") continue;
      const auto path = entry.path();
      ::testing::RegisterTest("BrokenPacks", SanitizeName(path.stem().string()).c_str(), nullptr,
                              nullptr, __FILE__, __LINE__,
                              [=]() -> ::testing::Test* { return new BrokenPackTest(path); });
    }
  }
}

}  // namespace liangyan::testing_support

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  liangyan::testing_support::RegisterAllPackExamples();
  liangyan::testing_support::RegisterGoldenCases();
  liangyan::testing_support::RegisterPoliteNegatives();
  liangyan::testing_support::RegisterRewriteProperties();
  return RUN_ALL_TESTS();
}
