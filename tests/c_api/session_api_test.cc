// The streaming session through the exported C API (ly_session_*) and the C++ wrapper
// (liangyan::Session): argument checking, errors mid-stream, limits, reset, borrowed results,
// many sessions on one engine, and every step of edit sequences over the golden texts equal
// to ly_check.  Links only the shared library, like a host.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../unit/session_sequences.h"
#include "liangyan/liangyan.h"
#include "liangyan/liangyan.hpp"

namespace {

using liangyan::session_testing::EditSequence;
using liangyan::session_testing::WantsRewrites;

struct EngineFree {
  void operator()(ly_engine* e) const { ly_engine_free(e); }
};
struct SessionFree {
  void operator()(ly_session* s) const { ly_session_free(s); }
};
struct ResultFree {
  void operator()(ly_result* r) const { ly_result_free(r); }
};
struct ContextFree {
  void operator()(ly_context* c) const { ly_context_free(c); }
};
using EnginePtr = std::unique_ptr<ly_engine, EngineFree>;
using SessionPtr = std::unique_ptr<ly_session, SessionFree>;
using ResultPtr = std::unique_ptr<ly_result, ResultFree>;
using ContextPtr = std::unique_ptr<ly_context, ContextFree>;

EnginePtr MakeEngine(std::int64_t max_input_bytes = 0, bool replace_invalid = false,
                     std::int64_t max_slots = -1) {
  ly_options* options = ly_options_create();
  if (max_input_bytes > 0) ly_options_set(options, LY_OPT_MAX_INPUT_BYTES, max_input_bytes);
  if (replace_invalid) ly_options_set(options, LY_OPT_INVALID_UTF8, LY_INVALID_UTF8_REPLACE);
  if (max_slots >= 0) ly_options_set(options, LY_OPT_MAX_SLOTS, max_slots);
  ly_engine* engine = nullptr;
  EXPECT_EQ(ly_engine_create(options, &engine, nullptr), LY_OK);
  ly_options_free(options);
  return EnginePtr(engine);
}

SessionPtr MakeSession(const ly_engine* engine) {
  ly_session* session = nullptr;
  EXPECT_EQ(ly_session_create(engine, &session), LY_OK);
  return SessionPtr(session);
}

std::string Json(const ly_result* result) {
  char* json = nullptr;
  size_t len = 0;
  if (ly_result_to_json(result, &json, &len) != LY_OK) return "<no json>";
  std::string out(json, len);
  ly_free(json);
  return out;
}

std::string Str(const ly_result* r, ly_item item, size_t i, ly_field field) {
  size_t len = 0;
  const char* s = ly_result_get_str(r, item, i, field, &len);
  return s ? std::string(s, len) : std::string("<null>");
}

// What a findings-only result must share with ly_check's, read through the getters: every
// finding and credit field except the replacement, and the summary.
std::string Findings(const ly_result* r) {
  std::ostringstream out;
  out << "score " << ly_result_get_int(r, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE) << " script "
      << Str(r, LY_ITEM_SUMMARY, 0, LY_FIELD_SCRIPT) << " replaced "
      << ly_result_get_int(r, LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID) << " text "
      << Str(r, LY_ITEM_SUMMARY, 0, LY_FIELD_TEXT) << "\n";
  for (size_t i = 0; i < ly_result_count(r, LY_ITEM_FINDING); ++i) {
    out << "  finding";
    for (ly_field f : {LY_FIELD_RULE_ID, LY_FIELD_CATEGORY, LY_FIELD_MESSAGE, LY_FIELD_CITATION}) {
      out << " " << Str(r, LY_ITEM_FINDING, i, f);
    }
    for (ly_field f : {LY_FIELD_BEGIN, LY_FIELD_END, LY_FIELD_BEGIN_CP, LY_FIELD_END_CP,
                       LY_FIELD_SEVERITY, LY_FIELD_WEIGHT}) {
      out << " " << ly_result_get_int(r, LY_ITEM_FINDING, i, f);
    }
    out << "\n";
  }
  for (size_t i = 0; i < ly_result_count(r, LY_ITEM_CREDIT); ++i) {
    out << "  credit " << Str(r, LY_ITEM_CREDIT, i, LY_FIELD_RULE_ID) << " "
        << Str(r, LY_ITEM_CREDIT, i, LY_FIELD_MESSAGE);
    for (ly_field f :
         {LY_FIELD_BEGIN, LY_FIELD_END, LY_FIELD_BEGIN_CP, LY_FIELD_END_CP, LY_FIELD_WEIGHT}) {
      out << " " << ly_result_get_int(r, LY_ITEM_CREDIT, i, f);
    }
    out << "\n";
  }
  return out.str();
}

ResultPtr Check(const ly_engine* engine, const std::string& text, const ly_context* context,
                ly_status expected = LY_OK) {
  ly_result* raw = nullptr;
  EXPECT_EQ(ly_check(engine, text.data(), text.size(), context, &raw), expected) << text;
  return ResultPtr(raw);
}

// Replays `texts` through one session; at every step the status must be ly_check's and the
// result equal to it: JSON-identical with LY_SESSION_REWRITES, the same findings, credits and
// summary (and no rewrites, no replacements) without.  Returns the steps that matched.
size_t Replay(const ly_engine* engine, ly_session* session, const std::vector<std::string>& texts,
              const ly_context* context, const std::string& label) {
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string& text = texts[i];
    const uint32_t flags = WantsRewrites(i, texts.size()) ? LY_SESSION_REWRITES : 0;
    const ly_result* got = nullptr;
    const ly_status status =
        ly_session_update(session, text.data(), text.size(), context, flags, &got);
    ly_result* raw = nullptr;
    const ly_status want = ly_check(engine, text.data(), text.size(), context, &raw);
    ResultPtr expected(raw);
    const std::string where = label + " step " + std::to_string(i) + ": " + text;
    if (status != want) {
      ADD_FAILURE() << where << ": " << ly_status_name(status) << " vs " << ly_status_name(want);
      return i;
    }
    if (status != LY_OK) {
      EXPECT_EQ(got, nullptr) << where;
      continue;
    }
    if (flags & LY_SESSION_REWRITES) {
      if (Json(got) != Json(expected.get())) {
        ADD_FAILURE() << where << "\n  session:  " << Json(got)
                      << "\n  ly_check: " << Json(expected.get());
        return i;
      }
      continue;
    }
    bool ok = Findings(got) == Findings(expected.get());
    ok &= ly_result_count(got, LY_ITEM_REWRITE) == 0 && ly_result_count(got, LY_ITEM_EDIT) == 0 &&
          ly_result_count(got, LY_ITEM_SLOT) == 0;
    for (size_t k = 0; k < ly_result_count(got, LY_ITEM_FINDING); ++k) {
      ok &= Str(got, LY_ITEM_FINDING, k, LY_FIELD_REPLACEMENT).empty();
    }
    if (!ok) {
      ADD_FAILURE() << where << "\n  session:  " << Json(got)
                    << "\n  ly_check: " << Json(expected.get());
      return i;
    }
  }
  return texts.size();
}

