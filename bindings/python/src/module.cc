// _liangyan: the native half of the Python package.  It binds only the stable C API
// (liangyan/liangyan.h), releases the GIL around every check, and checks batches on a pool of
// std::threads so that they run truly in parallel on one shared, immutable engine.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "batch.h"
#include "convert.h"
#include "handles.h"
#include "liangyan/liangyan.h"

namespace liangyan_py {
namespace {

constexpr std::int64_t kDefaultMaxInputBytes = 65536;  // LY_OPT_MAX_INPUT_BYTES's default

std::string CheckMessage(ly_status status, std::size_t size, std::int64_t max_input_bytes) {
  switch (status) {
    case LY_E_INVALID_UTF8:
      return "input is not valid UTF-8";
    case LY_E_INPUT_TOO_LARGE:
      return "input is " + std::to_string(size) + " bytes, over max_input_bytes (" +
             std::to_string(max_input_bytes) + ")";
    case LY_E_LIMIT:
      return "a configured limit was exceeded (too many context slots?)";
    default:
      return std::string(ly_status_name(status));
  }
}

class Engine {
 public:
  // options: (LY_OPT_* key, value) pairs.  packs: ("text", bytes, name) or ("file", path).
  Engine(const std::vector<std::pair<int, std::int64_t>>& options, const py::list& packs) {
    OptionsPtr opts(ly_options_create());
    if (!opts) throw std::bad_alloc();
    for (const auto& [key, value] : options) {
      const ly_status status = ly_options_set(opts.get(), static_cast<ly_option>(key), value);
      if (status != LY_OK) {
        RaiseStatus(status,
                    "option " + std::to_string(key) + " rejects value " + std::to_string(value));
      }
      if (key == LY_OPT_MAX_INPUT_BYTES) max_input_bytes_ = value;
    }
    for (py::handle pack : packs) {
      const py::tuple spec = py::reinterpret_borrow<py::tuple>(pack);
      const std::string kind = spec[0].cast<std::string>();
      ly_status status;
      std::string what;
      if (kind == "file") {
        what = spec[1].cast<std::string>();
        status = ly_options_add_pack_file(opts.get(), what.c_str());
        what = "cannot read rule pack " + what;
      } else {
        const std::string data = spec[1].cast<std::string>();
        const std::string name = spec[2].is_none() ? std::string() : spec[2].cast<std::string>();
        status = ly_options_add_pack(opts.get(), data.data(), data.size(),
                                     name.empty() ? nullptr : name.c_str());
        what = "cannot add rule pack " + name;
      }
      if (status != LY_OK) RaiseStatus(status, what);
    }
    ly_engine* raw = nullptr;
    char* error = nullptr;
    ly_status status;
    {
      // Compiling a large pack takes a while; other Python threads may run meanwhile.
      py::gil_scoped_release release;
      status = ly_engine_create(opts.get(), &raw, &error);
    }
    engine_.reset(raw);
    std::string message = TakeString(error);
    if (status != LY_OK) RaiseStatus(status, message.empty() ? ly_status_name(status) : message);
  }

  std::optional<std::string> Info(int key) const {
    const char* value = ly_engine_info(engine_.get(), static_cast<ly_info>(key));
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  }

  py::object Check(py::object text, py::object slots) const {
    TextRef ref;
    ref.Assign(text);
    ContextPtr context = MakeContext(slots);
    ResultPtr result = CheckOne(ref, context.get());
    ResultConverter converter;
    return converter.Convert(result.get(), ref.from_str() ? text : py::handle());
  }

  py::object CheckEncoded(py::bytes data, const std::string& charset, py::object slots) const {
    TextRef ref;
    ref.Assign(data);
    ContextPtr context = MakeContext(slots);
    ly_result* raw = nullptr;
    char* error = nullptr;
    ly_status status;
    {
      py::gil_scoped_release release;
      status = ly_check_encoded(engine_.get(), charset.c_str(), ref.view().data(),
                                ref.view().size(), context.get(), &raw, &error);
    }
    ResultPtr result(raw);
    std::string message = TakeString(error);
    if (status != LY_OK) {
      RaiseStatus(status, message.empty()
                              ? CheckMessage(status, ref.view().size(), max_input_bytes_)
                              : message);
    }
    ResultConverter converter;
    return converter.Convert(result.get(), py::handle());
  }

