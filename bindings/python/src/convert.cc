#include "convert.h"

#include <new>
#include <stdexcept>
#include <utility>

namespace liangyan_py {

Registry& GetRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

void Maker::Init(py::object cls, std::size_t fields) {
  cls_ = std::move(cls);
  slots_.clear();
  if (!PyType_Check(cls_.ptr())) throw py::type_error("register_types expects classes");
  const py::object names = py::getattr(cls_, "__slots__", py::none());
  if (!py::isinstance<py::tuple>(names) || py::len(names) != fields) return;
  // The type's own dict (cls.__dict__ is a read-only proxy of it).
  const py::dict members =
      py::reinterpret_borrow<py::dict>(reinterpret_cast<PyTypeObject*>(cls_.ptr())->tp_dict);
  std::vector<py::object> slots;
  for (py::handle name : names) {
    if (!members.contains(name)) return;
    py::object descriptor = members[name];
    if (!PyObject_TypeCheck(descriptor.ptr(), &PyMemberDescr_Type)) return;
    slots.push_back(std::move(descriptor));
  }
  slots_ = std::move(slots);
}

py::object Maker::Build(const py::object* values, std::size_t count) const {
  if (slots_.empty()) {
    py::tuple args(count);
    for (std::size_t i = 0; i < count; ++i) args[i] = values[i];
    return cls_(*args);
  }
  PyTypeObject* type = reinterpret_cast<PyTypeObject*>(cls_.ptr());
  py::object object = py::reinterpret_steal<py::object>(type->tp_alloc(type, 0));
  if (!object) throw py::error_already_set();
  for (std::size_t i = 0; i < count; ++i) {
    PyObject* descriptor = slots_[i].ptr();
    if (Py_TYPE(descriptor)->tp_descr_set(descriptor, object.ptr(), values[i].ptr()) < 0) {
      throw py::error_already_set();
    }
  }
  return object;
}

py::object MakeError(ly_status status, const std::string& message, py::object index) {
  const Registry& registry = GetRegistry();
  if (!registry.ready) {
    // Only reachable when the native module is used without the package around it.
    throw std::runtime_error(std::string(ly_status_name(status)) + ": " + message);
  }
  return registry.make_error(static_cast<int>(status), message, std::move(index));
}

void RaiseStatus(ly_status status, const std::string& message, py::object index) {
  py::object error = MakeError(status, message, std::move(index));
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
  throw py::error_already_set();
}

void TextRef::Assign(py::handle object) {
  PyObject* raw = object.ptr();
  use_owned_ = false;
  from_str_ = false;
  if (PyUnicode_Check(raw)) {
    from_str_ = true;
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(raw, &size);
    if (data != nullptr) {
      data_ = data;
      size_ = static_cast<std::size_t>(size);
      return;
    }
    // A str with lone surrogates has no UTF-8 form.  Hand the library the bytes they would
    // have, so that it decides as for any ill-formed input (reject, or replace when asked).
    PyErr_Clear();
    PyObject* encoded = PyUnicode_AsEncodedString(raw, "utf-8", "surrogatepass");
    if (encoded == nullptr) throw py::error_already_set();
    py::bytes bytes = py::reinterpret_steal<py::bytes>(encoded);
    owned_ = std::string(bytes);
    use_owned_ = true;
    return;
  }
  if (PyBytes_Check(raw)) {
    data_ = PyBytes_AS_STRING(raw);
    size_ = static_cast<std::size_t>(PyBytes_GET_SIZE(raw));
    return;
  }
  if (PyByteArray_Check(raw)) {
    // Copied: another thread may resize a bytearray while the GIL is released.
    owned_.assign(PyByteArray_AS_STRING(raw), static_cast<std::size_t>(PyByteArray_GET_SIZE(raw)));
    use_owned_ = true;
    return;
  }
  throw py::type_error(std::string("text must be str or bytes, not ") + Py_TYPE(raw)->tp_name);
}

ContextPtr MakeContext(py::handle slots) {
  if (slots.is_none()) return nullptr;
  if (!PyDict_Check(slots.ptr())) throw py::type_error("context must be a dict of str to str");
  ContextPtr context(ly_context_create());
  if (!context) throw std::bad_alloc();
  for (auto item : py::reinterpret_borrow<py::dict>(slots)) {
    if (!PyUnicode_Check(item.first.ptr()) || !PyUnicode_Check(item.second.ptr())) {
      throw py::type_error("context keys and values must be str");
    }
    TextRef key, value;
    key.Assign(item.first);
    value.Assign(item.second);
    const ly_status status = ly_context_set(context.get(), key.view().data(), key.view().size(),
                                            value.view().data(), value.view().size());
    if (status != LY_OK) {
      RaiseStatus(status, "context slot " + std::string(key.view()) + " is rejected");
    }
  }
  return context;
}

namespace {

py::object Decode(const char* data, std::size_t size) {
  // The library only hands out valid UTF-8; "replace" merely keeps a broken promise visible.
  PyObject* s =
      PyUnicode_DecodeUTF8(data != nullptr ? data : "", static_cast<Py_ssize_t>(size), "replace");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(s);
}

}  // namespace

py::object ResultConverter::Str(const ly_result* result, ly_item item, std::size_t index,
                                ly_field field) {
  std::size_t size = 0;
  const char* data = ly_result_get_str(result, item, index, field, &size);
  return Decode(data, data != nullptr ? size : 0);
}

py::object ResultConverter::Shared(const ly_result* result, ly_item item, std::size_t index,
                                   ly_field field) {
  std::size_t size = 0;
  const char* data = ly_result_get_str(result, item, index, field, &size);
  const std::string_view key(data != nullptr ? data : "", data != nullptr ? size : 0);
  auto it = shared_.find(key);
  if (it != shared_.end()) return it->second;
  py::object value = Decode(key.data(), key.size());
  shared_.emplace(std::string(key), value);
  return value;
}

py::object ResultConverter::Severity(std::int64_t severity) const {
  const py::tuple& table = py::reinterpret_borrow<py::tuple>(registry_.severities);
  if (severity >= 0 && static_cast<std::size_t>(severity) < table.size()) {
    return table[static_cast<std::size_t>(severity)];
  }
  return py::int_(severity);
}

py::object ResultConverter::Convert(const ly_result* result, py::handle input) {
  const auto get = [result](ly_item item, std::size_t i, ly_field field) {
    return ly_result_get_int(result, item, i, field);
  };

  // Field order below is the dataclasses' field order in liangyan/_types.py.
  const std::size_t n_findings = ly_result_count(result, LY_ITEM_FINDING);
  py::tuple findings(n_findings);
  for (std::size_t i = 0; i < n_findings; ++i) {
    constexpr ly_item k = LY_ITEM_FINDING;
    findings[i] = registry_.finding(
        Shared(result, k, i, LY_FIELD_RULE_ID), Shared(result, k, i, LY_FIELD_CATEGORY),
        Severity(get(k, i, LY_FIELD_SEVERITY)), get(k, i, LY_FIELD_WEIGHT),
        get(k, i, LY_FIELD_BEGIN_CP), get(k, i, LY_FIELD_END_CP), get(k, i, LY_FIELD_BEGIN),
        get(k, i, LY_FIELD_END), Shared(result, k, i, LY_FIELD_MESSAGE),
        Shared(result, k, i, LY_FIELD_CITATION), Shared(result, k, i, LY_FIELD_REPLACEMENT));
  }

  const std::size_t n_credits = ly_result_count(result, LY_ITEM_CREDIT);
  py::tuple credits(n_credits);
  for (std::size_t i = 0; i < n_credits; ++i) {
    constexpr ly_item k = LY_ITEM_CREDIT;
    credits[i] = registry_.credit(Shared(result, k, i, LY_FIELD_RULE_ID),
                                  get(k, i, LY_FIELD_WEIGHT), get(k, i, LY_FIELD_BEGIN_CP),
                                  get(k, i, LY_FIELD_END_CP), get(k, i, LY_FIELD_BEGIN),
                                  get(k, i, LY_FIELD_END), Shared(result, k, i, LY_FIELD_MESSAGE));
  }

  const std::size_t n_rewrites = ly_result_count(result, LY_ITEM_REWRITE);
  py::tuple rewrites(n_rewrites);
  for (std::size_t i = 0; i < n_rewrites; ++i) {
    constexpr ly_item k = LY_ITEM_REWRITE;
    rewrites[i] = registry_.rewrite(Str(result, k, i, LY_FIELD_TEXT), get(k, i, LY_FIELD_SCORE),
                                    get(k, i, LY_FIELD_FIXES));
  }

  const std::size_t n_edits = ly_result_count(result, LY_ITEM_EDIT);
  py::tuple edits(n_edits);
  for (std::size_t i = 0; i < n_edits; ++i) {
    constexpr ly_item k = LY_ITEM_EDIT;
    edits[i] = registry_.edit(get(k, i, LY_FIELD_BEGIN_CP), get(k, i, LY_FIELD_END_CP),
                              get(k, i, LY_FIELD_BEGIN), get(k, i, LY_FIELD_END),
                              Shared(result, k, i, LY_FIELD_TEXT));
  }

  const std::size_t n_slots = ly_result_count(result, LY_ITEM_SLOT);
  py::tuple slots(n_slots);
  for (std::size_t i = 0; i < n_slots; ++i) {
    constexpr ly_item k = LY_ITEM_SLOT;
    slots[i] =
        registry_.slot(Shared(result, k, i, LY_FIELD_NAME), Shared(result, k, i, LY_FIELD_TEXT));
  }

  const std::int64_t replaced = get(LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID);
  // A str input that needed no repair is exactly the text checked: reuse it, no decoding.
  py::object text = input && replaced <= 0 ? py::reinterpret_borrow<py::object>(input)
                                           : Str(result, LY_ITEM_SUMMARY, 0, LY_FIELD_TEXT);
  return registry_.result(std::move(text), get(LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE),
                          Shared(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCRIPT), std::move(findings),
                          std::move(credits), std::move(rewrites), std::move(edits),
                          std::move(slots), replaced > 0 ? replaced : 0);
}

}  // namespace liangyan_py