std::vector<std::string> GoldenTexts() {
  std::ifstream in(std::string(LY_SOURCE_DIR) + "/tests/golden/cases.jsonl");
  static const std::regex kText(R"re("text"\s*:\s*"([^"\\]*)")re");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, kText)) out.push_back(m[1].str());
  }
  return out;
}

TEST(SessionApi, NullHandling) {
  EnginePtr engine = MakeEngine();
  ly_session* session = reinterpret_cast<ly_session*>(0x1);
  EXPECT_EQ(ly_session_create(nullptr, &session), LY_E_INVALID_ARGUMENT);
  EXPECT_EQ(session, nullptr);  // out pointers are cleared on failure
  EXPECT_EQ(ly_session_create(engine.get(), nullptr), LY_E_INVALID_ARGUMENT);
  ly_session_free(nullptr);
  ly_session_reset(nullptr);

  const ly_result* result = reinterpret_cast<const ly_result*>(0x1);
  EXPECT_EQ(ly_session_update(nullptr, "好", 3, nullptr, 0, &result), LY_E_INVALID_ARGUMENT);
  EXPECT_EQ(result, nullptr);
  SessionPtr s = MakeSession(engine.get());
  EXPECT_EQ(ly_session_update(s.get(), "好", 3, nullptr, 0, nullptr), LY_E_INVALID_ARGUMENT);
  result = reinterpret_cast<const ly_result*>(0x1);
  EXPECT_EQ(ly_session_update(s.get(), nullptr, 3, nullptr, 0, &result), LY_E_INVALID_ARGUMENT);
  EXPECT_EQ(result, nullptr);
  EXPECT_EQ(ly_session_update(s.get(), "好", 3, nullptr, 2, &result), LY_E_INVALID_ARGUMENT);
  EXPECT_EQ(ly_session_update(s.get(), "好", 3, nullptr, 0x80000000u, &result),
            LY_E_INVALID_ARGUMENT);
  // NULL with length 0 is the empty utterance, as for ly_check.
  ASSERT_EQ(ly_session_update(s.get(), nullptr, 0, nullptr, 0, &result), LY_OK);
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(ly_result_count(result, LY_ITEM_SUMMARY), 1u);
  EXPECT_EQ(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE), 100);
  // The values of the flags are part of the ABI.
  EXPECT_EQ(LY_SESSION_FINDINGS, 0);
  EXPECT_EQ(LY_SESSION_REWRITES, 1);
}

