// extern "C" shims of the streaming session (ly_session_*); same rules as capi.cc: check the
// arguments, call the core, map every exception to a status.
#include <new>

#include "capi/handles.h"
#include "core/session.h"
#include "liangyan/liangyan.h"

struct ly_session {
  explicit ly_session(const liangyan::Engine& engine) : session(engine, &result.result) {}

  ly_result result;  // what ly_session_update hands out, borrowed; declared before `session`
  liangyan::Session session;
};

namespace {

constexpr uint32_t kKnownFlags = LY_SESSION_REWRITES;

}  // namespace

extern "C" {

ly_status ly_session_create(const ly_engine* engine, ly_session** out_session) {
  if (!out_session) return LY_E_INVALID_ARGUMENT;
  *out_session = nullptr;
  if (!engine) return LY_E_INVALID_ARGUMENT;
  try {
    *out_session = new ly_session(*engine->engine);
    return LY_OK;
  } catch (const std::bad_alloc&) {
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    return LY_E_INTERNAL;
  }
}

void ly_session_free(ly_session* session) { delete session; }

void ly_session_reset(ly_session* session) {
  if (session) session->session.Reset();
}

ly_status ly_session_update(ly_session* session, const char* text, size_t len,
                            const ly_context* context, uint32_t flags,
                            const ly_result** out_result) {
  if (!out_result) {
    if (session) session->session.Reset();
    return LY_E_INVALID_ARGUMENT;
  }
  *out_result = nullptr;
  if (!session) return LY_E_INVALID_ARGUMENT;
  if ((!text && len > 0) || (flags & ~kKnownFlags) != 0) {
    session->session.Reset();
    return LY_E_INVALID_ARGUMENT;
  }
  try {
    static const liangyan::rewrite::SlotValues kNoSlots;
    const ly_status status = session->session.Update(
        std::string_view(text ? text : "", len), context ? context->slots : kNoSlots,
        (flags & LY_SESSION_REWRITES) ? liangyan::Session::Depth::kFull
                                      : liangyan::Session::Depth::kFindings);
    if (status != LY_OK) return status;
    *out_result = &session->result;
    return LY_OK;
  } catch (const std::bad_alloc&) {
    session->session.Reset();
    return LY_E_OUT_OF_MEMORY;
  } catch (...) {
    session->session.Reset();
    return LY_E_INTERNAL;
  }
}

}  // extern "C"
