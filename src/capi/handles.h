// The C API's opaque handles, shared by the translation units that implement the C API
// (capi.cc and session_capi.cc).  Internal: never installed, never included by hosts.
#ifndef LIANGYAN_CAPI_HANDLES_H_
#define LIANGYAN_CAPI_HANDLES_H_

#include <memory>

#include "core/engine.h"
#include "core/result.h"
#include "liangyan/liangyan.h"
#include "rewrite/rewriter.h"

struct ly_engine {
  std::unique_ptr<liangyan::Engine> engine;
};

struct ly_context {
  liangyan::rewrite::SlotValues slots;
};

struct ly_result {
  liangyan::Result result;
};

#endif  // LIANGYAN_CAPI_HANDLES_H_
