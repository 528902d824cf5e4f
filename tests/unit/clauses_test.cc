// The clause parser: where sentences and clauses break, and which sentences ask.
#include "parse/clauses.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/normalized_text.h"

namespace liangyan::parse {
namespace {

struct QuestionCase {
  const char* text;
  std::vector<bool> questions;  // per sentence
};

class QuestionTest : public testing::TestWithParam<QuestionCase> {};

TEST_P(QuestionTest, AsksWhereTheWordsOrTheMarkAsk) {
  const QuestionCase& c = GetParam();
  text::NormalizedText normalized;
  text::Normalize(c.text, &normalized);
  Structure structure;
  Analyze(normalized, &structure);
  ASSERT_EQ(structure.sentences.size(), c.questions.size()) << c.text;
  // Asked twice, in reverse order: the answer is computed once and kept.
  for (int round = 0; round < 2; ++round) {
    for (size_t s = structure.sentences.size(); s-- > 0;) {
      EXPECT_EQ(structure.IsQuestion(normalized.folded, static_cast<uint32_t>(s)), c.questions[s])
          << c.text << " sentence " << s << " round " << round;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Sentences, QuestionTest,
    testing::Values(QuestionCase{"您需要什么颜色", {true}},
                    QuestionCase{"没什么问题了请您放心。请稍等", {false, false}},
                    QuestionCase{"好的？我帮您查一下。", {true, false}},
                    QuestionCase{"您看可以吗亲", {true}},
                    QuestionCase{"吗字在很前面的一个很长的句子里面", {false}},
                    QuestionCase{"质量不怎么样的我们不卖。能不能换一个", {false, true}},
                    QuestionCase{"請問您還有什麼需要", {true}}, QuestionCase{"。。。", {false}},
                    QuestionCase{"", {false}}));

}  // namespace
}  // namespace liangyan::parse
