// liangyan (良言): header-only C++17 wrapper over the stable C API in liangyan.h.
//
// Everything here is inline and talks to the library only through the exported ly_* functions,
// so this header adds no ABI of its own: a program built against it keeps working with any
// library that keeps the C contract.
//
//     auto engine = liangyan::Engine::create();            // embedded default pack
//     liangyan::Result result = engine.check("对不起，您不能退货。");
//     for (const liangyan::Finding& f : result.findings()) {
//       std::cout << f.rule << " " << f.category << " " << f.message << "\n";
//     }
//     std::cout << result.score() << " " << result.best_text() << "\n";
//
//     // A whole dialogue: every agent turn checked, then the score card.
//     liangyan::Report report = engine.coach(R"({"turns": [
//         {"role": "customer", "text": "我要投诉，快递一周了还没到"},
//         {"role": "agent", "text": "非常抱歉让您久等了，我马上帮您查。"}]})");
//     std::cout << report.score() << "\n" << report.to_json() << "\n";
//     if (auto turn = report.turn(1)) std::cout << turn->score() << "\n";
//
// Ownership
//   Options, Engine, Context, Result, Report and Session each own exactly one C handle through
//   a unique_ptr with the matching ly_*_free deleter: they are move-only, and a moved-from
//   object holds no handle (calls on it fail with LY_E_INVALID_ARGUMENT or return empty values).
//   ResultView borrows: from a Result, or from a Report (Report::turn), and is valid until that
//   owner is destroyed or moved from; from a Session (Session::update), until its next update.
//   Finding, Credit, Rewrite, Slot and Edit are plain values that own copies of their strings.
//   std::string_view returns (Engine::info, Result::text, Result::script) borrow from their
//   parent object and are valid until it is destroyed or moved from.
//
// Threads (the C contract, restated)
//   A const Engine or const Result may be used from any number of threads at once; a Result
//   may outlive the Engine that made it.  Options and Context must not be used by two threads
//   at once, but a finished Context may be read by any number of concurrent check() calls.
//
// Errors
//   Functions that can fail throw liangyan::Error, which carries the Status (code + detail
//   message).  The try_* variants return the Status instead and never throw on library
//   failures, for callers that check millions of utterances and treat bad input as data.
#ifndef LIANGYAN_LIANGYAN_HPP_
#define LIANGYAN_LIANGYAN_HPP_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "liangyan.h"

namespace liangyan {

using Option = ly_option;
using Info = ly_info;

// A status code with an optional detail message ("pack.yaml:12:7: expected ')'").
class Status {
 public:
  Status() noexcept = default;
  explicit Status(ly_status code, std::string message = {}) noexcept
      : code_(code), message_(std::move(message)) {}

  bool ok() const noexcept { return code_ == LY_OK; }
  ly_status code() const noexcept { return code_; }
  // "LY_E_INVALID_UTF8"; static storage, never null.
  const char* name() const noexcept { return ly_status_name(code_); }
  const std::string& message() const noexcept { return message_; }
  // "LY_E_PACK_SYNTAX: pack.yaml:12:7: expected ')'" or just the name without a message.
  std::string to_string() const {
    std::string s = name();
    if (!message_.empty()) s.append(": ").append(message_);
    return s;
  }

  friend bool operator==(const Status& a, ly_status b) noexcept { return a.code_ == b; }
  friend bool operator!=(const Status& a, ly_status b) noexcept { return a.code_ != b; }

 private:
  ly_status code_ = LY_OK;
  std::string message_;
};

// Thrown by every throwing member below; what() is Status::to_string().
class Error : public std::runtime_error {
 public:
  explicit Error(Status status)
      : std::runtime_error(status.to_string()), status_(std::move(status)) {}

  const Status& status() const noexcept { return status_; }
  ly_status code() const noexcept { return status_.code(); }
  const std::string& message() const noexcept { return status_.message(); }