  std::string CheckJson(py::object text, py::object slots) const {
    TextRef ref;
    ref.Assign(text);
    ContextPtr context = MakeContext(slots);
    ResultPtr result = CheckOne(ref, context.get());
    char* json = nullptr;
    std::size_t size = 0;
    const ly_status status = ly_result_to_json(result.get(), &json, &size);
    CharPtr owned(json);
    if (status != LY_OK) RaiseStatus(status, "cannot serialise the result");
    return std::string(owned.get(), size);
  }

  // Checks every item of `texts` on `threads` threads; see batch.h.
  py::list CheckMany(py::object texts, py::object slots, int threads, bool stop_on_error) const {
    return liangyan_py::CheckMany(engine_.get(), texts, slots, threads, stop_on_error,
                                  &CheckMessage, max_input_bytes_);
  }

  // Coaches one dialogue (JSON text).  Returns the report's integers, the agent turns' results
  // (None for customer turns), the report as JSON and, when asked, as HTML; the package
  // turns that into a Report.
  py::tuple Coach(py::object dialogue, py::object slots, bool html) const {
    TextRef ref;
    ref.Assign(dialogue);
    ContextPtr context = MakeContext(slots);
    ly_report* raw = nullptr;
    char* error = nullptr;
    ly_status status;
    {
      py::gil_scoped_release release;
      status = ly_coach(engine_.get(), ref.view().data(), ref.view().size(), context.get(), &raw,
                        &error);
    }
    ReportPtr report(raw);
    std::string message = TakeString(error);
    if (status != LY_OK) {
      RaiseStatus(status, message.empty()
                              ? CheckMessage(status, ref.view().size(), max_input_bytes_)
                              : message);
    }
    const auto get = [&](ly_report_field field) { return ly_report_get_int(report.get(), field); };
    const std::int64_t turn_count = get(LY_REPORT_TURN_COUNT);
    py::tuple turns(static_cast<std::size_t>(std::max<std::int64_t>(turn_count, 0)));
    ResultConverter converter;
    for (std::size_t i = 0; i < turns.size(); ++i) {
      const ly_result* turn = ly_report_turn(report.get(), i);
      turns[i] = turn != nullptr ? converter.Convert(turn, py::handle()) : py::none();
    }
    const auto serialise = [&](ly_status (*fn)(const ly_report*, char**, std::size_t*)) {
      char* text = nullptr;
      std::size_t size = 0;
      const ly_status done = fn(report.get(), &text, &size);
      CharPtr owned(text);
      if (done != LY_OK) RaiseStatus(done, "cannot serialise the report");
      return py::str(owned.get(), size);
    };
    py::object json = serialise(&ly_report_to_json);
    py::object page = html ? py::object(serialise(&ly_report_to_html)) : py::none();
    return py::make_tuple(get(LY_REPORT_SCORE), get(LY_REPORT_CARD_SCORE),
                          get(LY_REPORT_UTTERANCE_SCORE), get(LY_REPORT_FATAL_FAILED) == 1,
                          turn_count, get(LY_REPORT_ITEM_COUNT), get(LY_REPORT_FAILED_COUNT),
                          std::move(turns), std::move(json), std::move(page));
  }

 private:
  ResultPtr CheckOne(const TextRef& ref, const ly_context* context) const {
    const std::string_view text = ref.view();
    ly_result* raw = nullptr;
    ly_status status;
    {
      py::gil_scoped_release release;
      status = ly_check(engine_.get(), text.data(), text.size(), context, &raw);
    }
    ResultPtr result(raw);
    if (status != LY_OK) RaiseStatus(status, CheckMessage(status, text.size(), max_input_bytes_));
    return result;
  }

