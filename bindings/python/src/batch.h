// Checking a batch on several native threads while the calling thread turns finished results
// into Python objects in input order.
#ifndef LIANGYAN_BINDINGS_PYTHON_BATCH_H_
#define LIANGYAN_BINDINGS_PYTHON_BATCH_H_

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

#include "liangyan/liangyan.h"

namespace liangyan_py {

namespace py = pybind11;

// Checks every item of `texts` (a sequence of str/bytes) on `threads` threads in total, the
// caller's included, and returns a list of results in input order.  With stop_on_error the
// first failing item (lowest index) is raised; otherwise its exception takes its place.
// `describe` turns a failed item's status and byte size into the exception message.
py::list CheckMany(const ly_engine* engine, py::handle texts, py::handle slots, int threads,
                   bool stop_on_error,
                   std::string (*describe)(ly_status, std::size_t, std::int64_t),
                   std::int64_t max_input_bytes);

}  // namespace liangyan_py

#endif  // LIANGYAN_BINDINGS_PYTHON_BATCH_H_