 private:
  Status status_;
};

// What breaks a rule.  Offsets are [begin, end) into the caller's original input: bytes, and
// the same span in code points.
struct Finding {
  std::string rule;
  std::string category;  // one of the nine taxonomy names
  std::string message;
  std::string citation;
  std::string replacement;  // suggested replacement of the span; empty if none
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::int64_t begin_cp = 0;
  std::int64_t end_cp = 0;
  int severity = 0;  // 1 hint .. 4 critical
  int weight = 0;    // points deducted
};

// What the courseware credits (apology, reason, consultation).
struct Credit {
  std::string rule;
  std::string message;
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::int64_t begin_cp = 0;
  std::int64_t end_cp = 0;
  int weight = 0;  // points credited
};

// A candidate rewrite; Result::rewrites() lists them best first.
struct Rewrite {
  std::string text;
  int score = 0;  // score of the rewritten text
  int fixes = 0;  // findings this candidate fixes
};

// A slot of the best rewrite that no Context value filled, for a host to prompt for.
struct Slot {
  std::string name;    // "reason"
  std::string marker;  // "【原因】", as it appears in the rewrite text
};

// One edit of the best rewrite: the original span [begin, end) becomes `replacement`.
struct Edit {
  std::string replacement;
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::int64_t begin_cp = 0;
  std::int64_t end_cp = 0;
};

namespace detail {

struct OptionsDeleter {
  void operator()(ly_options* p) const noexcept { ly_options_free(p); }
};
struct EngineDeleter {
  void operator()(ly_engine* p) const noexcept { ly_engine_free(p); }
};
struct ContextDeleter {
  void operator()(ly_context* p) const noexcept { ly_context_free(p); }
};
struct ResultDeleter {
  void operator()(ly_result* p) const noexcept { ly_result_free(p); }
};
struct ReportDeleter {
  void operator()(ly_report* p) const noexcept { ly_report_free(p); }
};
struct SessionDeleter {
  void operator()(ly_session* p) const noexcept { ly_session_free(p); }
};
struct StringDeleter {
  void operator()(char* p) const noexcept { ly_free(p); }
};
using OwnedString = std::unique_ptr<char, StringDeleter>;

inline void ThrowIfError(ly_status status, std::string message = {}) {
  if (status != LY_OK) throw Error(Status(status, std::move(message)));
}

// Takes ownership of a char** output so that it is freed on every path, including throws.
inline std::string TakeMessage(char* raw) {
  OwnedString owned(raw);
  return owned ? std::string(owned.get()) : std::string();
}

}  // namespace detail

// How an engine is built and how it treats input.  Build one, hand it to Engine::create, and
// drop it: the engine copies what it needs.
class Options {
 public:
  Options() : handle_(ly_options_create()) {
    if (!handle_) throw Error(Status(LY_E_OUT_OF_MEMORY));
  }

  Options& set(Option key, std::int64_t value) {
    detail::ThrowIfError(ly_options_set(handle_.get(), key, value),
                         "option " + std::to_string(static_cast<int>(key)) + " rejects value " +
                             std::to_string(value));
    return *this;
  }

  // Adds a rule pack from memory (copied now, parsed by Engine::create).  `name` labels the
  // pack in error messages.
  Options& add_pack(std::string_view data, const std::string& name = {}) {
    detail::ThrowIfError(ly_options_add_pack(handle_.get(), data.data(), data.size(),
                                             name.empty() ? nullptr : name.c_str()));
    return *this;
  }

  // Adds a rule pack read from `path` now; throws LY_E_IO naming the path if it is unreadable.
  Options& add_pack_file(const std::string& path) {
    detail::ThrowIfError(ly_options_add_pack_file(handle_.get(), path.c_str()),
                         "cannot read rule pack " + path);
    return *this;
  }

  ly_options* get() noexcept { return handle_.get(); }
  const ly_options* get() const noexcept { return handle_.get(); }

 private:
  std::unique_ptr<ly_options, detail::OptionsDeleter> handle_;
};

// Facts the host knows, used to fill rewrite slots ("reason", "alternative", ...).
class Context {
 public:
  Context() : handle_(ly_context_create()) {
    if (!handle_) throw Error(Status(LY_E_OUT_OF_MEMORY));
  }

  Context& set(std::string_view key, std::string_view value) {
    detail::ThrowIfError(try_set(key, value).code(), "context slot " + std::string(key));
    return *this;
  }
  Status try_set(std::string_view key, std::string_view value) noexcept {
    return Status(
        ly_context_set(handle_.get(), key.data(), key.size(), value.data(), value.size()));
  }

  ly_context* get() noexcept { return handle_.get(); }
  const ly_context* get() const noexcept { return handle_.get(); }

