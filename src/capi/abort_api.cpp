// ggml_abort and the abort callback: the end of every C API error path.
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "capi/guard.hpp"
#include "lugh/ggml/ggml.h"

namespace {
std::atomic<ggml_abort_callback_t> g_abort_callback{nullptr};
}

namespace lugh::capi {

void abort_with(const char* message) {
    ggml_abort_callback_t cb = g_abort_callback.load();
    if (cb) {
        cb(message);
    } else {
        std::fprintf(stderr, "%s\n", message);
        std::fflush(stderr);
    }
    std::abort();
}

}  // namespace lugh::capi

extern "C" {

ggml_abort_callback_t ggml_set_abort_callback(ggml_abort_callback_t callback) {
    return g_abort_callback.exchange(callback);
}

void ggml_abort(const char* file, int line, const char* fmt, ...) {
    char text[768];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char message[1024];
    std::snprintf(message, sizeof message, "%s:%d: %s", file, line, text);
    lugh::capi::abort_with(message);
}

const char* ggml_status_to_string(enum ggml_status status) {
    switch (lugh::capi::enum_number(status)) {   // any int is answered
        case GGML_STATUS_ALLOC_FAILED: return "GGML status: error (failed to allocate memory)";
        case GGML_STATUS_FAILED: return "GGML status: error (operation failed)";
        case GGML_STATUS_SUCCESS: return "GGML status: success";
        case GGML_STATUS_ABORTED: return "GGML status: warning (operation aborted)";
        default: return "GGML status: unknown";
    }
}

}  // extern "C"
