// Tests of the rule-condition parser: trees for valid conditions, positioned errors for invalid
// ones, and the depth limits that keep hostile input from exhausting the stack.
#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <thread>
#include <vector>

#include "rules/condition_ast.h"

namespace liangyan::rules {
namespace {

using Kind = ConditionNode::Kind;

constexpr int kDefaultDepth = 32;

// Renders a tree as a compact S-expression so that expected trees fit in a table row, e.g.
// (and (lex you) (then3 (lex you) (phrase 不能))).  With `offsets`, every node is suffixed with
// @offset so positions can be checked the same way.
std::string ToSexp(const ConditionNode& node, bool offsets = false) {
  std::string head;
  switch (node.kind) {
    case Kind::kPhrase:
      head = "phrase";
      break;
    case Kind::kLexicon:
      head = "lex";
      break;
    case Kind::kRegex:
      head = "re";
      break;
    case Kind::kFlag:
      head = "flag";
      break;
    case Kind::kCall:
      head = "call";
      break;
    case Kind::kNot:
      head = "not";
      break;
    case Kind::kAnd:
      head = "and";
      break;
    case Kind::kOr:
      head = "or";
      break;
    case Kind::kThen:
      head = "then" + std::to_string(node.distance);
      break;
    case Kind::kNear:
      head = "near" + std::to_string(node.distance);
      break;
    case Kind::kBefore:
      head = "before";
      break;
    case Kind::kAfter:
      head = "after";
      break;
    case Kind::kNotAfter:
      head = "not_after" + std::to_string(node.distance);
      break;
    case Kind::kNotBefore:
      head = "not_before" + std::to_string(node.distance);
      break;
  }
  std::string out = "(" + head;
  if (offsets) out += "@" + std::to_string(node.offset);
  if (!node.text.empty()) out += " " + node.text;
  for (const ConditionNode& child : node.children) out += " " + ToSexp(child, offsets);
  return out + ")";
}

// Parses and renders, or returns the error so a failing table row shows what went wrong.
std::string ParseToSexp(std::string_view source, bool offsets = false,
                        int max_depth = kDefaultDepth) {
  ConditionNode node;
  ConditionError error;
  if (!ParseCondition(source, max_depth, &node, &error)) {
    return "error@" + std::to_string(error.offset) + ": " + error.message;
  }
  return ToSexp(node, offsets);
}

struct ValidCase {
  const char* source;
  const char* tree;
};

const ValidCase kValidCases[] = {
    // Primaries.
    {R"("不能")", "(phrase 不能)"},
    {"@refusal_verbs", "(lex refusal_verbs)"},
    {R"(re"不.{0,2}能")", "(re 不.{0,2}能)"},
    {"question", "(flag question)"},
    {"_x9", "(flag _x9)"},
    {"clause_start(@x)", "(call clause_start (lex x))"},
    {"clause_start ( @x )", "(call clause_start (lex x))"},
    {"in_question(@a or \"b\")", "(call in_question (or (lex a) (phrase b)))"},
    {"sentence_start(in_question(@a))", "(call sentence_start (call in_question (lex a)))"},
    {"(@a)", "(lex a)"},
    {"((((@a))))", "(lex a)"},
    // Every operator and its spellings.
    {"not @a", "(not (lex a))"},
    {"not not @a", "(not (not (lex a)))"},
    {"not(@a)", "(not (lex a))"},
    {"@a and @b", "(and (lex a) (lex b))"},
    {"@a & @b", "(and (lex a) (lex b))"},
    {"@a or @b", "(or (lex a) (lex b))"},
    {"@a | @b", "(or (lex a) (lex b))"},
    {"@a then @b", "(then0 (lex a) (lex b))"},
    {"@a then(3) @b", "(then3 (lex a) (lex b))"},
    {"@a then (3) @b", "(then3 (lex a) (lex b))"},
    {"@a then( 3 )@b", "(then3 (lex a) (lex b))"},
    {"@a then(0) @b", "(then0 (lex a) (lex b))"},
    {"@a then (@b)", "(then0 (lex a) (lex b))"},
    {"@a then (@b or @c)", "(then0 (lex a) (or (lex b) (lex c)))"},
    {"@a near(5) @b", "(near5 (lex a) (lex b))"},
    {"@a near (12) @b", "(near12 (lex a) (lex b))"},
    {"@a before @b", "(before (lex a) (lex b))"},
    {"@a after @b", "(after (lex a) (lex b))"},
    {"@a not_after(3) @b", "(not_after3 (lex a) (lex b))"},
    {"@a not_before (2) @b or @c", "(or (not_before2 (lex a) (lex b)) (lex c))"},
    {"not_afterward", "(flag not_afterward)"},
    // Operators need no spaces around punctuation.
    {"@a&@b|@c", "(or (and (lex a) (lex b)) (lex c))"},
    {"(@a)and(@b)", "(and (lex a) (lex b))"},
    {"\"a\"then(1)\"b\"", "(then1 (phrase a) (phrase b))"},
    // Precedence: not > sequence operators > and > or.
    {"@you and @you then(3) \"不能\"", "(and (lex you) (then3 (lex you) (phrase 不能)))"},
    {"@a or @b and @c", "(or (lex a) (and (lex b) (lex c)))"},
    {"@a and @b or @c", "(or (and (lex a) (lex b)) (lex c))"},
    {"@a then @b and @c", "(and (then0 (lex a) (lex b)) (lex c))"},
    {"@a and @b near(2) @c", "(and (lex a) (near2 (lex b) (lex c)))"},
    {"not @a then @b", "(then0 (not (lex a)) (lex b))"},
    {"@a then not @b", "(then0 (lex a) (not (lex b)))"},
    {"not @a and not @b", "(and (not (lex a)) (not (lex b)))"},
    {"not @a or @b", "(or (not (lex a)) (lex b))"},
    {"not (@a or @b)", "(not (or (lex a) (lex b)))"},
    {"(@a or @b) and @c", "(and (or (lex a) (lex b)) (lex c))"},
    {"@a or @b before @c and question",
     "(or (lex a) (and (before (lex b) (lex c)) (flag question)))"},
    // Left associativity.
    {"@a or @b or @c", "(or (or (lex a) (lex b)) (lex c))"},
    {"@a and @b and @c", "(and (and (lex a) (lex b)) (lex c))"},
    {"@a then @b then(2) @c", "(then2 (then0 (lex a) (lex b)) (lex c))"},
    {"@a near(1) @b before @c after @d",
     "(after (before (near1 (lex a) (lex b)) (lex c)) (lex d))"},
    {"@a or (@b or @c)", "(or (lex a) (or (lex b) (lex c)))"},
    // Keywords are whole words; longer words that start with one are identifiers.
    {"notice", "(flag notice)"},
    {"not notice", "(not (flag notice))"},
    {"android and order", "(and (flag android) (flag order))"},
    {"oracle or orange", "(or (flag oracle) (flag orange))"},
    {"thenable then nearby", "(then0 (flag thenable) (flag nearby))"},
    {"beforehand before afterwards", "(before (flag beforehand) (flag afterwards))"},
    {"reason", "(flag reason)"},
    {"re_x(@a)", "(call re_x (lex a))"},
    {"andy(@x)", "(call andy (lex x))"},
    {"@notes and @order", "(and (lex notes) (lex order))"},
    {"not_(@x)", "(call not_ (lex x))"},
    {"NOT", "(flag NOT)"},  // keywords are case-sensitive
    // Comments and whitespace.
    {"@a # first\n and @b", "(and (lex a) (lex b))"},
    {"# leading comment\n@a", "(lex a)"},
    {"@a # trailing comment without newline", "(lex a)"},
    {"@a #\n#\n or #x\n @b", "(or (lex a) (lex b))"},
    {"@a then # the distance comes next\n (2) @b", "(then2 (lex a) (lex b))"},
    {"\"a#b\"", "(phrase a#b)"},
    {"re\"a#b\"", "(re a#b)"},
    {" \t\r\n@a\n\tand\r\n  @b \n", "(and (lex a) (lex b))"},
    // Chinese text, spaces inside phrases.
    {"\"您好\" then(2) \"不能\"", "(then2 (phrase 您好) (phrase 不能))"},
    {"\"请 稍等\"", "(phrase 请 稍等)"},
    {"\"不 能\"", "(phrase 不 能)"},
    // Phrase escapes (JSON's).
    {R"("a\"b")", "(phrase a\"b)"},
    {R"("a\\b")", "(phrase a\\b)"},
    {R"("a\nb")", "(phrase a\nb)"},
    {R"("\t")", "(phrase \t)"},
    {R"("\/\b\f\r")", "(phrase /\b\f\r)"},
    {R"("\u4e0d")", "(phrase 不)"},
    {R"("\u4E0D能")", "(phrase 不能)"},
    {R"("\u00e9")", "(phrase é)"},
    {R"("\u0041")", "(phrase A)"},
    {R"("\uD83D\uDE00")", "(phrase 😀)"},
    {R"("\"")", "(phrase \")"},
    // Regexes keep RE2's escapes; only \" and \\ are unescaped.
    {R"(re"\d+")", "(re \\d+)"},
    {R"(re"不\s*能")", "(re 不\\s*能)"},
    {R"(re"a\"b")", "(re a\"b)"},
    {R"(re"\\d")", "(re \\d)"},
    {R"(re"a\\\\b")", "(re a\\\\b)"},
    {R"(re"\x{4e0d}")", "(re \\x{4e0d})"},
    {R"(re"\(")", "(re \\()"},
};

TEST(ConditionParserTest, ValidConditions) {
  for (const ValidCase& c : kValidCases) {
    EXPECT_EQ(ParseToSexp(c.source), c.tree) << "source: " << c.source;
  }
}

const ValidCase kOffsetCases[] = {
    {"@a", "(lex@0 a)"},
    {"  \"不能\"", "(phrase@2 不能)"},
    // A binary node starts where its left operand starts.
    {"@a and @b", "(and@0 (lex@0 a) (lex@7 b))"},
    {"@you and @you then(3) \"不能\"",
     "(and@0 (lex@0 you) (then3@9 (lex@9 you) (phrase@22 不能)))"},
    // Parentheses produce no node, so the node inside keeps its own first token.
    {"( @a ) or @b", "(or@2 (lex@2 a) (lex@10 b))"},
    {"not @a", "(not@0 (lex@4 a))"},
    {"# c\nclause_start(re\"x\")", "(call@4 clause_start (re@17 x))"},
    {"\"中文\" near(1) question", "(near1@0 (phrase@0 中文) (flag@17 question))"},
};

TEST(ConditionParserTest, NodeOffsets) {
  for (const ValidCase& c : kOffsetCases) {
    EXPECT_EQ(ParseToSexp(c.source, /*offsets=*/true), c.tree) << "source: " << c.source;
  }
}

struct InvalidCase {
  std::string source;
  uint32_t offset;
  const char* message;  // a substring of the expected message
};

const InvalidCase kInvalidCases[] = {
    {"", 0, "expected condition"},
    {"   # only a comment", 19, "expected condition"},
    // Unclosed strings: the error is where the closing quote was due.
    {"\"abc", 4, "expected '\"' to close phrase"},
    {"@a and \"abc", 11, "expected '\"' to close phrase"},
    {"\"abc\n\" or @b", 4, "expected '\"' to close phrase"},
    {"re\"abc", 6, "expected '\"' to close regex"},
    {"re\"a\\", 5, "expected character after '\\'"},
    // Parentheses.
    {"(@a", 3, "expected ')'"},
    {"(@a @b)", 4, "expected ')'"},
    {"((@a)", 5, "expected ')'"},
    {"clause_start(@a", 15, "expected ')'"},
    {"clause_start(", 13, "expected condition"},
    {"()", 1, "expected condition"},
    // Distances.
    {"@a then( @b", 9, "expected distance"},
    {"@a then() @b", 8, "expected distance"},
    {"@a then(x) @b", 8, "expected distance"},
    {"@a then(-1) @b", 8, "expected distance"},
    {"@a then(99999999999) @b", 8, "expected distance"},
    {"@a then(3 @b", 10, "expected ')'"},
    {"@a near @b", 8, "expected '(' after near"},
    {"@a near", 7, "expected '(' after near"},
    {"@a near() @b", 8, "expected distance"},
    {"@a near(2 @b", 10, "expected ')'"},
    // Missing operands.
    {"@a and", 6, "expected condition"},
    {"@a and   ", 9, "expected condition"},
    {"@a or or @b", 6, "expected condition"},
    {"@a &", 4, "expected condition"},
    {"@a then", 7, "expected condition"},
    {"@a before # nothing\n", 20, "expected condition"},
    {"not", 3, "expected condition"},
    {"and @a", 0, "expected condition"},
    {"| @a", 0, "expected condition"},
    {"@a && @b", 4, "expected condition"},
    {"re \"x\"", 0, "expected condition"},  // re must touch its quote
    {"then", 0, "expected condition"},
    // Empty patterns.
    {"\"\"", 0, "expected non-empty phrase"},
    {"@a and \"\"", 7, "expected non-empty phrase"},
    {"re\"\"", 0, "expected non-empty regex"},
    // Trailing input.
    {"@a @b", 3, "unexpected trailing input"},
    {"@a )", 3, "unexpected trailing input"},
    {"\"a\" x", 4, "unexpected trailing input"},
    {"@a AND @b", 3, "unexpected trailing input"},
    {"@a ; @b", 3, "unexpected trailing input"},
    {"不能", 0, "expected condition"},
    // Lexicon references.
    {"@", 1, "expected lexicon name after '@'"},
    {"@a and @", 8, "expected lexicon name after '@'"},
    {"@ a", 1, "expected lexicon name after '@'"},
    {"@1a", 1, "expected lexicon name after '@'"},
    {"@not", 1, "expected lexicon name after '@'"},
    // Escapes.
    {"\"\\x\"", 2, "expected escape sequence after '\\'"},
    {"\"ab\\", 4, "expected escape sequence after '\\'"},
    {"\"\\u12\"", 3, "expected 4 hex digits"},
    {"\"\\u12G4\"", 3, "expected 4 hex digits"},
    {"\"\\uDE00\"", 3, "expected 4 hex digits"},  // a lone low surrogate
    {"\"\\uD83D\"", 7, "expected '\\u' and a low surrogate"},
    {"\"\\uD83D\\u0041\"", 7, "expected '\\u' and a low surrogate"},
};

TEST(ConditionParserTest, InvalidConditions) {
  for (const InvalidCase& c : kInvalidCases) {
    ConditionNode node;
    ConditionError error;
    EXPECT_FALSE(ParseCondition(c.source, kDefaultDepth, &node, &error))
        << "source: " << c.source << " parsed as " << ToSexp(node);
    EXPECT_EQ(error.offset, c.offset) << "source: " << c.source << " message: " << error.message;
    EXPECT_NE(error.message.find(c.message), std::string::npos)
        << "source: " << c.source << " message: " << error.message;
  }
}

std::string Repeat(std::string_view piece, int count) {
  std::string out;
  out.reserve(piece.size() * count);
  for (int i = 0; i < count; ++i) out += piece;
  return out;
}

// `count` levels of `open ... close` around @a.
std::string Nest(std::string_view open, std::string_view close, int count) {
  return Repeat(open, count) + "@a" + Repeat(close, count);
}

TEST(ConditionParserTest, DepthExactlyAtLimitIsAccepted) {
  EXPECT_EQ(ParseToSexp(Nest("(", ")", kDefaultDepth)), "(lex a)");
  EXPECT_EQ(ParseToSexp(Nest("not ", "", 3), false, 3), "(not (not (not (lex a))))");
  EXPECT_EQ(ParseToSexp(Nest("f(", ")", 2), false, 2), "(call f (call f (lex a)))");
  // not, '(' and calls all count towards the same limit.
  EXPECT_EQ(ParseToSexp("not (f(@a))", false, 3), "(not (call f (lex a)))");
  // Sibling groups do not add up.
  EXPECT_EQ(ParseToSexp("(@a) and (@b) and not @c", false, 1),
            "(and (and (lex a) (lex b)) (not (lex c)))");
  // A flag at the limit is fine even though the call alternative is tried first.
  EXPECT_EQ(ParseToSexp("(question)", false, 1), "(flag question)");
  // Without nesting, depth 0 still parses everything else.
  EXPECT_EQ(ParseToSexp("@a then(2) \"b\" or question", false, 0),
            "(or (then2 (lex a) (phrase b)) (flag question))");
}

TEST(ConditionParserTest, DepthOverLimitIsAnErrorAtTheOpeningToken) {
  EXPECT_EQ(ParseToSexp(Nest("(", ")", kDefaultDepth + 1)), "error@32: nesting deeper than 32");
  EXPECT_EQ(ParseToSexp("not not not not @a", false, 3), "error@12: nesting deeper than 3");
  EXPECT_EQ(ParseToSexp("f(g(h(@a)))", false, 2), "error@4: nesting deeper than 2");
  EXPECT_EQ(ParseToSexp("not (f(@a))", false, 2), "error@5: nesting deeper than 2");
  EXPECT_EQ(ParseToSexp("(@a)", false, 0), "error@0: nesting deeper than 0");
  EXPECT_EQ(ParseToSexp("(@a)", false, -5), "error@0: nesting deeper than 0");
}

TEST(ConditionParserTest, HostileNestingNeverOverflowsTheStack) {
  constexpr int kHuge = 100000;
  EXPECT_EQ(ParseToSexp(Repeat("(", kHuge)), "error@32: nesting deeper than 32");
  EXPECT_EQ(ParseToSexp(Nest("(", ")", kHuge)), "error@32: nesting deeper than 32");
  EXPECT_EQ(ParseToSexp(Nest("not ", "", kHuge)), "error@128: nesting deeper than 32");
  EXPECT_EQ(ParseToSexp(Nest("f(", ")", kHuge)), "error@64: nesting deeper than 32");
  // Three levels per repetition (not, the group, the call): the 33rd is the call in the 11th.
  EXPECT_EQ(ParseToSexp(Nest("not(f(", "))", kHuge)), "error@64: nesting deeper than 32");
  // A caller's limit beyond what the parser supports is capped instead of trusted.
  const std::string result = ParseToSexp(Repeat("(", kHuge), false, INT_MAX);
  EXPECT_EQ(result.rfind("error@", 0), 0u) << result;
  EXPECT_NE(result.find("nesting deeper than"), std::string::npos) << result;
}

TEST(ConditionParserTest, LongOperatorChainsAreLimited) {
  // A chain builds a tree as deep as it is long, so it is bounded as well.
  EXPECT_EQ(ParseToSexp("@a" + Repeat(" or @a", 1000)).rfind("(or (or ", 0), 0u);
  const std::string result = ParseToSexp("@a" + Repeat(" or @a", 100000));
  EXPECT_EQ(result.rfind("error@", 0), 0u) << result.substr(0, 80);
  EXPECT_NE(result.find("operators"), std::string::npos) << result.substr(0, 80);
}

TEST(ConditionParserTest, FailureLeavesOutputAloneAndToleratesNullPointers) {
  ConditionNode node;
  node.text = "untouched";
  EXPECT_FALSE(ParseCondition("@a and", kDefaultDepth, &node, nullptr));
  EXPECT_EQ(node.text, "untouched");
  ConditionError error;
  EXPECT_TRUE(ParseCondition("@a", kDefaultDepth, nullptr, &error));
  EXPECT_FALSE(ParseCondition("(", kDefaultDepth, nullptr, &error));
  EXPECT_EQ(error.message, "expected condition");
}

TEST(ConditionParserTest, SourceNeedNotBeNulTerminated) {
  const std::string text = "@a and @bcdef";
  EXPECT_EQ(ParseToSexp(std::string_view(text).substr(0, 9)), "(and (lex a) (lex b))");
  const std::string with_nul("\"a\0b\"", 5);
  EXPECT_EQ(ParseToSexp(with_nul), std::string("(phrase a\0b)", 12));
}

TEST(ConditionParserTest, ConcurrentParsesAreIndependent) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 50;
  std::vector<std::thread> threads;
  std::vector<int> mismatches(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &mismatches] {
      for (int round = 0; round < kRounds; ++round) {
        for (const ValidCase& c : kValidCases) {
          if (ParseToSexp(c.source) != c.tree) ++mismatches[t];
        }
        // Interleave failing parses with different limits: no state may leak between calls.
        if (ParseToSexp(Nest("(", ")", 40), false, 8 + t) !=
            "error@" + std::to_string(8 + t) + ": nesting deeper than " + std::to_string(8 + t)) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace liangyan::rules