 private:
  std::unique_ptr<ly_context, detail::ContextDeleter> handle_;
};

// Read access to the outcome of one check, without owning it.  Result (below) owns its
// handle; Report::turn() hands out views into the report, which stay valid while the Report
// lives.  The vector getters copy out of the C result on each call, so keep the vector if you
// loop.
class ResultView {
 public:
  ResultView() noexcept = default;  // views nothing: every getter returns an empty value
  explicit ResultView(const ly_result* raw) noexcept : raw_(raw) {}

  bool empty() const noexcept { return raw_ == nullptr; }
  explicit operator bool() const noexcept { return !empty(); }

  // 0..100; -1 for an empty view.
  int score() const noexcept { return static_cast<int>(Int(LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE)); }
  // The input as checked (UTF-8; invalid sequences already replaced when that was asked for).
  std::string_view text() const noexcept { return View(LY_ITEM_SUMMARY, 0, LY_FIELD_TEXT); }
  // "simplified", "traditional" or "none".
  std::string_view script() const noexcept { return View(LY_ITEM_SUMMARY, 0, LY_FIELD_SCRIPT); }
  // How many invalid UTF-8 sequences became U+FFFD (0 unless LY_INVALID_UTF8_REPLACE).
  std::int64_t replaced_invalid() const noexcept {
    return Int(LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID);
  }

  std::vector<Finding> findings() const {
    std::vector<Finding> out(Count(LY_ITEM_FINDING));
    for (std::size_t i = 0; i < out.size(); ++i) {
      Finding& f = out[i];
      f.rule = Str(LY_ITEM_FINDING, i, LY_FIELD_RULE_ID);
      f.category = Str(LY_ITEM_FINDING, i, LY_FIELD_CATEGORY);
      f.message = Str(LY_ITEM_FINDING, i, LY_FIELD_MESSAGE);
      f.citation = Str(LY_ITEM_FINDING, i, LY_FIELD_CITATION);
      f.replacement = Str(LY_ITEM_FINDING, i, LY_FIELD_REPLACEMENT);
      f.begin = Int(LY_ITEM_FINDING, i, LY_FIELD_BEGIN);
      f.end = Int(LY_ITEM_FINDING, i, LY_FIELD_END);
      f.begin_cp = Int(LY_ITEM_FINDING, i, LY_FIELD_BEGIN_CP);
      f.end_cp = Int(LY_ITEM_FINDING, i, LY_FIELD_END_CP);
      f.severity = static_cast<int>(Int(LY_ITEM_FINDING, i, LY_FIELD_SEVERITY));
      f.weight = static_cast<int>(Int(LY_ITEM_FINDING, i, LY_FIELD_WEIGHT));
    }
    return out;
  }
  // Number of findings, without copying them out.
  std::size_t finding_count() const noexcept { return Count(LY_ITEM_FINDING); }

  std::vector<Credit> credits() const {
    std::vector<Credit> out(Count(LY_ITEM_CREDIT));
    for (std::size_t i = 0; i < out.size(); ++i) {
      Credit& c = out[i];
      c.rule = Str(LY_ITEM_CREDIT, i, LY_FIELD_RULE_ID);
      c.message = Str(LY_ITEM_CREDIT, i, LY_FIELD_MESSAGE);
      c.begin = Int(LY_ITEM_CREDIT, i, LY_FIELD_BEGIN);
      c.end = Int(LY_ITEM_CREDIT, i, LY_FIELD_END);
      c.begin_cp = Int(LY_ITEM_CREDIT, i, LY_FIELD_BEGIN_CP);
      c.end_cp = Int(LY_ITEM_CREDIT, i, LY_FIELD_END_CP);
      c.weight = static_cast<int>(Int(LY_ITEM_CREDIT, i, LY_FIELD_WEIGHT));
    }
    return out;
  }

