#include "ops/node_common.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "core/cross_reads.hpp"
#include "core/read_only.hpp"
#include "core/check.hpp"
#include "core/context.hpp"
#include "core/tensor_new.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"

namespace lugh::node {

Desc::Desc(const ggml_tensor* t) {
    if (!t) {
        std::snprintf(buf_, sizeof buf_, "(null)");
        return;
    }
    const char* type = core::type_name(t->type);
    std::snprintf(buf_, sizeof buf_, "%s[%" PRId64 ", %" PRId64 ", %" PRId64 ", %" PRId64 "]%s", type ? type : "?",
                  t->ne[0], t->ne[1], t->ne[2], t->ne[3], core::is_contiguous(t) ? "" : " (strided)");
}

void require_tensor(const ggml_tensor* t, const char* caller, const char* what) {
    if (!t) core::fail("lugh: %s: tensor %s is NULL", caller, what);
    // Before any of its fields lead elsewhere: the contexts it reads must still be there.
    core::require_reads_current(t, caller);
}

void require_type(const ggml_tensor* t, ggml_type type, const char* caller, const char* what) {
    if (t->type != type)
        core::fail("lugh: %s: %s must be %s, got %s", caller, what, core::type_name(type), Desc(t).c_str());
}

void require_float_type(const ggml_tensor* t, const char* caller, const char* what) {
    if (t->type != GGML_TYPE_F32 && t->type != GGML_TYPE_F16 && t->type != GGML_TYPE_BF16)
        core::fail("lugh: %s: %s must be f32, f16 or bf16, got %s", caller, what, Desc(t).c_str());
}

void require_contiguous(const ggml_tensor* t, const char* caller, const char* what) {
    if (!core::is_contiguous(t))
        core::fail("lugh: %s: %s must be contiguous, got %s with strides [%zu, %zu, %zu, %zu]", caller, what,
                   Desc(t).c_str(), t->nb[0], t->nb[1], t->nb[2], t->nb[3]);
}

ggml_tensor* new_result(ggml_context* ctx, ggml_type type, const int64_t ne[4], const char* caller) {
    return core::new_tensor(ctx, type, GGML_MAX_DIMS, ne, nullptr, 0, caller);
}

ggml_tensor* inplace_view(ggml_context* ctx, ggml_tensor* a, const char* caller) {
    // The node will write its result into a's memory.
    core::require_writable(a, caller);
    // a's shape and strides: a may be a strided view itself.
    ggml_tensor* t = core::new_tensor(ctx, a->type, GGML_MAX_DIMS, a->ne, a, 0, caller, a->nb);
    derive_name(t, a, 55, " (view)");
    return t;
}

ggml_tensor* result_like(ggml_context* ctx, ggml_tensor* a, bool inplace, const char* caller) {
    return inplace ? inplace_view(ctx, a, caller) : new_result(ctx, a->type, a->ne, caller);
}

void derive_name(ggml_tensor* t, const ggml_tensor* from, size_t keep, const char* suffix) {
    const size_t room = sizeof t->name - 1;
    size_t n = strnlen(from->name, keep < room ? keep : room);
    std::memmove(t->name, from->name, n);
    for (const char* s = suffix; *s && n < room; ++s) t->name[n++] = *s;
    t->name[n] = '\0';
}

void set_op(ggml_context* ctx, ggml_tensor* t, ggml_op op, ggml_tensor* s0, ggml_tensor* s1, ggml_tensor* s2,
            ggml_tensor* s3) {
    t->op = op;
    t->src[0] = s0;
    t->src[1] = s1;
    t->src[2] = s2;
    t->src[3] = s3;
    // Sources in other contexts: remembered, so using t after they go fails cleanly.
    for (const ggml_tensor* s : {s0, s1, s2, s3}) core::note_read(ctx, t, s);
}

void check_view_span(const ggml_tensor* a, const int64_t ne[4], const size_t nb[4], size_t offset, const char* caller) {
    const size_t src_bytes = core::nbytes(a);
    size_t span = 0;
    bool empty = false;
    for (int i = 0; i < 4; ++i) {
        if (ne[i] < 0) core::fail("lugh: %s: view dimension %d is %" PRId64 "; dimensions must be >= 0", caller, i, ne[i]);
        if (ne[i] == 0) empty = true;
    }
    if (!empty) {
        span = core::type_size(a->type);
        for (int i = 0; i < 4; ++i) {
            size_t step = 0;
            if (core::mul_overflows(static_cast<size_t>(ne[i] - 1), nb[i], &step) || core::add_overflows(span, step, &span))
                core::fail("lugh: %s: the view's byte span overflows", caller);
        }
    }
    size_t end = 0;
    if (core::add_overflows(offset, span, &end) || end > src_bytes)
        core::fail("lugh: %s: a view of %zu bytes at offset %zu reaches past the end of %s '%s' (%zu bytes)", caller,
                   span, offset, Desc(a).c_str(), a->name, src_bytes);
}

}  // namespace lugh::node
