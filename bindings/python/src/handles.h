// Owning handles over the C API for the Python module.  The module binds only the stable C
// header, so that every Python test also exercises the exported ABI.
#ifndef LIANGYAN_BINDINGS_PYTHON_HANDLES_H_
#define LIANGYAN_BINDINGS_PYTHON_HANDLES_H_

#include <memory>
#include <string>

#include "liangyan/liangyan.h"

namespace liangyan_py {

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
struct CharDeleter {
  void operator()(char* p) const noexcept { ly_free(p); }
};

using OptionsPtr = std::unique_ptr<ly_options, OptionsDeleter>;
using EnginePtr = std::unique_ptr<ly_engine, EngineDeleter>;
using ContextPtr = std::unique_ptr<ly_context, ContextDeleter>;
using ResultPtr = std::unique_ptr<ly_result, ResultDeleter>;
using ReportPtr = std::unique_ptr<ly_report, ReportDeleter>;
using CharPtr = std::unique_ptr<char, CharDeleter>;

// Takes ownership of a char** output at once, so it is freed on every path.
inline std::string TakeString(char* raw) {
  CharPtr owned(raw);
  return owned ? std::string(owned.get()) : std::string();
}

}  // namespace liangyan_py

#endif  // LIANGYAN_BINDINGS_PYTHON_HANDLES_H_