  std::vector<Rewrite> rewrites() const {
    std::vector<Rewrite> out(Count(LY_ITEM_REWRITE));
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i].text = Str(LY_ITEM_REWRITE, i, LY_FIELD_TEXT);
      out[i].score = static_cast<int>(Int(LY_ITEM_REWRITE, i, LY_FIELD_SCORE));
      out[i].fixes = static_cast<int>(Int(LY_ITEM_REWRITE, i, LY_FIELD_FIXES));
    }
    return out;
  }

  std::vector<Slot> slots() const {
    std::vector<Slot> out(Count(LY_ITEM_SLOT));
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i].name = Str(LY_ITEM_SLOT, i, LY_FIELD_NAME);
      out[i].marker = Str(LY_ITEM_SLOT, i, LY_FIELD_TEXT);
    }
    return out;
  }

  std::vector<Edit> edits() const {
    std::vector<Edit> out(Count(LY_ITEM_EDIT));
    for (std::size_t i = 0; i < out.size(); ++i) {
      Edit& e = out[i];
      e.replacement = Str(LY_ITEM_EDIT, i, LY_FIELD_TEXT);
      e.begin = Int(LY_ITEM_EDIT, i, LY_FIELD_BEGIN);
      e.end = Int(LY_ITEM_EDIT, i, LY_FIELD_END);
      e.begin_cp = Int(LY_ITEM_EDIT, i, LY_FIELD_BEGIN_CP);
      e.end_cp = Int(LY_ITEM_EDIT, i, LY_FIELD_END_CP);
    }
    return out;
  }

  // The best rewrite, or the checked text itself when no rewrite was proposed: what a host
  // shows as "say this instead" without special-casing clean utterances.
  std::string_view best_text() const noexcept {
    if (Count(LY_ITEM_REWRITE) > 0) return View(LY_ITEM_REWRITE, 0, LY_FIELD_TEXT);
    return text();
  }

  // The whole result as one JSON object, including fields that have no getter.
  std::string to_json() const {
    char* raw = nullptr;
    std::size_t len = 0;
    const ly_status status = ly_result_to_json(raw_, &raw, &len);
    detail::OwnedString owned(raw);
    detail::ThrowIfError(status);
    return owned ? std::string(owned.get(), len) : std::string();
  }

  const ly_result* get() const noexcept { return raw_; }

 protected:
  const ly_result* raw_ = nullptr;

 private:
  std::size_t Count(ly_item item) const noexcept { return ly_result_count(raw_, item); }
  std::int64_t Int(ly_item item, std::size_t i, ly_field field) const noexcept {
    return ly_result_get_int(raw_, item, i, field);
  }
  std::string_view View(ly_item item, std::size_t i, ly_field field) const noexcept {
    std::size_t len = 0;
    const char* s = ly_result_get_str(raw_, item, i, field, &len);
    return s ? std::string_view(s, len) : std::string_view();
  }
  std::string Str(ly_item item, std::size_t i, ly_field field) const {
    return std::string(View(item, i, field));
  }
};

// The outcome of one check, owned.  Immutable; safe to read from many threads; may outlive its
// Engine.  Every getter is ResultView's; a Result converts to a ResultView that borrows from it.
class Result : public ResultView {
 public:
  Result() noexcept = default;  // holds nothing; the target of Engine::try_check
  explicit Result(ly_result* raw) noexcept : ResultView(raw), handle_(raw) {}

  // Moves keep the view and the owner in step: the moved-from Result views nothing.
  Result(Result&& other) noexcept : ResultView(other.raw_), handle_(std::move(other.handle_)) {
    other.raw_ = nullptr;
  }
  Result& operator=(Result&& other) noexcept {
    handle_ = std::move(other.handle_);
    raw_ = other.raw_;
    other.raw_ = nullptr;
    return *this;
  }

  ly_result* release() noexcept {
    raw_ = nullptr;
    return handle_.release();
  }

 private:
  std::unique_ptr<ly_result, detail::ResultDeleter> handle_;
};

// A coached dialogue: every agent turn checked, plus the pack's score card.  Immutable; safe
// to read from many threads; may outlive its Engine.  Move-only.
class Report {
 public:
  Report() noexcept = default;  // holds nothing; the target of Engine::try_coach
  explicit Report(ly_report* raw) noexcept : handle_(raw) {}

  bool empty() const noexcept { return handle_ == nullptr; }
  explicit operator bool() const noexcept { return !empty(); }

  // 0..100: the mean of card_score() and utterance_score(), 0 when a fatal item failed;
  // -1 for an empty Report (as are the other integers).
  int score() const noexcept { return Int(LY_REPORT_SCORE); }
  // 100 minus the points of the failed score-card items.
  int card_score() const noexcept { return Int(LY_REPORT_CARD_SCORE); }
  // Mean score of the agent turns.
  int utterance_score() const noexcept { return Int(LY_REPORT_UTTERANCE_SCORE); }
  bool fatal_failed() const noexcept { return Int(LY_REPORT_FATAL_FAILED) == 1; }
  std::size_t turn_count() const noexcept { return Count(LY_REPORT_TURN_COUNT); }
  std::size_t item_count() const noexcept { return Count(LY_REPORT_ITEM_COUNT); }
  std::size_t failed_count() const noexcept { return Count(LY_REPORT_FAILED_COUNT); }