TEST(SessionApi, InvalidUtf8MidStream) {
  EnginePtr engine = MakeEngine();
  SessionPtr s = MakeSession(engine.get());
  const ly_result* result = nullptr;
  const std::string good = "对不起，您不能";
  ASSERT_EQ(ly_session_update(s.get(), good.data(), good.size(), nullptr, 0, &result), LY_OK);
  const std::string bad = good + "\xC0\x80退货";
  result = reinterpret_cast<const ly_result*>(0x1);
  EXPECT_EQ(ly_session_update(s.get(), bad.data(), bad.size(), nullptr, 0, &result),
            LY_E_INVALID_UTF8);
  EXPECT_EQ(result, nullptr);
  // Half a character (a recogniser that cut a byte stream) is invalid too, like for ly_check.
  const std::string half = good + "\xE9\x80";
  EXPECT_EQ(ly_session_update(s.get(), half.data(), half.size(), nullptr, 0, &result),
            LY_E_INVALID_UTF8);
  // The stream goes on: the next valid text is answered as ly_check answers it.
  const std::string fixed = good + "退货。";
  ASSERT_EQ(ly_session_update(s.get(), fixed.data(), fixed.size(), nullptr, 0, &result), LY_OK);
  ResultPtr expected = Check(engine.get(), fixed, nullptr);
  EXPECT_EQ(Findings(result), Findings(expected.get()));
  EXPECT_GT(ly_result_count(result, LY_ITEM_FINDING), 0u);

  // Under LY_INVALID_UTF8_REPLACE the bad bytes become U+FFFD, counted as by ly_check.
  EnginePtr replacing = MakeEngine(0, true);
  SessionPtr r = MakeSession(replacing.get());
  ASSERT_EQ(ly_session_update(r.get(), good.data(), good.size(), nullptr, 0, &result), LY_OK);
  ASSERT_EQ(ly_session_update(r.get(), bad.data(), bad.size(), nullptr, 0, &result), LY_OK);
  ResultPtr replaced = Check(replacing.get(), bad, nullptr);
  EXPECT_EQ(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID), 2);
  EXPECT_EQ(Findings(result), Findings(replaced.get()));
}

