// The rule-condition parser, written with Boost.Spirit X3.
//
// X3 stays inside this file: the grammar builds the plain ConditionNode tree directly through
// semantic actions, so callers never see an X3 type.  Everything the grammar needs at run time
// (the start of the source, the nesting depth) lives in a per-call ParseState reached through
// the X3 context, and the grammar objects themselves are immutable: parsing is thread-safe.
// The grammar objects are all constexpr, so they are constant-initialized and safe to use even
// from another translation unit's static initializer.
#include <algorithm>
#include <boost/spirit/home/x3.hpp>
#include <cstdint>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "rules/condition_ast.h"

namespace liangyan::rules {
namespace {

namespace x3 = boost::spirit::x3;
namespace fusion = boost::fusion;
using Kind = ConditionNode::Kind;
using Iterator = const char*;

// Each nesting level costs about 2.3 KB of X3 stack frames at -O2 and 5 KB at -O0 (measured
// with g++ 12), so 128 levels stay well inside a 1 MB thread stack even unoptimised.  A caller
// asking for a deeper limit gets this one; no hand-written condition comes close.
constexpr int kMaxSupportedDepth = 128;

// A chain of binary operators does not nest, but it still builds a tree as deep as the chain is
// long, and destroying or evaluating that tree recurses once per operator.  Real conditions
// have a handful of operators; long alternations belong in a lexicon.
constexpr int kMaxOperators = 1024;

struct ParseState {
  Iterator begin;
  int max_depth;
  int depth = 0;
  int operators = 0;
};
struct StateTag;

// Thrown for errors whose position is already exact (depth, empty phrase, errors inside a
// token); expectation failures from X3 itself are positioned by the catch in ParseOrThrow.
struct Failure {
  uint32_t offset;
  std::string message;
};

template <typename Context>
uint32_t OffsetOf(const Context& ctx, Iterator it) {
  return static_cast<uint32_t>(it - x3::get<StateTag>(ctx).begin);
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// ---- Custom X3 parsers --------------------------------------------------------------------

// Yields the byte offset of the next token.  Semantic actions cannot use x3::_where for this:
// in Boost 1.74 it does not cover the matched text.
struct HereParser : x3::parser<HereParser> {
  using attribute_type = uint32_t;
  static constexpr bool has_attribute = true;

  template <typename It, typename Context, typename RContext, typename Attribute>
  bool parse(It& first, const It& last, const Context& ctx, RContext&, Attribute& attr) const {
    x3::skip_over(first, last, ctx);
    x3::traits::move_to(OffsetOf(ctx, first), attr);
    return true;
  }
};
constexpr HereParser here{};

// Counts one nesting level around `subject`, but only once `opener` (matched by lookahead) shows
// that this alternative is really taken: checking on entry would reject a flag at the depth
// limit just because the call alternative was tried first.  The limit is checked before
// recursing, which is what keeps 100000 '(' from exhausting the stack.
template <typename Opener, typename Subject>
struct Nest : x3::unary_parser<Subject, Nest<Opener, Subject>> {
  using base_type = x3::unary_parser<Subject, Nest<Opener, Subject>>;
  static constexpr bool is_pass_through_unary = true;

  constexpr Nest(const Opener& opener, const Subject& subject)
      : base_type(subject), opener(opener) {}

  template <typename It, typename Context, typename RContext, typename Attribute>
  bool parse(It& first, const It& last, const Context& ctx, RContext& rctx, Attribute& attr) const {
    x3::skip_over(first, last, ctx);
    It probe = first;
    if (!opener.parse(probe, last, ctx, rctx, x3::unused)) return false;
    ParseState& state = x3::get<StateTag>(ctx);
    if (state.depth >= state.max_depth) {
      throw Failure{OffsetOf(ctx, first), "nesting deeper than " + std::to_string(state.max_depth)};
    }
    struct Level {
      explicit Level(int& d) : depth(d) { ++depth; }
      ~Level() { --depth; }
      int& depth;
    } level(state.depth);
    return this->subject.parse(first, last, ctx, rctx, attr);
  }

  Opener opener;
};

template <typename Opener>
struct NestGen {
  template <typename Subject>
  constexpr auto operator[](const Subject& subject) const {
    return Nest<Opener, Subject>(opener, subject);
  }
  Opener opener;
};

template <typename Opener>
constexpr NestGen<Opener> Nested(const Opener& opener) {
  return {opener};
}

// Errors inside a token (a phrase, a regex, a lexicon reference) are raised where no skipper
// runs, so X3's position is exact and must not be moved past whitespace, unlike errors between
// tokens.  Rules whose ID derives from this report them as already positioned Failures.
struct ExactTokenErrors {
  template <typename It, typename Exception, typename Context>
  x3::error_handler_result on_error(It&, const It&, const Exception& e, const Context& ctx) const {
    throw Failure{OffsetOf(ctx, e.where()), "expected " + e.which()};
  }
};

// ---- Semantic actions ---------------------------------------------------------------------

struct BinaryOp {
  Kind kind = Kind::kAnd;
  int distance = 0;
  uint32_t offset = 0;  // of the operator token, for the operator-count error
};

constexpr auto move_to_val = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
constexpr auto append_char = [](auto& ctx) { x3::_val(ctx) += x3::_attr(ctx); };
constexpr auto append_range = [](auto& ctx) {
  x3::_val(ctx).append(x3::_attr(ctx).begin(), x3::_attr(ctx).end());
};
constexpr auto append_code_point = [](auto& ctx) { AppendUtf8(x3::_attr(ctx), x3::_val(ctx)); };

constexpr auto require_high_surrogate = [](auto& ctx) {
  x3::_pass(ctx) = x3::_attr(ctx) >= 0xD800 && x3::_attr(ctx) <= 0xDBFF;
};
constexpr auto require_low_surrogate = [](auto& ctx) {
  x3::_pass(ctx) = x3::_attr(ctx) >= 0xDC00 && x3::_attr(ctx) <= 0xDFFF;
};
constexpr auto set_non_surrogate = [](auto& ctx) {
  const uint32_t cp = x3::_attr(ctx);
  x3::_pass(ctx) = cp < 0xD800 || cp > 0xDFFF;
  x3::_val(ctx) = cp;
};
constexpr auto combine_surrogates = [](auto& ctx) {
  const uint32_t high = fusion::at_c<0>(x3::_attr(ctx));
  const uint32_t low = fusion::at_c<1>(x3::_attr(ctx));
  x3::_val(ctx) = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
};

constexpr auto MakeLeaf(Kind kind) {
  return [kind](auto& ctx) {
    auto& attr = x3::_attr(ctx);  // (offset, text)
    ConditionNode node;
    node.kind = kind;
    node.offset = fusion::at_c<0>(attr);
    node.text = std::move(fusion::at_c<1>(attr));
    // An empty pattern matches everywhere, which is never what a rule author meant.
    if (node.text.empty() && kind == Kind::kPhrase) {
      throw Failure{node.offset, "expected non-empty phrase"};
    }
    if (node.text.empty() && kind == Kind::kRegex) {
      throw Failure{node.offset, "expected non-empty regex"};
    }
    x3::_val(ctx) = std::move(node);
  };
}

constexpr auto make_call = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);  // (offset, name, argument)
  ConditionNode node;
  node.kind = Kind::kCall;
  node.offset = fusion::at_c<0>(attr);
  node.text = std::move(fusion::at_c<1>(attr));
  node.children.push_back(std::move(fusion::at_c<2>(attr)));
  x3::_val(ctx) = std::move(node);
};

constexpr auto make_not = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);  // (offset, operand)
  ConditionNode node;
  node.kind = Kind::kNot;
  node.offset = fusion::at_c<0>(attr);
  node.children.push_back(std::move(fusion::at_c<1>(attr)));
  x3::_val(ctx) = std::move(node);
};

