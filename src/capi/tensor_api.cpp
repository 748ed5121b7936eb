// Creating tensors, naming them and setting their flags through the C API.
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "capi/guard.hpp"
#include "core/check.hpp"
#include "core/context.hpp"
#include "core/element.hpp"
#include "core/tensor_new.hpp"
#include "core/type_traits.hpp"
#include "ops/node_common.hpp"

using lugh::capi::enum_number;
using lugh::capi::guarded;
using lugh::capi::need;
namespace core = lugh::core;

namespace {
ggml_tensor* make(ggml_context* ctx, ggml_type type, int n_dims, const int64_t* ne, const char* fn) {
    const int number = enum_number(type);
    return guarded([&] {
        if (!core::type_info(number)) core::fail("lugh: %s: unknown tensor type %d", fn, number);
        return core::new_tensor(ctx, static_cast<ggml_type>(number), n_dims, ne, nullptr, 0, fn);
    });
}

// One value in a new 1-element tensor of an allocating context.
template <typename Set>
ggml_tensor* scalar(ggml_context* ctx, ggml_type type, const char* fn, Set set) {
    return guarded([&] {
        core::require_live(ctx, fn);
        if (ctx->no_alloc) core::fail("lugh: %s: context #%u is no_alloc, so the value has nowhere to go", fn, ctx->slot);
        const int64_t one = 1;
        ggml_tensor* t = core::new_tensor(ctx, type, 1, &one, nullptr, 0, fn);
        set(t);
        return t;
    });
}

void set_flag(ggml_tensor* t, int32_t flag, const char* fn) {
    guarded([&] { need(t, fn, "tensor")->flags |= flag; });
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
    return scalar(ctx, GGML_TYPE_I32, "ggml_new_i32",
                  [&](ggml_tensor* t) { core::set_i32(t, 0, 0, 0, 0, value, "ggml_new_i32"); });
}

ggml_tensor* ggml_new_f32(ggml_context* ctx, float value) {
    return scalar(ctx, GGML_TYPE_F32, "ggml_new_f32",
                  [&](ggml_tensor* t) { core::set_f32(t, 0, 0, 0, 0, value, "ggml_new_f32"); });
}

ggml_tensor* ggml_dup_tensor(ggml_context* ctx, const ggml_tensor* src) {
    return guarded([&] {
        need(src, "ggml_dup_tensor", "source tensor");
        return core::new_tensor(ctx, src->type, GGML_MAX_DIMS, src->ne, nullptr, 0, "ggml_dup_tensor");
    });
}

ggml_tensor* ggml_view_tensor(ggml_context* ctx, ggml_tensor* src) {
    return guarded([&] {
        need(src, "ggml_view_tensor", "source tensor");
        // The view keeps src's strides, and is checked against the bytes they span.
        ggml_tensor* t = core::new_tensor(ctx, src->type, GGML_MAX_DIMS, src->ne, src, 0, "ggml_view_tensor", src->nb);
        lugh::node::derive_name(t, src, sizeof t->name, " (view)");
        return t;
    });
}

ggml_tensor* ggml_set_name(ggml_tensor* tensor, const char* name) {
    // Longer names are cut at GGML_MAX_NAME-1 bytes, as upstream does.
    guarded([&] { need(tensor, "ggml_set_name", "tensor"); });
    std::snprintf(tensor->name, sizeof tensor->name, "%s", name ? name : "");
    return tensor;
}

ggml_tensor* ggml_format_name(ggml_tensor* tensor, const char* fmt, ...) {
    guarded([&] {
        need(tensor, "ggml_format_name", "tensor");
        need(fmt, "ggml_format_name", "format");
    });
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(tensor->name, sizeof tensor->name, fmt, ap);
    va_end(ap);
    return tensor;
}

void ggml_set_input(ggml_tensor* tensor) { set_flag(tensor, GGML_TENSOR_FLAG_INPUT, "ggml_set_input"); }
void ggml_set_output(ggml_tensor* tensor) { set_flag(tensor, GGML_TENSOR_FLAG_OUTPUT, "ggml_set_output"); }
void ggml_set_param(ggml_tensor* tensor) { set_flag(tensor, GGML_TENSOR_FLAG_PARAM, "ggml_set_param"); }

}  // extern "C"