  // The check of turn `index` when it is an agent turn; nullopt for customer turns and
  // indices out of range.  The view borrows from this Report.
  std::optional<ResultView> turn(std::size_t index) const noexcept {
    const ly_result* raw = ly_report_turn(handle_.get(), index);
    if (raw == nullptr) return std::nullopt;
    return ResultView(raw);
  }

  // The whole report as one JSON object: the score card with outcomes, points and evidence
  // (turn indices are 0-based), and every turn with its check.
  std::string to_json() const { return Serialise(&ly_report_to_json); }
  // A self-contained HTML page for trainers (no scripts, no network, no external assets).
  std::string to_html() const { return Serialise(&ly_report_to_html); }

  const ly_report* get() const noexcept { return handle_.get(); }
  ly_report* release() noexcept { return handle_.release(); }

 private:
  int Int(ly_report_field field) const noexcept {
    return static_cast<int>(ly_report_get_int(handle_.get(), field));
  }
  std::size_t Count(ly_report_field field) const noexcept {
    const std::int64_t n = ly_report_get_int(handle_.get(), field);
    return n < 0 ? 0 : static_cast<std::size_t>(n);
  }
  std::string Serialise(ly_status (*fn)(const ly_report*, char**, std::size_t*)) const {
    char* raw = nullptr;
    std::size_t len = 0;
    const ly_status status = fn(handle_.get(), &raw, &len);
    detail::OwnedString owned(raw);
    detail::ThrowIfError(status);
    return owned ? std::string(owned.get(), len) : std::string();
  }

  std::unique_ptr<ly_report, detail::ReportDeleter> handle_;
};

// Compiled rules.  Immutable after create(); build one at start-up and share it (by reference
// or through a shared_ptr<const Engine>) across all threads.
class Engine {
 public:
  // The embedded default pack only.
  static Engine create() { return Create(nullptr); }
  static Engine create(const Options& options) { return Create(&options); }
  // Non-throwing form; on failure `out` is left empty and the Status carries the message
  // (e.g. a pack's file:line:column).
  static Status try_create(const Options* options, Engine* out) {
    ly_engine* raw = nullptr;
    char* error = nullptr;
    const ly_status status = ly_engine_create(options ? options->get() : nullptr, &raw, &error);
    std::string message = detail::TakeMessage(error);
    if (out != nullptr)
      out->handle_.reset(raw);
    else
      ly_engine_free(raw);
    return Status(status, std::move(message));
  }

  Engine() noexcept = default;  // holds nothing; the target of try_create
  bool empty() const noexcept { return handle_ == nullptr; }

  // Borrowed, valid while this Engine lives; empty for an unknown key or an empty Engine.
  std::string_view info(Info key) const noexcept {
    const char* s = ly_engine_info(handle_.get(), key);
    return s ? std::string_view(s) : std::string_view();
  }

  // Checks one UTF-8 utterance.  Throws Error (LY_E_INVALID_UTF8, LY_E_INPUT_TOO_LARGE, ...).
  Result check(std::string_view text, const Context* context = nullptr) const {
    Result result;
    detail::ThrowIfError(try_check(text, &result, context).code());
    return result;
  }
  Status try_check(std::string_view text, Result* out,
                   const Context* context = nullptr) const noexcept {
    ly_result* raw = nullptr;
    const ly_status status =
        ly_check(handle_.get(), text.data(), text.size(), context ? context->get() : nullptr, &raw);
    if (out != nullptr)
      *out = Result(raw);
    else
      ly_result_free(raw);
    return Status(status);
  }

  // Checks bytes in a legacy charset ("GBK", "GB18030", "Big5", "UTF-8"); offsets in the
  // result point into `bytes`.
  Result check_encoded(const std::string& charset, std::string_view bytes,
                       const Context* context = nullptr) const {
    Result result;
    Status status = try_check_encoded(charset, bytes, &result, context);
    if (!status.ok()) throw Error(std::move(status));
    return result;
  }
  Status try_check_encoded(const std::string& charset, std::string_view bytes, Result* out,
                           const Context* context = nullptr) const {
    ly_result* raw = nullptr;
    char* error = nullptr;
    const ly_status status =
        ly_check_encoded(handle_.get(), charset.c_str(), bytes.data(), bytes.size(),
                         context ? context->get() : nullptr, &raw, &error);
    Result owned(raw);  // owns the handle before anything below can throw
    std::string message = detail::TakeMessage(error);
    if (out != nullptr) *out = std::move(owned);
    return Status(status, std::move(message));
  }