constexpr auto MakeOp(Kind kind) {
  return [kind](auto& ctx) { x3::_val(ctx) = BinaryOp{kind, 0, x3::_attr(ctx)}; };
}
constexpr auto MakeOpWithDistance(Kind kind) {
  return [kind](auto& ctx) {
    auto& attr = x3::_attr(ctx);  // (offset, distance)
    x3::_val(ctx) = BinaryOp{kind, fusion::at_c<1>(attr), fusion::at_c<0>(attr)};
  };
}

// Extends the tree built so far (the rule's value) with one more operator on the right, which
// makes every binary operator left-associative.  A binary node's offset is its left operand's:
// that is where its first token is (parentheses produce no node of their own).
constexpr auto fold = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);  // (operator, right operand)
  const BinaryOp& op = fusion::at_c<0>(attr);
  ParseState& state = x3::get<StateTag>(ctx);
  if (++state.operators > kMaxOperators) {
    throw Failure{op.offset, "more than " + std::to_string(kMaxOperators) + " operators"};
  }
  ConditionNode& left = x3::_val(ctx);
  ConditionNode node;
  node.kind = op.kind;
  node.distance = op.distance;
  node.offset = left.offset;
  node.children.reserve(2);
  node.children.push_back(std::move(left));
  node.children.push_back(std::move(fusion::at_c<1>(attr)));
  left = std::move(node);
};

