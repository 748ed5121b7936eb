// Creating tensors and naming them through the C API.
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "capi/guard.hpp"
#include "core/check.hpp"
#include "core/context.hpp"
#include "core/element.hpp"
#include "core/tensor_new.hpp"

using lugh::capi::guarded;
namespace core = lugh::core;

namespace {
ggml_tensor* make(ggml_context* ctx, ggml_type type, int n_dims, const int64_t* ne, const char* fn) {
    return guarded([&] { return core::new_tensor(ctx, type, n_dims, ne, nullptr, 0, fn); });
}
}  // namespace

extern "C" {

ggml_tensor* ggml_new_tensor(ggml_context* ctx, ggml_type type, int n_dims, const int64_t* ne) {
    return make(ctx, type, n_dims, ne, "ggml_new_tensor");
}
ggml_tensor* ggml_new_tensor_1d(ggml_context* ctx, ggml_type type, int64_t ne0) {
    return make(ctx, type, 1, &ne0, "ggml_new_tensor_1d");
}
ggml_tensor* ggml_new_tensor_2d(ggml_context* ctx, ggml_type type, int64_t ne0, int64_t ne1) {
    const int64_t ne[2] = {ne0, ne1};
    return make(ctx, type, 2, ne, "ggml_new_tensor_2d");
}
ggml_tensor* ggml_new_tensor_3d(ggml_context* ctx, ggml_type type, int64_t ne0, int64_t ne1, int64_t ne2) {
    const int64_t ne[3] = {ne0, ne1, ne2};
    return make(ctx, type, 3, ne, "ggml_new_tensor_3d");
}
ggml_tensor* ggml_new_tensor_4d(ggml_context* ctx, ggml_type type, int64_t ne0, int64_t ne1, int64_t ne2,
                                int64_t ne3) {
    const int64_t ne[4] = {ne0, ne1, ne2, ne3};
    return make(ctx, type, 4, ne, "ggml_new_tensor_4d");
}

ggml_tensor* ggml_new_i32(ggml_context* ctx, int32_t value) {
    return guarded([&] {
        core::require_live(ctx, "ggml_new_i32");
        if (ctx->no_alloc) core::fail("lugh: ggml_new_i32: context #%u is no_alloc, so the value has nowhere to go", ctx->slot);
        const int64_t one = 1;
        ggml_tensor* t = core::new_tensor(ctx, GGML_TYPE_I32, 1, &one, nullptr, 0, "ggml_new_i32");
        core::set_i32(t, 0, 0, 0, 0, value, "ggml_new_i32");
        return t;
    });
}

ggml_tensor* ggml_new_f32(ggml_context* ctx, float value) {
    return guarded([&] {
        core::require_live(ctx, "ggml_new_f32");
        if (ctx->no_alloc) core::fail("lugh: ggml_new_f32: context #%u is no_alloc, so the value has nowhere to go", ctx->slot);
        const int64_t one = 1;
        ggml_tensor* t = core::new_tensor(ctx, GGML_TYPE_F32, 1, &one, nullptr, 0, "ggml_new_f32");
        core::set_f32(t, 0, 0, 0, 0, value, "ggml_new_f32");
        return t;
    });
}

ggml_tensor* ggml_dup_tensor(ggml_context* ctx, const ggml_tensor* src) {
    return guarded([&] {
        if (!src) core::fail("lugh: ggml_dup_tensor: source tensor is NULL");
        return core::new_tensor(ctx, src->type, GGML_MAX_DIMS, src->ne, nullptr, 0, "ggml_dup_tensor");
    });
}

ggml_tensor* ggml_view_tensor(ggml_context* ctx, ggml_tensor* src) {
    return guarded([&] {
        if (!src) core::fail("lugh: ggml_view_tensor: source tensor is NULL");
        // The view keeps src's strides, and is checked against the bytes they span.
        ggml_tensor* t = core::new_tensor(ctx, src->type, GGML_MAX_DIMS, src->ne, src, 0, "ggml_view_tensor", src->nb);
        ggml_format_name(t, "%s (view)", src->name);
        return t;
    });
}

ggml_tensor* ggml_set_name(ggml_tensor* tensor, const char* name) {
    // Longer names are cut at GGML_MAX_NAME-1 bytes, as upstream does.
    std::snprintf(tensor->name, sizeof tensor->name, "%s", name ? name : "");
    return tensor;
}

ggml_tensor* ggml_format_name(ggml_tensor* tensor, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(tensor->name, sizeof tensor->name, fmt, ap);
    va_end(ap);
    return tensor;
}

}  // extern "C"

extern "C" {

void ggml_set_input(ggml_tensor* tensor) { tensor->flags |= GGML_TENSOR_FLAG_INPUT; }
void ggml_set_output(ggml_tensor* tensor) { tensor->flags |= GGML_TENSOR_FLAG_OUTPUT; }
void ggml_set_param(ggml_tensor* tensor) { tensor->flags |= GGML_TENSOR_FLAG_PARAM; }

}  // extern "C"
