// Conversions between Python objects and the C API: input text, context slots, results.
#ifndef LIANGYAN_BINDINGS_PYTHON_CONVERT_H_
#define LIANGYAN_BINDINGS_PYTHON_CONVERT_H_

#include <pybind11/pybind11.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "handles.h"
#include "liangyan/liangyan.h"

namespace liangyan_py {

namespace py = pybind11;

// Builds instances of a slots dataclass without running its __init__: allocates the object
// and stores each field through its slot descriptor, in field order.  Batches build results by
// the hundred thousand while the checking threads wait for the GIL-holding thread, and a
// frozen dataclass's __init__ costs a Python call plus an object.__setattr__ per field.
// Classes that are not plain slots classes are built by calling them instead.
class Maker {
 public:
  // `fields` is the number of fields the native side passes, in the class's field order.
  void Init(py::object cls, std::size_t fields);

  template <typename... Args>
  py::object operator()(Args&&... args) const {
    std::array<py::object, sizeof...(Args)> values{ToObject(std::forward<Args>(args))...};
    return Build(values.data(), values.size());
  }

 private:
  static py::object ToObject(py::object value) { return value; }
  static py::object ToObject(std::int64_t value) {
    return py::reinterpret_steal<py::object>(PyLong_FromLongLong(value));
  }

  py::object Build(const py::object* values, std::size_t count) const;

  py::object cls_;
  std::vector<py::object> slots_;  // member descriptors; empty: call the class
};

// The Python classes results are built from, handed over by the pure-Python package at import
// (see register_types): the dataclasses are defined in Python so that they stay readable,
// typed and picklable, and the module only fills them in.
struct Registry {
  Maker result, finding, credit, rewrite, edit, slot;
  py::object severities;  // tuple: index -> Severity member
  py::object make_error;  // (status, message, index) -> exception instance
  bool ready = false;
};

// Process-wide and deliberately leaked: Python objects must not be released by static
// destructors after the interpreter has finalised.
Registry& GetRegistry();

// Builds the package's exception for a status (LiangyanError and its subclasses).
py::object MakeError(ly_status status, const std::string& message, py::object index = py::none());

// Raises MakeError(...) as the current Python exception.
[[noreturn]] void RaiseStatus(ly_status status, const std::string& message,
                              py::object index = py::none());

// The UTF-8 bytes of one input.  Borrowed from the Python object where possible (str keeps a
// cached UTF-8 copy; bytes are immutable), so the caller must keep that object alive, which
// also makes it safe to read with the GIL released.
class TextRef {
 public:
  // Accepts str, bytes and bytearray; raises TypeError otherwise.
  void Assign(py::handle object);

  std::string_view view() const {
    return use_owned_ ? std::string_view(owned_) : std::string_view(data_, size_);
  }
  bool from_str() const { return from_str_; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::string owned_;  // copies that would not be stable otherwise (bytearray, surrogates)
  bool use_owned_ = false;
  bool from_str_ = false;
};

// A ly_context holding the slots of a dict (None: no context, returns null).
ContextPtr MakeContext(py::handle slots);

// Builds the Python Result of one ly_result.  Strings that repeat across results (rule ids,
// categories, messages, citations) are decoded once per converter and shared, which saves both
// time and memory on large batches.
class ResultConverter {
 public:
  ResultConverter() : registry_(GetRegistry()) {}

  // `input` is the str that was checked, reused as Result.text when it is exactly what the
  // library checked; pass an empty handle otherwise.
  py::object Convert(const ly_result* result, py::handle input);

 private:
  py::object Str(const ly_result* result, ly_item item, std::size_t index, ly_field field);
  py::object Shared(const ly_result* result, ly_item item, std::size_t index, ly_field field);
  py::object Severity(std::int64_t severity) const;

  const Registry& registry_;
  // Transparent hashing: looking up a borrowed C string allocates nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, py::object, Hash, std::equal_to<>> shared_;
};

}  // namespace liangyan_py

#endif  // LIANGYAN_BINDINGS_PYTHON_CONVERT_H_