// ---- Lexical grammar ----------------------------------------------------------------------

// ASCII whitespace only: a UTF-8 byte is never taken for a space.  Newlines are ordinary
// whitespace because conditions are often written as YAML block scalars.
constexpr auto skipper = x3::ascii::space | (x3::lit('#') >> *(x3::char_ - x3::eol));

constexpr auto ident_start = x3::ascii::alpha | x3::lit('_');
constexpr auto ident_char = x3::ascii::alnum | x3::lit('_');

// A keyword is a whole word: `notice`, `android`, `nearby` and `reason` are identifiers.
template <std::size_t N>
constexpr auto Keyword(const char (&word)[N]) {
  return x3::lexeme[x3::lit(word) >> !ident_char];
}
constexpr auto kw_and = Keyword("and");
constexpr auto kw_or = Keyword("or");
constexpr auto kw_not = Keyword("not");
constexpr auto kw_then = Keyword("then");
constexpr auto kw_near = Keyword("near");
constexpr auto kw_before = Keyword("before");
constexpr auto kw_after = Keyword("after");
constexpr auto kw_re = Keyword("re");
constexpr auto kw_not_after = Keyword("not_after");
constexpr auto kw_not_before = Keyword("not_before");
constexpr auto reserved = kw_and | kw_or | kw_not | kw_then | kw_near | kw_before | kw_after |
                          kw_re | kw_not_after | kw_not_before;

constexpr auto ident = x3::rule<class IdentId, std::string>{"identifier"} =
    x3::raw[x3::lexeme[!reserved >> ident_start >> *ident_char]];

// `@` and the name form one token: `@ refusal` is an error at the space.
struct LexiconId : ExactTokenErrors {};
constexpr auto lexicon_name = x3::rule<class LexiconNameId, std::string>{"lexicon name after '@'"} =
    ident;
constexpr auto lexicon = x3::rule<LexiconId, std::string>{"lexicon reference"} =
    x3::lexeme[x3::lit('@') > lexicon_name];

// Phrase escapes are JSON's: \" \\ \/ \b \f \n \r \t and \uXXXX, with surrogate pairs for code
// points beyond the BMP.  A lone surrogate is rejected because it has no UTF-8 encoding.
constexpr auto hex4 = x3::uint_parser<uint32_t, 16, 4, 4>{};
constexpr auto low_surrogate_escape =
    x3::rule<class LowSurrogateId, uint32_t>{"'\\u' and a low surrogate"} %=
    x3::lit("\\u") >> hex4[require_low_surrogate];
constexpr auto code_point =
    x3::rule<class CodePointId, uint32_t>{"4 hex digits (no lone surrogate)"} =
        (hex4[require_high_surrogate] > low_surrogate_escape)[combine_surrogates] |
        hex4[set_non_surrogate];
