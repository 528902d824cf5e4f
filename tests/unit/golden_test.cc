// tests/golden/cases.jsonl: {"text", "categories": [...], "not_categories": [...]} per line.
// The categories must be found, the not_categories must not.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "tests_common.h"

namespace liangyan::testing_support {
namespace {

// The golden file holds flat objects of strings and string arrays; this reads just that.
bool ParseCase(const std::string& line, std::string* text, std::set<std::string>* yes,
               std::set<std::string>* no) {
  static const std::regex kText(R"re("text"\s*:\s*"((?:[^"\\]|\\.)*)")re");
  std::smatch m;
  if (!std::regex_search(line, m, kText)) return false;
  std::string raw = m[1].str(), unescaped;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      const char c = raw[++i];
      unescaped += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      unescaped += raw[i];
    }
  }
  *text = unescaped;
  auto read_list = [&](const char* key, std::set<std::string>* out) {
    const std::regex list(std::string("\"") + key + R"re("\s*:\s*\[([^\]]*)\])re");
    std::smatch lm;
    if (!std::regex_search(line, lm, list)) return;
    static const std::regex item(R"re("([a-z_]+)")re");
    const std::string body = lm[1].str();
    for (auto it = std::sregex_iterator(body.begin(), body.end(), item);
         it != std::sregex_iterator(); ++it) {
      out->insert((*it)[1].str());
    }
  };
  read_list("categories", yes);
  read_list("not_categories", no);
  return true;
}

class GoldenTest : public ::testing::Test {
 public:
  GoldenTest(std::shared_ptr<Engine> engine, std::string line, int number)
      : engine_(std::move(engine)), line_(std::move(line)), number_(number) {}
  void TestBody() override {
    std::string text;
    std::set<std::string> yes, no;
    ASSERT_TRUE(ParseCase(line_, &text, &yes, &no)) << "cases.jsonl:" << number_ << " malformed";
    Result result;
    ASSERT_EQ(engine_->Check(text, {}, &result), LY_OK);
    std::set<std::string> found;
    for (const Finding& f : result.findings) found.insert(std::string(f.category));
    for (const std::string& c : yes) {
      EXPECT_TRUE(found.count(c)) << "cases.jsonl:" << number_ << ": expected " << c << " in "
                                  << text << "\n  " << Describe(result);
    }
    for (const std::string& c : no) {
      EXPECT_FALSE(found.count(c)) << "cases.jsonl:" << number_ << ": unexpected " << c << " in "
                                   << text << "\n  " << Describe(result);
    }
  }

 private:
  std::shared_ptr<Engine> engine_;
  std::string line_;
  int number_;
};

}  // namespace

void RegisterGoldenCases() {
  std::istringstream lines(ReadFile(SourceDir() / "tests" / "golden" / "cases.jsonl"));
  std::shared_ptr<Engine> engine = MakeEngine("", true);
  if (!engine) return;
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.find('{') == std::string::npos) continue;
    ::testing::RegisterTest(
        "Golden", ("line_" + std::to_string(number)).c_str(), nullptr, nullptr, __FILE__, number,
        [=]() -> ::testing::Test* { return new GoldenTest(engine, line, number); });
  }
}

}  // namespace liangyan::testing_support