  // Coaches one dialogue given as JSON: {"id"?, "agent_id"?, "turns": [{"role": "agent" |
  // "customer", "text", "start_ms"?, "end_ms"?, "agent_id"?}]}; other fields are ignored.
  // Throws Error whose message names the byte or turn at fault.
  Report coach(std::string_view dialogue_json, const Context* context = nullptr) const {
    Report report;
    Status status = try_coach(dialogue_json, &report, context);
    if (!status.ok()) throw Error(std::move(status));
    return report;
  }
  Status try_coach(std::string_view dialogue_json, Report* out,
                   const Context* context = nullptr) const {
    ly_report* raw = nullptr;
    char* error = nullptr;
    const ly_status status = ly_coach(handle_.get(), dialogue_json.data(), dialogue_json.size(),
                                      context ? context->get() : nullptr, &raw, &error);
    Report owned(raw);  // owns the handle before anything below can throw
    std::string message = detail::TakeMessage(error);
    if (out != nullptr) *out = std::move(owned);
    return Status(status, std::move(message));
  }

  const ly_engine* get() const noexcept { return handle_.get(); }

 private:
  static Engine Create(const Options* options) {
    Engine engine;
    Status status = try_create(options, &engine);
    if (!status.ok()) throw Error(std::move(status));
    return engine;
  }

  std::unique_ptr<ly_engine, detail::EngineDeleter> handle_;
};

// A streaming check of one utterance whose text grows or is revised (an agent typing, partial
// speech-recognition results): pass the whole current text on every change.  After any
// sequence of updates the findings, credits and score equal Engine::check of the same text;
// with LY_SESSION_REWRITES the whole result does (see ly_session_update for what is reused).
//
//     liangyan::Session session(engine);
//     for (const std::string& partial : partials) show(session.update(partial).findings());
//     liangyan::ResultView final = session.update(text, &context, LY_SESSION_REWRITES);
//
// The ResultView an update returns borrows from the Session: valid until the next update(),
// reset(), or the Session's destruction or move.  A Session is used by one thread at a time;
// any number of them share one Engine, which must outlive them.  Move-only.
class Session {
 public:
  Session() noexcept = default;  // holds nothing: updates fail with LY_E_INVALID_ARGUMENT
  explicit Session(const Engine& engine) {
    ly_session* raw = nullptr;
    detail::ThrowIfError(ly_session_create(engine.get(), &raw), "cannot create a session");
    handle_.reset(raw);
  }

  bool empty() const noexcept { return handle_ == nullptr; }

  // Checks `text`, the utterance as it stands now.  flags: LY_SESSION_FINDINGS (findings and
  // score only) or LY_SESSION_REWRITES.  Throws Error (LY_E_INVALID_UTF8, ...); after an error
  // the session starts afresh, as after reset().
  ResultView update(std::string_view text, const Context* context = nullptr,
                    std::uint32_t flags = LY_SESSION_FINDINGS) {
    ResultView view;
    detail::ThrowIfError(try_update(text, &view, context, flags).code());
    return view;
  }
  Status try_update(std::string_view text, ResultView* out, const Context* context = nullptr,
                    std::uint32_t flags = LY_SESSION_FINDINGS) noexcept {
    const ly_result* raw = nullptr;
    const ly_status status = ly_session_update(handle_.get(), text.data(), text.size(),
                                               context ? context->get() : nullptr, flags, &raw);
    if (out != nullptr) *out = ResultView(raw);
    return Status(status);
  }

  // Starts a new utterance, keeping the memory.  Views handed out before become invalid.
  void reset() noexcept { ly_session_reset(handle_.get()); }

  ly_session* get() noexcept { return handle_.get(); }

 private:
  std::unique_ptr<ly_session, detail::SessionDeleter> handle_;
};

// Runtime library version ("0.1.0"); compare with LY_VERSION_NUMBER to detect a mismatch.
inline std::string_view version() noexcept { return ly_version_string(); }
inline std::uint32_t version_number() noexcept { return ly_version_number(); }

}  // namespace liangyan

#endif  // LIANGYAN_LIANGYAN_HPP_