constexpr auto escape = x3::rule<class EscapeId, uint32_t>{"escape sequence after '\\'"} %=
    (x3::lit('"') >> x3::attr(uint32_t{'"'})) | (x3::lit('\\') >> x3::attr(uint32_t{'\\'})) |
    (x3::lit('/') >> x3::attr(uint32_t{'/'})) | (x3::lit('b') >> x3::attr(uint32_t{'\b'})) |
    (x3::lit('f') >> x3::attr(uint32_t{'\f'})) | (x3::lit('n') >> x3::attr(uint32_t{'\n'})) |
    (x3::lit('r') >> x3::attr(uint32_t{'\r'})) | (x3::lit('t') >> x3::attr(uint32_t{'\t'})) |
    (x3::lit('u') > code_point);

// A raw line break ends a pattern with an error instead of swallowing the rest of a multi-line
// condition into it; write \n for a newline.
constexpr auto pattern_char = x3::char_ - x3::lit('"') - x3::lit('\\') - x3::eol;

struct PhraseId : ExactTokenErrors {};
constexpr auto phrase_close = x3::rule<class PhraseCloseId>{"'\"' to close phrase"} = x3::lit('"');
constexpr auto phrase = x3::rule<PhraseId, std::string>{"phrase"} =
    x3::lexeme[(x3::lit('"') >> *((x3::lit('\\') > escape)[append_code_point] |
                                  pattern_char[append_char])) > phrase_close];

// Inside re"..." only \" and \\ are unescaped; every other backslash sequence is passed to RE2
// as written, so re"\d{3}" means what it says and RE2's own escapes need no doubling.  The price
// is that a literal backslash in the pattern is written \\\\ (RE2's \\, escaped once more).
struct RegexId : ExactTokenErrors {};
constexpr auto regex_escaped = x3::rule<class RegexEscapedId>{"character after '\\'"} =
    x3::char_ - x3::eol;
constexpr auto regex_close = x3::rule<class RegexCloseId>{"'\"' to close regex"} = x3::lit('"');
constexpr auto regex = x3::rule<RegexId, std::string>{"regex"} =
    x3::lexeme[(x3::lit("re\"") >> *((x3::lit('\\') >> x3::char_('"'))[append_char] |
                                     (x3::lit('\\') >> x3::char_('\\'))[append_char] |
                                     x3::raw[x3::lit('\\') > regex_escaped][append_range] |
                                     pattern_char[append_char])) > regex_close];

constexpr auto distance = x3::rule<class DistanceId, int>{"distance (a non-negative integer)"} =
    x3::uint_parser<int>{};

// ---- Expression grammar -------------------------------------------------------------------

constexpr auto or_op = x3::rule<class OrOpId, BinaryOp>{"'or'"} =
    (here >> (kw_or | x3::lit('|')))[MakeOp(Kind::kOr)];
constexpr auto and_op = x3::rule<class AndOpId, BinaryOp>{"'and'"} =
    (here >> (kw_and | x3::lit('&')))[MakeOp(Kind::kAnd)];

constexpr auto near_open = x3::rule<class NearOpenId>{"'(' after near"} = x3::lit('(');

// `then(` written without a space always starts a distance, so `a then(b)` is reported as a
// missing number rather than silently read as `a then (b)`.  With a space, `then (3)` is still a
// distance, and `then (b or c)` is a plain `then` followed by a parenthesised operand.
constexpr auto seq_op = x3::rule<class SeqOpId, BinaryOp>{"sequence operator"} =
    ((here >> x3::lexeme[kw_then >> '(']) > distance > ')')[MakeOpWithDistance(Kind::kThen)] |
    ((here >> kw_then >> '(' >> distance) > ')')[MakeOpWithDistance(Kind::kThen)] |
    (here >> kw_then)[MakeOp(Kind::kThen)] |
    ((here >> kw_near) > near_open > distance > ')')[MakeOpWithDistance(Kind::kNear)] |
    ((here >> kw_not_after) > near_open > distance > ')')[MakeOpWithDistance(Kind::kNotAfter)] |
    ((here >> kw_not_before) > near_open > distance > ')')[MakeOpWithDistance(Kind::kNotBefore)] |
    (here >> kw_before)[MakeOp(Kind::kBefore)] | (here >> kw_after)[MakeOp(Kind::kAfter)];

