// Helpers shared by the core tests.
//
// c_error_of(): run C API code with an abort callback that longjmps back, and
// return the error message (empty when no error happened). This is how the
// tests check C API error paths without a death test, and how they check
// that a context is still usable after an error.
#pragma once

#include <csetjmp>
#include <string>
#include <vector>

#include "lugh/ggml/ggml.h"

namespace lugh_test {

inline std::jmp_buf g_abort_jump;
inline std::string g_abort_message;

inline void longjmp_on_abort(const char* message) {
    g_abort_message = message;
    std::longjmp(g_abort_jump, 1);
}

// The message the C API reported while running f, or "" if it reported none.
// f must not own objects with destructors across the failing call (longjmp
// skips them).
template <typename F>
std::string c_error_of(F&& f) {
    g_abort_message.clear();
    ggml_abort_callback_t previous = ggml_set_abort_callback(longjmp_on_abort);
    if (setjmp(g_abort_jump) == 0) f();
    ggml_set_abort_callback(previous);
    return g_abort_message;
}

// A C context freed at the end of the scope.
class CContext {
public:
    explicit CContext(size_t mem_size, void* mem_buffer = nullptr, bool no_alloc = false)
        : ctx_(ggml_init(ggml_init_params{mem_size, mem_buffer, no_alloc})) {}
    ~CContext() { ggml_free(ctx_); }
    CContext(const CContext&) = delete;
    CContext& operator=(const CContext&) = delete;
    ggml_context* get() const { return ctx_; }
    operator ggml_context*() const { return ctx_; }

private:
    ggml_context* ctx_;
};

// The plain (non-block) types every element function supports.
inline const std::vector<ggml_type>& plain_types() {
    static const std::vector<ggml_type> types = {GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16,
                                                 GGML_TYPE_I8,  GGML_TYPE_I16, GGML_TYPE_I32};
    return types;
}

inline size_t pad64(size_t n) { return (n + 63) / 64 * 64; }

}  // namespace lugh_test