TEST(SessionApi, OversizedInput) {
  EnginePtr engine = MakeEngine(64);
  SessionPtr s = MakeSession(engine.get());
  const ly_result* result = nullptr;
  std::string text = "您不能退货";
  ASSERT_EQ(ly_session_update(s.get(), text.data(), text.size(), nullptr, 0, &result), LY_OK);
  while (text.size() <= 64) text += "不能";
  result = reinterpret_cast<const ly_result*>(0x1);
  EXPECT_EQ(ly_session_update(s.get(), text.data(), text.size(), nullptr, 0, &result),
            LY_E_INPUT_TOO_LARGE);
  EXPECT_EQ(result, nullptr);
  Check(engine.get(), text, nullptr, LY_E_INPUT_TOO_LARGE);
  // Exactly at the limit is fine; so is coming back under it.
  text.resize(63);
  text += "x";
  ASSERT_EQ(text.size(), 64u);
  EXPECT_EQ(ly_session_update(s.get(), text.data(), text.size(), nullptr, 0, &result), LY_OK);
  // Too many context slots: LY_E_LIMIT, as from ly_check, even for an unchanged text.
  EnginePtr one_slot = MakeEngine(0, false, 1);
  SessionPtr t = MakeSession(one_slot.get());
  ContextPtr context(ly_context_create());
  ly_context_set(context.get(), "reason", 6, "a", 1);
  ly_context_set(context.get(), "alternative", 11, "b", 1);
  const std::string ok = "您不能退货";
  ASSERT_EQ(ly_session_update(t.get(), ok.data(), ok.size(), nullptr, 0, &result), LY_OK);
  EXPECT_EQ(ly_session_update(t.get(), ok.data(), ok.size(), context.get(), 0, &result),
            LY_E_LIMIT);
  Check(one_slot.get(), ok, context.get(), LY_E_LIMIT);
}

TEST(SessionApi, ReuseAfterReset) {
  EnginePtr engine = MakeEngine();
  SessionPtr s = MakeSession(engine.get());
  const ly_result* result = nullptr;
  const std::string first = "您必须先付款";
  const std::string second = "不好意思，让您久等了。";
  ASSERT_EQ(ly_session_update(s.get(), first.data(), first.size(), nullptr, 0, &result), LY_OK);
  const size_t first_findings = ly_result_count(result, LY_ITEM_FINDING);
  EXPECT_GT(first_findings, 0u);
  ly_session_reset(s.get());
  ly_session_reset(s.get());  // twice is harmless
  ASSERT_EQ(ly_session_update(s.get(), second.data(), second.size(), nullptr, 0, &result), LY_OK);
  ResultPtr expected = Check(engine.get(), second, nullptr);
  EXPECT_EQ(Findings(result), Findings(expected.get()));
  // The same text as before the reset is analysed afresh and still right.
  ly_session_reset(s.get());
  ASSERT_EQ(ly_session_update(s.get(), first.data(), first.size(), nullptr, 0, &result), LY_OK);
  EXPECT_EQ(ly_result_count(result, LY_ITEM_FINDING), first_findings);
  EXPECT_EQ(Replay(engine.get(), s.get(), EditSequence(second, first), nullptr, "after reset"),
            EditSequence(second, first).size());
}

TEST(SessionApi, RewritesOnRequestEqualCheck) {
  EnginePtr engine = MakeEngine();
  SessionPtr s = MakeSession(engine.get());
  ContextPtr context(ly_context_create());
  ASSERT_EQ(ly_context_set(context.get(), "reason", 6, "商品已拆封", strlen("商品已拆封")), LY_OK);
  const std::string text = "对不起，您不能退货。";
  const ly_result* result = nullptr;
  ASSERT_EQ(ly_session_update(s.get(), text.data(), text.size(), context.get(), 0, &result), LY_OK);
  EXPECT_EQ(ly_result_count(result, LY_ITEM_REWRITE), 0u);
  ASSERT_EQ(ly_session_update(s.get(), text.data(), text.size(), context.get(), LY_SESSION_REWRITES,
                              &result),
            LY_OK);
  ResultPtr expected = Check(engine.get(), text, context.get());
  ASSERT_GT(ly_result_count(result, LY_ITEM_REWRITE), 0u);
  EXPECT_EQ(Json(result), Json(expected.get()));
  EXPECT_NE(Str(result, LY_ITEM_REWRITE, 0, LY_FIELD_TEXT).find("商品已拆封"), std::string::npos);
}