// All five are named "condition" so that a missing operand reads "expected condition".
constexpr x3::rule<class ConditionId, ConditionNode> condition = "condition";
constexpr x3::rule<class AndExprId, ConditionNode> and_expr = "condition";
constexpr x3::rule<class SeqExprId, ConditionNode> seq_expr = "condition";
constexpr x3::rule<class UnaryId, ConditionNode> unary = "condition";
constexpr x3::rule<class PrimaryId, ConditionNode> primary = "condition";

constexpr auto condition_def = and_expr[move_to_val] >> *((or_op > and_expr)[fold]);
constexpr auto and_expr_def = seq_expr[move_to_val] >> *((and_op > seq_expr)[fold]);
constexpr auto seq_expr_def = unary[move_to_val] >> *((seq_op > unary)[fold]);
constexpr auto unary_def =
    Nested(kw_not)[((here >> kw_not) > unary)[make_not]] | primary[move_to_val];
// The regex alternative precedes the identifier ones: `re` is a keyword, not a flag.
constexpr auto primary_def =
    (here >> phrase)[MakeLeaf(Kind::kPhrase)] | (here >> lexicon)[MakeLeaf(Kind::kLexicon)] |
    (here >> regex)[MakeLeaf(Kind::kRegex)] |
    Nested(ident >> '(')[((here >> ident >> '(') > condition > ')')[make_call]] |
    (here >> ident)[MakeLeaf(Kind::kFlag)] |
    Nested(x3::lit('('))[(x3::lit('(') > condition > ')')[move_to_val]];

BOOST_SPIRIT_DEFINE(condition, and_expr, seq_expr, unary, primary)

void SetError(ConditionError* error, uint32_t offset, std::string message) {
  if (error == nullptr) return;
  error->offset = offset;
  error->message = std::move(message);
}

// Offset of the first token at or after `it`.
uint32_t TokenOffset(Iterator begin, Iterator it, Iterator end) {
  x3::parse(it, end, *skipper);
  return static_cast<uint32_t>(it - begin);
}

bool ParseOrThrow(std::string_view source, int max_depth, ConditionNode* out,
                  ConditionError* error) {
  const Iterator begin = source.data();
  const Iterator end = begin + source.size();
  if (source.size() > std::numeric_limits<uint32_t>::max()) {
    SetError(error, 0, "condition longer than 4 GiB");
    return false;
  }
  ParseState state{begin, std::clamp(max_depth, 0, kMaxSupportedDepth)};
  try {
    ConditionNode root;
    Iterator it = begin;
    if (!x3::phrase_parse(it, end, x3::with<StateTag>(state)[condition], skipper, root)) {
      SetError(error, TokenOffset(begin, it, end), "expected condition");
      return false;
    }
    if (it != end) {
      SetError(error, static_cast<uint32_t>(it - begin), "unexpected trailing input");
      return false;
    }
    if (out != nullptr) *out = std::move(root);
    return true;
  } catch (Failure& failure) {
    SetError(error, failure.offset, std::move(failure.message));
  } catch (const x3::expectation_failure<Iterator>& e) {
    // X3 reports the position before the skipper ran; point at the offending token instead.
    SetError(error, TokenOffset(begin, e.where(), end), "expected " + e.which());
  }
  return false;
}

}  // namespace

bool ParseCondition(std::string_view source, int max_depth, ConditionNode* out,
                    ConditionError* error) {
  // The messages below fit in std::string's inline buffer, so reporting them cannot throw.
  try {
    return ParseOrThrow(source, max_depth, out, error);
  } catch (const std::bad_alloc&) {
    SetError(error, 0, "out of memory");
  } catch (...) {
    SetError(error, 0, "internal error");
  }
  return false;
}

}  // namespace liangyan::rules
