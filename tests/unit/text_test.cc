// Tests for the text stage: UTF-8, script folding, normalisation and legacy charsets.
#include <gtest/gtest.h>
#include <unicode/translit.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis.h"
#include "text/charset.h"
#include "text/normalized_text.h"
#include "text/script_fold.h"
#include "text/utf8.h"

namespace liangyan::text {
namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8

struct ValidityCase {
  const char* name;
  std::string bytes;
  bool valid;
  size_t error_offset;  // Only meaningful when !valid.
};

class Utf8ValidityTest : public testing::TestWithParam<ValidityCase> {};

TEST_P(Utf8ValidityTest, ReportsFirstIllFormedSequence) {
  const ValidityCase& c = GetParam();
  size_t offset = 12345;
  EXPECT_EQ(IsValidUtf8(c.bytes, &offset), c.valid);
  if (!c.valid) {
    EXPECT_EQ(offset, c.error_offset);
  }
  EXPECT_EQ(IsValidUtf8(c.bytes, nullptr), c.valid);  // A null offset is allowed.
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Utf8ValidityTest,
    testing::Values(ValidityCase{"Empty", "", true, 0},
                    ValidityCase{"Ascii", "hello, world", true, 0},
                    ValidityCase{"Chinese", "对不起，您不能退货。", true, 0},
                    ValidityCase{"TwoByte", "\xC2\x80\xDF\xBF", true, 0},
                    ValidityCase{"LastBeforeSurrogates", "\xED\x9F\xBF", true, 0},
                    ValidityCase{"FirstAfterSurrogates", "\xEE\x80\x80", true, 0},
                    ValidityCase{"FourByteEmoji", "\xF0\x9F\x98\x80", true, 0},
                    ValidityCase{"FourByteHanExtB", "\xF0\xA0\x80\x80", true, 0},
                    ValidityCase{"MaxScalar", "\xF4\x8F\xBF\xBF", true, 0},
                    ValidityCase{"LongAsciiThenHan", std::string(37, 'x') + "退货", true, 0},
                    ValidityCase{"OverlongTwoByte", "\xC0\xAF", false, 0},
                    ValidityCase{"OverlongC1", "ok\xC1\xBF", false, 2},
                    ValidityCase{"OverlongThreeByte", "a\xE0\x80\xAF", false, 1},
                    ValidityCase{"OverlongFourByte", "\xF0\x8F\xBF\xBF", false, 0},
                    ValidityCase{"HighSurrogate", "ab\xED\xA0\x80", false, 2},
                    ValidityCase{"LowSurrogate", "\xED\xBF\xBF", false, 0},
                    ValidityCase{"AboveMax", "\xF4\x90\x80\x80", false, 0},
                    ValidityCase{"LeadF5", "\xF5\x80\x80\x80", false, 0},
                    ValidityCase{"ByteFF", "退\xFF", false, 3},
                    ValidityCase{"StrayContinuation", "a\x80", false, 1},
                    ValidityCase{"TruncatedTwoByte", "\xC3", false, 0},
                    ValidityCase{"TruncatedThreeByte", "abc\xE4\xBD", false, 3},
                    ValidityCase{"TruncatedFourByte", "\xF0\x9F\x98", false, 0},
                    ValidityCase{"TruncatedThenAscii", "\xE4\xBDx", false, 0},
                    ValidityCase{"ErrorAfterFastPath", std::string(20, 'a') + "\x80", false, 20},
                    ValidityCase{"ErrorAfterHan", "您不能\xE4", false, 9}),
    [](const testing::TestParamInfo<ValidityCase>& info) { return info.param.name; });

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

std::string Fffd(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += kFffd;
  return s;
}

struct ReplaceCase {
  const char* name;
  std::string input;
  std::string expected;
  size_t replacements;
};

class Utf8ReplaceTest : public testing::TestWithParam<ReplaceCase> {};

TEST_P(Utf8ReplaceTest, OneReplacementPerMaximalSubpart) {
  const ReplaceCase& c = GetParam();
  std::string out = "stale contents";
  EXPECT_EQ(ReplaceInvalidUtf8(c.input, &out), c.replacements);
  EXPECT_EQ(out, c.expected);
  EXPECT_TRUE(IsValidUtf8(out, nullptr));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Utf8ReplaceTest,
    testing::Values(
        ReplaceCase{"Valid", "您好 OK", "您好 OK", 0}, ReplaceCase{"Empty", "", "", 0},
        // C0 can never start a sequence, so AF is a separate stray byte.
        ReplaceCase{"Overlong", "\xC0\xAF", Fffd(2), 2},
        // E0 80: 80 is outside E0's second-byte range, so E0 alone is the maximal subpart.
        ReplaceCase{"OverlongThreeByte", "\xE0\x80\xAF", Fffd(3), 3},
        ReplaceCase{"Surrogate", "\xED\xA0\x80", Fffd(3), 3},
        ReplaceCase{"AboveMax", "\xF4\x90\x80\x80", Fffd(4), 4},
        ReplaceCase{"Truncated", "退\xF0\x9F\x98", "退" + Fffd(1), 1},
        ReplaceCase{"TruncatedMidText", "\xE4\xBDx\xE8", Fffd(1) + "x" + Fffd(1), 2},
        // Unicode 15 Table 3-8 (the W3C/WHATWG practice).
        ReplaceCase{"UnicodeTable3_8", "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
                    "a" + Fffd(3) + "b" + Fffd(1) + "c" + Fffd(2) + "d", 6}),
    [](const testing::TestParamInfo<ReplaceCase>& info) { return info.param.name; });

TEST(Utf8Test, AppendDecodeAndCountRoundTrip) {
  const char32_t samples[] = {0x0,    0x41,   0x7F,   0x80,    0x7FF,   0x800,   0x4E00,  0xD7FF,
                              0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x20000, 0x1F600, 0x10FFFF};
  std::string text;
  for (const char32_t cp : samples) AppendUtf8(cp, &text);
  ASSERT_TRUE(IsValidUtf8(text, nullptr));
  EXPECT_EQ(CountCodePoints(text), std::size(samples));
  size_t pos = 0;
  for (const char32_t expected : samples) {
    char32_t cp = 0;
    pos += DecodeValid(text, pos, &cp);
    EXPECT_EQ(cp, expected);
  }
  EXPECT_EQ(pos, text.size());
  EXPECT_EQ(CountCodePoints("对不起 OK"), 6u);
  EXPECT_EQ(CountCodePoints(""), 0u);
}

// ICU implements the same maximal-subpart practice; random bytes biased towards UTF-8 lead
// and continuation bytes reach the corner cases far more often than uniform noise would.
TEST(Utf8Test, AgreesWithIcuOnRandomBytes) {
  std::mt19937 rng(20240611);
  const unsigned char interesting[] = {0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2,
                                       0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  for (int round = 0; round < 20000; ++round) {
    std::string bytes(rng() % 12, '\0');
    for (char& b : bytes) {
      b = static_cast<char>(rng() % 4 == 0 ? rng() % 256
                                           : interesting[rng() % std::size(interesting)]);
    }
    std::u16string utf16(bytes.size() + 1, u'\0');
    int32_t length = 0;
    int32_t icu_replacements = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8WithSub(utf16.data(), static_cast<int32_t>(utf16.size()), &length, bytes.data(),
                         static_cast<int32_t>(bytes.size()), 0xFFFD, &icu_replacements, &status);
    ASSERT_TRUE(U_SUCCESS(status));
    std::string icu_utf8;
    icu::UnicodeString(false, utf16.data(), length).toUTF8String(icu_utf8);

    std::string ours;
    ASSERT_EQ(ReplaceInvalidUtf8(bytes, &ours), static_cast<size_t>(icu_replacements));
    ASSERT_EQ(ours, icu_utf8);
    ASSERT_EQ(IsValidUtf8(bytes, nullptr), icu_replacements == 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Script folding

char32_t Cp(std::string_view utf8) {
  char32_t cp = 0;
  DecodeValid(utf8, 0, &cp);
  return cp;
}

struct PairCase {
  const char* traditional;
  const char* simplified;
};

class ScriptPairTest : public testing::TestWithParam<PairCase> {};

TEST_P(ScriptPairTest, FoldsBothWays) {
  const PairCase& c = GetParam();
  EXPECT_EQ(ToSimplified(Cp(c.traditional)), Cp(c.simplified)) << c.traditional;
  EXPECT_EQ(ToTraditional(Cp(c.simplified)), Cp(c.traditional)) << c.simplified;
  EXPECT_EQ(ToSimplified(Cp(c.simplified)), Cp(c.simplified)) << "already simplified";
}

INSTANTIATE_TEST_SUITE_P(Common, ScriptPairTest,
                         testing::Values(PairCase{"對", "对"}, PairCase{"貨", "货"},
                                         PairCase{"說", "说"}, PairCase{"麼", "么"},
                                         PairCase{"後", "后"}, PairCase{"們", "们"},
                                         PairCase{"這", "这"}, PairCase{"請", "请"}));

TEST(ScriptFoldTest, BothLiVariantsFoldToLi) {
  EXPECT_EQ(ToSimplified(U'裡'), U'里');
  EXPECT_EQ(ToSimplified(U'裏'), U'里');
  EXPECT_EQ(ToTraditional(U'里'), U'里');  // ICU keeps 里 (also a unit of length).
}

TEST(ScriptFoldTest, NonHanIsUnchanged) {
  for (const char32_t cp : {U'A', U'，', U'。', U'\u3000', U'\U0001F600', U'\U00020000'}) {
    EXPECT_EQ(ToSimplified(cp), cp);
    EXPECT_EQ(ToTraditional(cp), cp);
  }
}

// Normalisation copies a character as it is when FoldingMayChange says no: that must never
// hide a mapping, in either direction.
TEST(ScriptFoldTest, FoldingMayChangeCoversEveryMapping) {
  size_t unchanged = 0;
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    if (FoldingMayChange(cp)) continue;
    ++unchanged;
    EXPECT_EQ(ToSimplified(cp), cp) << std::hex << static_cast<uint32_t>(cp);
    EXPECT_EQ(ToTraditional(cp), cp) << std::hex << static_cast<uint32_t>(cp);
    EXPECT_FALSE(HasTraditionalForm(cp)) << std::hex << static_cast<uint32_t>(cp);
  }
  // Most characters are written alike in both scripts: the test is not vacuous.
  EXPECT_GT(unchanged, 50000u);
  EXPECT_TRUE(FoldingMayChange(U'們'));
  EXPECT_TRUE(FoldingMayChange(U'们'));
  EXPECT_FALSE(FoldingMayChange(U'您'));
}

// Queries in any order, forwards and backwards across the eight-byte steps, agree with
// counting the code points before each offset.
TEST(CodePointIndexTest, AgreesWithCountingInAnyOrder) {
  const std::string pieces[] = {"a", "您", "𠀀", "é", "，", " "};
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    std::vector<uint32_t> starts;  // byte offset of each code point, and the end
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) {
      starts.push_back(static_cast<uint32_t>(text.size()));
      text += pieces[random() % std::size(pieces)];
    }
    starts.push_back(static_cast<uint32_t>(text.size()));
    liangyan::CodePointIndex index(text);
    for (int query = 0; query < 30; ++query) {
      const size_t cp = random() % starts.size();
      ASSERT_EQ(index.At(starts[cp]), cp) << text << " at byte " << starts[cp];
    }
    EXPECT_EQ(index.At(static_cast<uint32_t>(text.size()) + 5), starts.size() - 1);
  }
}

TEST(ScriptFoldTest, TextConversionAppliesShenMeRule) {
  EXPECT_EQ(ToSimplifiedText("你說甚麼？"), "你说什么？");
  EXPECT_EQ(ToSimplifiedText("甚好"), "甚好");  // 甚 alone is not 什.
  EXPECT_EQ(ToSimplifiedText("對不起，您不能退貨。"), "对不起，您不能退货。");
  EXPECT_EQ(ToTraditionalText("你说什么？"), "你說甚麼？");
  EXPECT_EQ(ToTraditionalText("什锦"), "什錦");  // 什 alone stays.
  EXPECT_EQ(ToTraditionalText("对不起，您不能退货。"), "對不起，您不能退貨。");
  EXPECT_EQ(ToSimplifiedText(""), "");
  const std::string mixed = "OK 甚麼 😀 𠀀";
  EXPECT_EQ(CountCodePoints(ToSimplifiedText(mixed)), CountCodePoints(mixed));
  EXPECT_EQ(CountCodePoints(ToTraditionalText(mixed)), CountCodePoints(mixed));
}

// The look-up index is hand-built (bitmap + rank), so check every CJK code point against ICU's
// own single-character transliteration rather than trusting a handful of samples.
TEST(ScriptFoldTest, AgreesWithIcuOnEveryCjkCodePoint) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> to_s(
      icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
  std::unique_ptr<icu::Transliterator> to_t(
      icu::Transliterator::createInstance("Hans-Hant", UTRANS_FORWARD, status));
  ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  const std::pair<char32_t, char32_t> ranges[] = {
      {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x2FA1F}};
  size_t mismatches = 0;
  for (const auto& [first, last] : ranges) {
    for (char32_t cp = first; cp <= last; ++cp) {
      for (const bool simplify : {true, false}) {
        icu::UnicodeString s(static_cast<UChar32>(cp));
        (simplify ? to_s : to_t)->transliterate(s);
        const char32_t expected = s.countChar32() == 1 ? s.char32At(0) : cp;
        const char32_t actual = simplify ? ToSimplified(cp) : ToTraditional(cp);
        if (actual != expected && ++mismatches < 10) {
          ADD_FAILURE() << std::hex << "U+" << static_cast<uint32_t>(cp)
                        << (simplify ? " to simplified: " : " to traditional: ")
                        << static_cast<uint32_t>(actual) << " != ICU "
                        << static_cast<uint32_t>(expected);
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

struct DetectCase {
  const char* text;
  Script expected;
};

class DetectScriptTest : public testing::TestWithParam<DetectCase> {};

TEST_P(DetectScriptTest, Detects) {
  EXPECT_EQ(DetectScript(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DetectScriptTest,
    testing::Values(DetectCase{"對不起，您不能退貨。", Script::kTraditional},
                    DetectCase{"对不起，您不能退货。", Script::kSimplified},
                    DetectCase{"OK", Script::kNone}, DetectCase{"", Script::kNone},
                    DetectCase{"，。！123", Script::kNone},
                    // Han text without script-specific characters counts as Simplified.
                    DetectCase{"您好", Script::kSimplified},
                    DetectCase{"你說甚麼", Script::kTraditional},
                    // A tie goes to Simplified: 對 vs 货.
                    DetectCase{"對货", Script::kSimplified}));

// ---------------------------------------------------------------------------------------------
// Normalisation

// The original text that a folded span maps back to.
std::string Original(const NormalizedText& n, std::string_view original,
                     std::string_view folded_part, size_t nth = 0) {
  size_t at = n.folded.find(folded_part);
  for (size_t i = 0; i < nth && at != std::string::npos; ++i) {
    at = n.folded.find(folded_part, at + 1);
  }
  if (at == std::string::npos) return "<not found>";
  uint32_t begin = 0;
  uint32_t end = 0;
  n.MapSpan(static_cast<uint32_t>(at), static_cast<uint32_t>(at + folded_part.size()), &begin,
            &end);
  return std::string(original.substr(begin, end - begin));
}

// Invariants that every normalisation must satisfy, whatever the input.
void ExpectWellFormed(const NormalizedText& n, std::string_view original) {
  ASSERT_EQ(n.to_original.size(), n.folded.size() + 1);
  EXPECT_EQ(n.to_original.back(), original.size());
  EXPECT_TRUE(IsValidUtf8(n.folded, nullptr));
  for (size_t i = 1; i < n.folded.size(); ++i) {
    EXPECT_LE(n.to_original[i - 1], n.to_original[i]) << "offsets must not go backwards";
    if ((static_cast<unsigned char>(n.folded[i]) & 0xC0) == 0x80) {
      EXPECT_EQ(n.to_original[i], n.to_original[i - 1]) << "continuation byte " << i;
    }
  }
  EXPECT_EQ(n.script, DetectScript(original));
}

TEST(NormalizeTest, TraditionalFullWidthSentence) {
  const std::string original = "對不起，您不能退貨。";
  NormalizedText n;
  Normalize(original, &n);
  ExpectWellFormed(n, original);
  EXPECT_EQ(n.folded, "对不起,您不能退货。");
  EXPECT_EQ(Original(n, original, "不能"), "不能");
  EXPECT_EQ(Original(n, original, "退货"), "退貨");
  EXPECT_EQ(Original(n, original, ","), "，");
  EXPECT_EQ(Original(n, original, "起,您"), "起，您");
  EXPECT_EQ(Original(n, original, n.folded), original);
  EXPECT_EQ(n.script, Script::kTraditional);
  EXPECT_EQ(n.punctuation, PunctuationWidth::kFull);
}

TEST(NormalizeTest, DropsSpacesBetweenHan) {
  const std::string original = "您 不能  退货";
  NormalizedText n;
  Normalize(original, &n);
  ExpectWellFormed(n, original);
  EXPECT_EQ(n.folded, "您不能退货");
  // The dropped spaces belong to neither neighbour.
  EXPECT_EQ(Original(n, original, "不能"), "不能");
  EXPECT_EQ(Original(n, original, "您"), "您");
  EXPECT_EQ(Original(n, original, "退货"), "退货");
  EXPECT_EQ(Original(n, original, "能退"), "能  退");
  EXPECT_EQ(n.to_original[n.folded.find("不")], original.find("不"));
  EXPECT_EQ(n.to_original[n.folded.find("退")], original.find("退"));
}

TEST(NormalizeTest, DropsIdeographicSpacesBetweenTraditionalHan) {
  const std::string original = "您\u3000不能 \u3000退貨";
  NormalizedText n;
  Normalize(original, &n);
  ExpectWellFormed(n, original);
  EXPECT_EQ(n.folded, "您不能退货");
  EXPECT_EQ(Original(n, original, "退货"), "退貨");
  EXPECT_EQ(Original(n, original, "不能"), "不能");
}

struct SpaceCase {
  std::string original;
  std::string folded;
};

class KeptSpacesTest : public testing::TestWithParam<SpaceCase> {};

TEST_P(KeptSpacesTest, KeepsSpacesNotBetweenTwoHan) {
  NormalizedText n;
  Normalize(GetParam().original, &n);
  ExpectWellFormed(n, GetParam().original);
  EXPECT_EQ(n.folded, GetParam().folded);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, KeptSpacesTest,
    testing::Values(SpaceCase{"订单 OK", "订单 ok"}, SpaceCase{"OK 订单", "ok 订单"},
                    SpaceCase{" 您好 ", " 您好 "}, SpaceCase{"您好，\u3000请", "您好, 请"},
                    SpaceCase{"a\u3000 b", "a  b"}, SpaceCase{"您 123 好", "您 123 好"},
                    SpaceCase{"\u3000", " "}, SpaceCase{"", ""}));

TEST(NormalizeTest, FullWidthAsciiAndCase) {
  const std::string original = "１２３ＡＢＣ";
  NormalizedText n;
  Normalize(original, &n);
  ExpectWellFormed(n, original);
  EXPECT_EQ(n.folded, "123abc");
  for (size_t i = 0; i < n.folded.size(); ++i) EXPECT_EQ(n.to_original[i], 3 * i);
  EXPECT_EQ(Original(n, original, "abc"), "ＡＢＣ");
  EXPECT_EQ(n.script, Script::kNone);

  Normalize("ＯＫ，（好的）：ＭｉＸ～ Hello!", &n);
  EXPECT_EQ(n.folded, "ok,(好的):mix~ hello!");
}

TEST(NormalizeTest, KeepsOtherPunctuation) {
  const std::string original = "【提示】“您好”、请稍等…《说明》";
  NormalizedText n;
  Normalize(original, &n);
  ExpectWellFormed(n, original);
  EXPECT_EQ(n.folded, original);
}

TEST(NormalizeTest, ShenMeBecomesShiMe) {
  const std::string original = "您說甚麼？甚好";
  NormalizedText n;
  Normalize(original, &n);
  ExpectWellFormed(n, original);
  EXPECT_EQ(n.folded, "您说什么?甚好");
  EXPECT_EQ(Original(n, original, "什么"), "甚麼");
}

TEST(NormalizeTest, SupplementaryHan) {
  const std::string original = "𠀀 好😀";
  NormalizedText n;
  Normalize(original, &n);
  ExpectWellFormed(n, original);
  EXPECT_EQ(n.folded, "𠀀好😀");
  EXPECT_EQ(Original(n, original, "𠀀"), "𠀀");
  EXPECT_EQ(Original(n, original, "好😀"), "好😀");
}

TEST(NormalizeTest, MapSpanEdges) {
  const std::string original = "您 不能";
  NormalizedText n;
  uint32_t begin = 7;
  uint32_t end = 7;
  n.MapSpan(0, 3, &begin, &end);  // Not normalised yet.
  EXPECT_EQ(begin, 0u);
  EXPECT_EQ(end, 0u);
  Normalize(original, &n);
  n.MapSpan(3, 3, &begin, &end);  // Empty span.
  EXPECT_EQ(begin, 4u);
  EXPECT_EQ(end, 4u);
  n.MapSpan(4, 5, &begin, &end);  // Inside 不: widened to the whole character.
  EXPECT_EQ(begin, 4u);
  EXPECT_EQ(end, 7u);
  n.MapSpan(0, 1000, &begin, &end);  // Clamped.
  EXPECT_EQ(begin, 0u);
  EXPECT_EQ(end, original.size());
}

struct PunctuationCase {
  const char* text;
  PunctuationWidth expected;
};

class PunctuationTest : public testing::TestWithParam<PunctuationCase> {};

TEST_P(PunctuationTest, DetectsWidth) {
  NormalizedText n;
  Normalize(GetParam().text, &n);
  EXPECT_EQ(n.punctuation, GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PunctuationTest,
    testing::Values(PunctuationCase{"好的,谢谢!", PunctuationWidth::kHalf},
                    PunctuationCase{"好的，谢谢！", PunctuationWidth::kFull},
                    PunctuationCase{"您好;请问:可以吗?", PunctuationWidth::kHalf},
                    PunctuationCase{"好的,谢谢！", PunctuationWidth::kFull},  // Tie.
                    PunctuationCase{"好的。", PunctuationWidth::kFull},       // None at all.
                    PunctuationCase{"好的,谢谢!请问？", PunctuationWidth::kHalf}));

TEST(NormalizeTest, ReusesBuffers) {
  NormalizedText n;
  Normalize("對不起，您不能退貨。這個訂單已經超過了七天，所以不能退。", &n);
  const char* folded_data = n.folded.data();
  const uint32_t* map_data = n.to_original.data();
  const std::string shorter = "您 好";
  Normalize(shorter, &n);
  ExpectWellFormed(n, shorter);
  EXPECT_EQ(n.folded, "您好");
  EXPECT_EQ(n.folded.data(), folded_data);
  EXPECT_EQ(n.to_original.data(), map_data);
  EXPECT_EQ(n.script, Script::kSimplified);  // Overwritten, not left from the first call.
}

// Random mixes of the characters every rule above touches.  Each folded character must map
// back to exactly the original character it came from: normalising that original slice on its
// own gives the same folded character (甚, folded by context, is the one exception).
TEST(NormalizeTest, RandomMixesMapEachCharacterBack) {
  const char* pieces[] = {"對", "对", " ",  "\u3000", "，", ",",  "Ａ", "A",
                          "甚", "麼", "么", "𠀀",     "😀",  "。", "x",  "１"};
  std::mt19937 rng(7);
  NormalizedText n;
  NormalizedText piece;
  for (int round = 0; round < 5000; ++round) {
    std::string original;
    for (int i = static_cast<int>(rng() % 10); i > 0; --i)
      original += pieces[rng() % std::size(pieces)];
    Normalize(original, &n);
    ExpectWellFormed(n, original);
    if (testing::Test::HasFailure()) return;
    size_t pos = 0;
    while (pos < n.folded.size()) {
      char32_t cp;
      const size_t length = DecodeValid(n.folded, pos, &cp);
      uint32_t begin = 0;
      uint32_t end = 0;
      n.MapSpan(static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + length), &begin, &end);
      const std::string_view slice = std::string_view(original).substr(begin, end - begin);
      Normalize(slice, &piece);
      if (cp != U'什') {
        ASSERT_EQ(piece.folded, n.folded.substr(pos, length))
            << "original \"" << original << "\" slice \"" << slice << "\"";
      }
      pos += length;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Legacy charsets

// Encodes UTF-8 text with ICU, also returning where each character starts in the result.
std::string Encode(const char* charset, std::string_view utf8, std::vector<uint32_t>* starts) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(charset, &status);
  EXPECT_TRUE(U_SUCCESS(status)) << charset;
  std::string encoded;
  size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t cp;
    const size_t length = DecodeValid(utf8, pos, &cp);
    const icu::UnicodeString one(static_cast<UChar32>(cp));
    char buffer[16];
    status = U_ZERO_ERROR;
    const int32_t n =
        ucnv_fromUChars(converter, buffer, sizeof buffer, one.getBuffer(), one.length(), &status);
    EXPECT_TRUE(U_SUCCESS(status)) << "cannot encode U+" << std::hex << static_cast<int>(cp);
    for (size_t i = 0; i < length; ++i) starts->push_back(static_cast<uint32_t>(encoded.size()));
    encoded.append(buffer, static_cast<size_t>(n));
    pos += length;
  }
  starts->push_back(static_cast<uint32_t>(encoded.size()));
  ucnv_close(converter);
  return encoded;
}

struct RoundTripCase {
  const char* charset;      // As the caller would spell it.
  const char* icu_charset;  // For encoding the test input.
  const char* text;
};

class CharsetRoundTripTest : public testing::TestWithParam<RoundTripCase> {};

TEST_P(CharsetRoundTripTest, DecodesWithByteMap) {
  const RoundTripCase& c = GetParam();
  std::vector<uint32_t> expected_map;
  const std::string bytes = Encode(c.icu_charset, c.text, &expected_map);
  DecodedText decoded;
  size_t error_offset = 0;
  ASSERT_EQ(DecodeCharset(c.charset, bytes, &decoded, &error_offset), DecodeStatus::kOk)
      << c.charset << " error at " << error_offset;
  EXPECT_EQ(decoded.utf8, c.text);
  EXPECT_EQ(decoded.byte_map, expected_map);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CharsetRoundTripTest,
    testing::Values(RoundTripCase{"GBK", "GBK", "对不起，您不能退货。OK 123"},
                    RoundTripCase{"gbk", "GBK", "您好"},
                    RoundTripCase{"Big5", "Big5", "對不起，您不能退貨。OK 123"},
                    RoundTripCase{"BIG5", "Big5", "請稍等"},
                    RoundTripCase{"GB18030", "GB18030", "对不起€𠀀😀 a"},
                    RoundTripCase{"UTF-8", "UTF-8", "对不起 😀 a"},
                    RoundTripCase{"utf-8", "UTF-8", ""}, RoundTripCase{"GBK", "GBK", ""}));

TEST(CharsetTest, UnknownNames) {
  DecodedText decoded;
  for (const char* name :
       {"", "latin1", "UTF8", "windows-936", "cp950", "GB2312", "Big5-HKSCS", "ibm-1386", "gbk "}) {
    EXPECT_EQ(DecodeCharset(name, "abc", &decoded, nullptr), DecodeStatus::kUnknownCharset) << name;
  }
}

struct UndecodableCase {
  const char* name;
  const char* charset;
  std::string bytes;
  size_t error_offset;
};

class CharsetUndecodableTest : public testing::TestWithParam<UndecodableCase> {};

TEST_P(CharsetUndecodableTest, ReportsOffsetOfFirstBadByte) {
  const UndecodableCase& c = GetParam();
  DecodedText decoded;
  size_t error_offset = 999;
  EXPECT_EQ(DecodeCharset(c.charset, c.bytes, &decoded, &error_offset), DecodeStatus::kUndecodable);
  EXPECT_EQ(error_offset, c.error_offset);
  EXPECT_TRUE(decoded.utf8.empty());
  EXPECT_TRUE(decoded.byte_map.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CharsetUndecodableTest,
    testing::Values(
        // "ab你" then a GBK lead byte followed by a byte that cannot trail it.
        UndecodableCase{"GbkBadTrail", "GBK", "ab\xC4\xE3\x81\x20", 4},
        // (0x80 and 0xFF are not errors: code page 936 maps them to € and a private-use char.)
        UndecodableCase{"GbkBadTrailMidText", "GBK", "\xC4\xE3\x81\x7F\xC4\xE3", 2},
        UndecodableCase{"GbkTruncated", "GBK", "ok\xC4", 2},
        UndecodableCase{"Gb18030Truncated", "GB18030", "\x81\x30\x81", 0},
        UndecodableCase{"Big5BadTrail", "Big5", "\xA7\x41\xA4\x0A", 2},
        UndecodableCase{"Utf8Overlong", "UTF-8", "ok\xC0\xAF", 2}),
    [](const testing::TestParamInfo<UndecodableCase>& info) { return info.param.name; });

}  // namespace
}  // namespace liangyan::text