TEST(SessionApi, GoldenReplayEqualsCheckAtEveryStep) {
  EnginePtr engine = MakeEngine();
  SessionPtr s = MakeSession(engine.get());
  ContextPtr context(ly_context_create());
  ly_context_set(context.get(), "reason", 6, "系统升级", strlen("系统升级"));
  const std::vector<std::string> texts = GoldenTexts();
  ASSERT_GT(texts.size(), 50u);
  size_t steps = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const auto sequence = EditSequence(texts[i], texts[(i + 1) % texts.size()]);
    steps += Replay(engine.get(), s.get(), sequence, i % 2 ? context.get() : nullptr,
                    "cases.jsonl #" + std::to_string(i + 1));
  }
  EXPECT_GT(steps, texts.size() * 20);
}

// Each thread drives its own session over its own texts on one shared engine; every answer must
// equal the one ly_check gave serially beforehand.  scripts/sanitizers.sh runs the whole suite
// under TSan.
TEST(SessionApi, ManySessionsShareOneEngine) {
  EnginePtr engine = MakeEngine();
  const std::vector<std::string> golden = GoldenTexts();
  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> texts(kThreads);
  std::vector<std::vector<std::string>> expected(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (size_t i = t; i < golden.size(); i += kThreads) {
      for (const std::string& text : EditSequence(golden[i], golden[(i + 1) % golden.size()])) {
        texts[t].push_back(text);
        ResultPtr r = Check(engine.get(), text, nullptr);
        expected[t].push_back(Findings(r.get()));
      }
    }
  }
  std::vector<size_t> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      SessionPtr s = MakeSession(engine.get());
      for (size_t i = 0; i < texts[t].size(); ++i) {
        const ly_result* result = nullptr;
        if (ly_session_update(s.get(), texts[t][i].data(), texts[t][i].size(), nullptr, 0,
                              &result) != LY_OK ||
            Findings(result) != expected[t][i]) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0u) << "thread " << t;
}

TEST(SessionWrapper, UpdateEqualsCheck) {
  liangyan::Engine engine = liangyan::Engine::create();
  liangyan::Session session(engine);
  std::string text;
  for (const char* piece : {"对不起", "，", "您不能", "退货", "。"}) {
    text += piece;
    liangyan::ResultView view = session.update(text);
    const liangyan::Result once = engine.check(text);
    ASSERT_EQ(view.score(), once.score()) << text;
    ASSERT_EQ(view.finding_count(), once.finding_count()) << text;
    const auto a = view.findings(), b = once.findings();
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].rule, b[i].rule);
      EXPECT_EQ(a[i].begin, b[i].begin);
      EXPECT_EQ(a[i].end_cp, b[i].end_cp);
    }
    EXPECT_TRUE(view.rewrites().empty());
  }
  liangyan::Context context;
  context.set("reason", "商品已拆封");
  liangyan::ResultView last = session.update(text, &context, LY_SESSION_REWRITES);
  EXPECT_EQ(last.to_json(), engine.check(text, &context).to_json());
  EXPECT_FALSE(last.rewrites().empty());
}

TEST(SessionWrapper, ErrorsAndEmptySessions) {
  liangyan::Engine engine = liangyan::Engine::create();
  liangyan::Session session(engine);
  try {
    session.update("对不起\xFF");
    ADD_FAILURE() << "invalid UTF-8 did not throw";
  } catch (const liangyan::Error& e) {
    EXPECT_EQ(e.code(), LY_E_INVALID_UTF8);
  }
  liangyan::ResultView view;
  EXPECT_EQ(session.try_update("好的", &view).code(), LY_OK);
  EXPECT_FALSE(view.empty());
  session.reset();

  liangyan::Session moved = std::move(session);
  EXPECT_TRUE(session.empty());  // NOLINT(bugprone-use-after-move): documented state
  EXPECT_EQ(session.try_update("好的", &view).code(), LY_E_INVALID_ARGUMENT);
  EXPECT_TRUE(view.empty());
  EXPECT_EQ(moved.try_update("好的", &view).code(), LY_OK);

  liangyan::Engine none;
  try {
    liangyan::Session broken(none);
    ADD_FAILURE() << "a session on an empty engine was created";
  } catch (const liangyan::Error& e) {
    EXPECT_EQ(e.code(), LY_E_INVALID_ARGUMENT);
  }
}

}  // namespace