  EnginePtr engine_;
  std::int64_t max_input_bytes_ = kDefaultMaxInputBytes;

 public:
  const ly_engine* get() const { return engine_.get(); }
  std::int64_t max_input_bytes() const { return max_input_bytes_; }
};

// A streaming session (ly_session) on an Engine, which the binding keeps alive (keep_alive in
// the class definition below).  The GIL is released while checking, so nothing stops two Python
// threads from calling one session at once; the C contract forbids that, so the second caller
// gets a RuntimeError instead of a data race.
class Session {
 public:
  explicit Session(const Engine& engine) : max_input_bytes_(engine.max_input_bytes()) {
    ly_session* raw = nullptr;
    const ly_status status = ly_session_create(engine.get(), &raw);
    session_.reset(raw);
    if (status != LY_OK) RaiseStatus(status, "cannot create a session");
  }

  py::object Update(py::object text, py::object slots, bool rewrites) {
    TextRef ref;
    ref.Assign(text);
    ContextPtr context = MakeContext(slots);
    Exclusive exclusive(&busy_);  // held until the borrowed result has been converted
    const ly_result* result = nullptr;
    ly_status status;
    {
      py::gil_scoped_release release;
      status = ly_session_update(session_.get(), ref.view().data(), ref.view().size(),
                                 context.get(), rewrites ? LY_SESSION_REWRITES : 0, &result);
    }
    if (status != LY_OK) {
      RaiseStatus(status, CheckMessage(status, ref.view().size(), max_input_bytes_));
    }
    ResultConverter converter;
    return converter.Convert(result, ref.from_str() ? text : py::handle());
  }

  void Reset() {
    Exclusive exclusive(&busy_);
    ly_session_reset(session_.get());
  }

 private:
  // Marks the session busy for one call; a second caller meanwhile raises RuntimeError.
  class Exclusive {
   public:
    explicit Exclusive(std::atomic<bool>* busy) : busy_(busy) {
      if (busy_->exchange(true, std::memory_order_acquire)) {
        busy_ = nullptr;
        throw std::runtime_error("a liangyan.Session is used by one thread at a time");
      }
    }
    ~Exclusive() {
      if (busy_ != nullptr) busy_->store(false, std::memory_order_release);
    }
    Exclusive(const Exclusive&) = delete;
    Exclusive& operator=(const Exclusive&) = delete;

   private:
    std::atomic<bool>* busy_;
  };

  struct SessionDeleter {
    void operator()(ly_session* p) const noexcept { ly_session_free(p); }
  };
  std::unique_ptr<ly_session, SessionDeleter> session_;
  std::int64_t max_input_bytes_;
  std::atomic<bool> busy_{false};
};

void RegisterTypes(py::object result, py::object finding, py::object credit, py::object rewrite,
                   py::object edit, py::object slot, py::tuple severities, py::object make_error) {
  Registry& registry = GetRegistry();
  // Field counts: what ResultConverter::Convert passes to each class.
  registry.result.Init(std::move(result), 9);
  registry.finding.Init(std::move(finding), 11);
  registry.credit.Init(std::move(credit), 7);
  registry.rewrite.Init(std::move(rewrite), 3);
  registry.edit.Init(std::move(edit), 5);
  registry.slot.Init(std::move(slot), 2);
  registry.severities = std::move(severities);
  registry.make_error = std::move(make_error);
  registry.ready = true;
}

}  // namespace
}  // namespace liangyan_py

