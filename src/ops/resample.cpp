// Ops that resample positions: pooling, interpolation (upscale), and the
// relative-position tables of windowed attention (get_rel_pos, add_rel_pos).
// Shape rules as upstream ggml's.
#include <cinttypes>
#include <cmath>

#include "core/check.hpp"
#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"

namespace lugh::node {

namespace {

void require_pool_op(int op, const char* caller) {
    if (op != GGML_OP_POOL_MAX && op != GGML_OP_POOL_AVG)
        core::fail("lugh: %s: pooling op %d is not GGML_OP_POOL_MAX (0) or GGML_OP_POOL_AVG (1)", caller, op);
}

// Output length of a pooling window along one dimension, upstream's formula
// (the padding may be fractional: the length is computed in float, truncated).
int64_t pool_out(int64_t in, int k, int s, float p, int dim, const char* caller) {
    if (k < 1 || s < 1 || !(p >= 0) || !std::isfinite(p))
        core::fail("lugh: %s: dimension %d has kernel %d, stride %d, padding %g (need kernel and stride >= 1, padding "
                   ">= 0)", caller, dim, k, s, static_cast<double>(p));
    const float span = static_cast<float>(in) + 2 * p - static_cast<float>(k);
    if (in < 1 || !(span >= 0))
        core::fail("lugh: %s: dimension %d: the input (%" PRId64 " + 2 x %g padding) is shorter than the kernel (%d)",
                   caller, dim, in, static_cast<double>(p), k);
    return static_cast<int64_t>(span / static_cast<float>(s) + 1);
}

}  // namespace

ggml_tensor* pool_1d(ggml_context* ctx, ggml_tensor* a, int op, int k0, int s0, int p0, const char* caller) {
    require_tensor(a, caller, "a");
    require_float_type(a, caller, "a");
    require_pool_op(op, caller);
    const int64_t ne[4] = {pool_out(a->ne[0], k0, s0, static_cast<float>(p0), 0, caller), a->ne[1], a->ne[2], a->ne[3]};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_POOL_1D, a);
    const int v[4] = {op, k0, s0, p0};
    for (int i = 0; i < 4; ++i) core::set_param_i32(r, i, v[i]);
    return r;
}

ggml_tensor* pool_2d(ggml_context* ctx, ggml_tensor* a, int op, int k0, int k1, int s0, int s1, float p0, float p1,
                     const char* caller) {
    require_tensor(a, caller, "a");
    require_float_type(a, caller, "a");
    require_pool_op(op, caller);
    const int64_t ne[4] = {pool_out(a->ne[0], k0, s0, p0, 0, caller), pool_out(a->ne[1], k1, s1, p1, 1, caller),
                           a->ne[2], a->ne[3]};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_POOL_2D, a);
    // Upstream keeps the padding as whole numbers in the parameters (the windows start at -(int)p).
    const int v[7] = {op, k0, k1, s0, s1, static_cast<int>(p0), static_cast<int>(p1)};
    for (int i = 0; i < 7; ++i) core::set_param_i32(r, i, v[i]);
    return r;
}

ggml_tensor* interpolate(ggml_context* ctx, ggml_tensor* a, const int64_t ne[4], uint32_t mode, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    const uint32_t kind = mode & 0xFF, flags = mode & ~0xFFu;
    if (kind >= GGML_SCALE_MODE_COUNT)
        core::fail("lugh: %s: scale mode %u is not nearest (0), bilinear (1) or bicubic (2)", caller, kind);
    if (flags & GGML_SCALE_FLAG_ANTIALIAS)
        core::fail("lugh: %s: GGML_SCALE_FLAG_ANTIALIAS is not supported by Lugh", caller);
    if (flags & ~static_cast<uint32_t>(GGML_SCALE_FLAG_ALIGN_CORNERS))
        core::fail("lugh: %s: mode 0x%x has unknown flag bits (only GGML_SCALE_FLAG_ALIGN_CORNERS, 0x100)", caller, mode);
    for (int i = 0; i < 4; ++i)
        if (ne[i] < 1)
            core::fail("lugh: %s: the new size [%" PRId64 ", %" PRId64 ", %" PRId64 ", %" PRId64
                       "] must be positive in every dimension", caller, ne[0], ne[1], ne[2], ne[3]);
    if (core::is_empty(a)) core::fail("lugh: %s: a %s must not be empty", caller, Desc(a).c_str());
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_UPSCALE, a);
    core::set_param_i32(r, 0, static_cast<int32_t>(mode));
    return r;
}

ggml_tensor* upscale(ggml_context* ctx, ggml_tensor* a, int scale_factor, int mode, const char* caller) {
    require_tensor(a, caller, "a");
    if (scale_factor < 2) core::fail("lugh: %s: scale_factor %d must be greater than 1", caller, scale_factor);
    return interpolate(ctx, a, dims(a->ne[0] * scale_factor, a->ne[1] * scale_factor, a->ne[2], a->ne[3]),
                       static_cast<uint32_t>(mode), caller);
}

ggml_tensor* get_rel_pos(ggml_context* ctx, ggml_tensor* a, int qh, int kh, const char* caller) {
    require_tensor(a, caller, "a");
    require_float_type(a, caller, "a");
    if (qh != kh || qh < 1 || 2 * static_cast<int64_t>(qh) - 1 != a->ne[1] || !core::is_matrix(a))
        core::fail("lugh: %s: qh %d and kh %d must be equal and a %s a matrix of 2*qh - 1 rows", caller, qh, kh,
                   Desc(a).c_str());
    const int64_t ne[4] = {a->ne[0], kh, qh, 1};
    ggml_tensor* r = new_result(ctx, a->type, ne, caller);
    set_op(ctx, r, GGML_OP_GET_REL_POS, a);
    return r;
}

ggml_tensor* add_rel_pos(ggml_context* ctx, ggml_tensor* a, ggml_tensor* pw, ggml_tensor* ph, bool inplace,
                         const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(pw, caller, "pw");
    require_tensor(ph, caller, "ph");
    require_type(a, GGML_TYPE_F32, caller, "a");
    require_type(pw, GGML_TYPE_F32, caller, "pw");
    require_type(ph, GGML_TYPE_F32, caller, "ph");
    require_contiguous(a, caller, "a");
    require_contiguous(pw, caller, "pw");
    require_contiguous(ph, caller, "ph");
    if (!core::same_shape(pw, ph))
        core::fail("lugh: %s: pw %s and ph %s must have the same shape", caller, Desc(pw).c_str(), Desc(ph).c_str());
    if (pw->ne[0] * pw->ne[0] != a->ne[0] || pw->ne[1] * pw->ne[2] != a->ne[1] || pw->ne[3] != a->ne[2] || a->ne[3] != 1)
        core::fail("lugh: %s: a %s must be [K*K, W*H, B] for pw and ph %s [K, W, H, B]", caller, Desc(a).c_str(),
                   Desc(pw).c_str());
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, GGML_OP_ADD_REL_POS, a, pw, ph);
    core::set_param_i32(r, 0, inplace ? 1 : 0);
    return r;
}

}  // namespace lugh::node
