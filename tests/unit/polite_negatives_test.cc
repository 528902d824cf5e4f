// Every line of tests/golden/polite_negatives.txt contains a negation word in a polite or
// reassuring phrase (不好意思, 没问题, 不会影响…): none may be flagged as negative language.
#include <gtest/gtest.h>

#include <sstream>

#include "tests_common.h"

namespace liangyan::testing_support {
namespace {

class PoliteNegativeTest : public ::testing::Test {
 public:
  PoliteNegativeTest(std::shared_ptr<Engine> engine, std::string text, int line)
      : engine_(std::move(engine)), text_(std::move(text)), line_(line) {}
  void TestBody() override {
    Result result;
    ASSERT_EQ(engine_->Check(text_, {}, &result), LY_OK);
    for (const Finding& f : result.findings) {
      EXPECT_NE(f.category, "negative")
          << "polite_negatives.txt:" << line_ << ": " << text_ << "\n  " << Describe(result);
    }
  }

 private:
  std::shared_ptr<Engine> engine_;
  std::string text_;
  int line_;
};

}  // namespace

void RegisterPoliteNegatives() {
  const auto path = SourceDir() / "tests" / "golden" / "polite_negatives.txt";
  std::istringstream lines(ReadFile(path));
  std::shared_ptr<Engine> engine = MakeEngine("", true);
  if (!engine) return;
  std::string line;
  int number = 0, registered = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    ++registered;
    ::testing::RegisterTest(
        "PoliteNegatives", ("line_" + std::to_string(number)).c_str(), nullptr, nullptr, __FILE__,
        number, [=]() -> ::testing::Test* { return new PoliteNegativeTest(engine, line, number); });
  }
  // The list is a promise to users ("at least 40"); a truncated file must fail loudly.
  ::testing::RegisterTest("PoliteNegatives", "list_has_at_least_40", nullptr, nullptr, __FILE__,
                          __LINE__, [=]() -> ::testing::Test* {
                            struct CountTest : ::testing::Test {
                              explicit CountTest(int n) : n(n) {}
                              void TestBody() override { EXPECT_GE(n, 40); }
                              int n;
                            };
                            return new CountTest(registered);
                          });
}

}  // namespace liangyan::testing_support