PYBIND11_MODULE(_liangyan, m) {
  namespace py = pybind11;
  using liangyan_py::Engine;
  m.doc() = "Native half of the liangyan package; use the liangyan module instead.";

  m.def("register_types", &liangyan_py::RegisterTypes, py::arg("result"), py::arg("finding"),
        py::arg("credit"), py::arg("rewrite"), py::arg("edit"), py::arg("slot"),
        py::arg("severities"), py::arg("make_error"));
  m.def("version", [] { return std::string(ly_version_string()); });
  m.def("version_number", [] { return ly_version_number(); });
  m.def("status_name",
        [](int status) { return std::string(ly_status_name(static_cast<ly_status>(status))); });
  m.attr("HEADER_VERSION_NUMBER") = LY_VERSION_NUMBER;

  py::dict options;
  options["max_input_bytes"] = static_cast<int>(LY_OPT_MAX_INPUT_BYTES);
  options["invalid_utf8"] = static_cast<int>(LY_OPT_INVALID_UTF8);
  options["use_default_pack"] = static_cast<int>(LY_OPT_USE_DEFAULT_PACK);
  options["max_rewrites"] = static_cast<int>(LY_OPT_MAX_REWRITES);
  options["max_rules"] = static_cast<int>(LY_OPT_MAX_RULES);
  options["max_condition_depth"] = static_cast<int>(LY_OPT_MAX_CONDITION_DEPTH);
  options["regex_max_mem"] = static_cast<int>(LY_OPT_REGEX_MAX_MEM);
  options["max_pattern_bytes"] = static_cast<int>(LY_OPT_MAX_PATTERN_BYTES);
  options["max_slots"] = static_cast<int>(LY_OPT_MAX_SLOTS);
  options["max_turns"] = static_cast<int>(LY_OPT_MAX_TURNS);
  m.attr("OPTIONS") = options;

  py::dict info;
  info["pack_id"] = static_cast<int>(LY_INFO_PACK_ID);
  info["pack_version"] = static_cast<int>(LY_INFO_PACK_VERSION);
  info["rule_count"] = static_cast<int>(LY_INFO_RULE_COUNT);
  info["packs"] = static_cast<int>(LY_INFO_PACKS);
  m.attr("INFO") = info;

  py::dict status;
  for (int code :
       {LY_OK, LY_E_INVALID_ARGUMENT, LY_E_INVALID_UTF8, LY_E_INPUT_TOO_LARGE, LY_E_ENCODING,
        LY_E_PACK_SYNTAX, LY_E_PACK_INVALID, LY_E_PACK_VERSION, LY_E_PATTERN, LY_E_LIMIT,
        LY_E_OUT_OF_MEMORY, LY_E_NOT_FOUND, LY_E_IO, LY_E_INTERNAL}) {
    status[py::str(ly_status_name(static_cast<ly_status>(code)))] = code;
  }
  m.attr("STATUS") = status;
  m.attr("INVALID_UTF8_REJECT") = static_cast<int>(LY_INVALID_UTF8_REJECT);
  m.attr("INVALID_UTF8_REPLACE") = static_cast<int>(LY_INVALID_UTF8_REPLACE);

  py::class_<Engine>(m, "Engine")
      .def(py::init<const std::vector<std::pair<int, std::int64_t>>&, const py::list&>(),
           py::arg("options"), py::arg("packs"))
      .def("info", &Engine::Info, py::arg("key"))
      .def("check", &Engine::Check, py::arg("text"), py::arg("context") = py::none())
      .def("check_encoded", &Engine::CheckEncoded, py::arg("data"), py::arg("charset"),
           py::arg("context") = py::none())
      .def("check_json", &Engine::CheckJson, py::arg("text"), py::arg("context") = py::none())
      .def("check_many", &Engine::CheckMany, py::arg("texts"), py::arg("context") = py::none(),
           py::arg("threads") = 1, py::arg("stop_on_error") = true)
      .def("coach", &Engine::Coach, py::arg("dialogue"), py::arg("context") = py::none(),
           py::arg("html") = false);

  py::class_<liangyan_py::Session>(m, "Session")
      .def(py::init<const Engine&>(), py::arg("engine"), py::keep_alive<1, 2>())
      .def("update", &liangyan_py::Session::Update, py::arg("text"),
           py::arg("context") = py::none(), py::arg("rewrites") = false)
      .def("reset", &liangyan_py::Session::Reset);
}
