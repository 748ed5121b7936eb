// Convolutions: im2col, the direct 2D convolutions (plain and depthwise), the
// transposed ones, and conv_1d/conv_2d/conv_1d_dw/conv_2d_dw built from them
// as upstream builds them (im2col then a matrix product). Shape rules as
// upstream ggml's; every composite checks all it needs before it makes its
// first node, so a refused call creates nothing.
#include <cinttypes>

#include "core/check.hpp"
#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"

namespace lugh::node {

ConvParams conv_params(int s0, int s1, int p0, int p1, int d0, int d1) { return ConvParams{s0, s1, p0, p1, d0, d1}; }

namespace {

// Output length of a convolution along one dimension (upstream's formula),
// refusing strides and dilations below 1, negative padding and an input
// shorter than the dilated kernel.
int64_t conv_out(int64_t in, int64_t k, int s, int p, int d, int dim, const char* caller) {
    if (s < 1 || d < 1 || p < 0)
        core::fail("lugh: %s: dimension %d has stride %d, padding %d, dilation %d (need stride >= 1, padding >= 0, "
                   "dilation >= 1)", caller, dim, s, p, d);
    if (in < 1 || k < 1) core::fail("lugh: %s: dimension %d: input %" PRId64 " and kernel %" PRId64 " must not be empty",
                                    caller, dim, in, k);
    const int64_t span = in + 2 * static_cast<int64_t>(p) - static_cast<int64_t>(d) * (k - 1) - 1;
    if (span < 0)
        core::fail("lugh: %s: dimension %d: the input (%" PRId64 " + 2 x %d padding) is shorter than the kernel "
                   "(%" PRId64 " taps, dilation %d)", caller, dim, in, p, k, d);
    return span / s + 1;
}

void set_conv_params(ggml_tensor* r, const ConvParams& p) {
    const int v[6] = {p.s0, p.s1, p.p0, p.p1, p.d0, p.d1};
    for (int i = 0; i < 6; ++i) core::set_param_i32(r, i, v[i]);
}

void require_operands(ggml_tensor* a, ggml_tensor* b, const char* caller) {
    require_tensor(a, caller, "a (kernel)");
    require_tensor(b, caller, "b (input)");
    require_float_type(a, caller, "a (kernel)");
    require_float_type(b, caller, "b (input)");
}

// The checks of im2col: its output shape, or lugh::Error.
void im2col_shape(const ggml_tensor* a, const ggml_tensor* b, const ConvParams& p, bool is_2d, int64_t ne[4],
                  const char* caller) {
    if (is_2d) {
        if (a->ne[2] != b->ne[2])
            core::fail("lugh: %s: kernel a %s and input b %s must have the same channels (ne2)", caller,
                       Desc(a).c_str(), Desc(b).c_str());
        ne[0] = a->ne[2] * a->ne[1] * a->ne[0];
        ne[1] = conv_out(b->ne[0], a->ne[0], p.s0, p.p0, p.d0, 0, caller);
        ne[2] = conv_out(b->ne[1], a->ne[1], p.s1, p.p1, p.d1, 1, caller);
        ne[3] = b->ne[3];
    } else {
        if (a->ne[1] != b->ne[1] || b->ne[3] != 1)
            core::fail("lugh: %s: kernel a %s and input b %s must have the same channels (ne1), and b ne3 = 1", caller,
                       Desc(a).c_str(), Desc(b).c_str());
        ne[0] = a->ne[1] * a->ne[0];
        ne[1] = conv_out(b->ne[0], a->ne[0], p.s0, p.p0, p.d0, 0, caller);
        ne[2] = b->ne[2];
        ne[3] = 1;
    }
}

// The node of a direct 2D convolution of b by a (CONV_2D, CONV_2D_DW):
// [OW, OH, channels, N] in b's type, with its parameters.
ggml_tensor* direct_conv_2d(ggml_context* ctx, ggml_op op, ggml_tensor* a, ggml_tensor* b, const ConvParams& p,
                            int64_t channels, const char* caller) {
    const int64_t ne[4] = {conv_out(b->ne[0], a->ne[0], p.s0, p.p0, p.d0, 0, caller),
                           conv_out(b->ne[1], a->ne[1], p.s1, p.p1, p.d1, 1, caller), channels, b->ne[3]};
    ggml_tensor* r = new_result(ctx, b->type, ne, caller);
    set_op(ctx, r, op, a, b);
    set_conv_params(r, p);
    return r;
}

// What a kernel must be to take part in the matrix product of a composite.
void require_matmul_kernel(const ggml_tensor* a, const char* caller) {
    require_contiguous(a, caller, "a (kernel)");
}

}  // namespace

ggml_tensor* im2col(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p, bool is_2d, int dst_type,
                    const char* caller) {
    require_operands(a, b, caller);
    if (dst_type != GGML_TYPE_F32 && dst_type != GGML_TYPE_F16 && dst_type != GGML_TYPE_BF16)
        core::fail("lugh: %s: dst_type %d must be GGML_TYPE_F32, GGML_TYPE_F16 or GGML_TYPE_BF16", caller, dst_type);
    int64_t ne[4];
    im2col_shape(a, b, p, is_2d, ne, caller);
    ggml_tensor* r = new_result(ctx, static_cast<ggml_type>(dst_type), ne, caller);
    set_op(ctx, r, GGML_OP_IM2COL, a, b);
    set_conv_params(r, is_2d ? p : ConvParams{p.s0, 1, p.p0, 0, p.d0, 1});
    core::set_param_i32(r, 6, is_2d ? 1 : 0);
    return r;
}

ggml_tensor* conv_1d(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int s0, int p0, int d0, const char* caller) {
    // a [K, IC, OC], b [L, IC, N] -> [OL, OC, N]
    require_operands(a, b, caller);
    require_matmul_kernel(a, caller);
    if (a->ne[3] != 1) core::fail("lugh: %s: kernel a %s must be 3-dimensional [K, IC, OC]", caller, Desc(a).c_str());
    const ConvParams p{s0, 1, p0, 0, d0, 1};
    int64_t ne[4];
    im2col_shape(a, b, p, false, ne, caller);   // every check before the first node
    ggml_tensor* cols = im2col(ctx, a, b, p, false, GGML_TYPE_F32, caller);        // [IC*K, OL, N]
    const int64_t OL = cols->ne[1], N = cols->ne[2], OC = a->ne[2];
    ggml_tensor* y = mul_mat(ctx, reshape(ctx, a, 2, dims(a->ne[0] * a->ne[1], OC), caller),
                             reshape(ctx, cols, 2, dims(cols->ne[0], OL * N), caller), caller);   // [OC, OL*N]
    y = reshape(ctx, y, 3, dims(OC, OL, N), caller);
    return copy_of(ctx, GGML_OP_CONT, permute(ctx, y, axes(1, 0, 2, 3), caller), 0, nullptr, caller);
}

ggml_tensor* conv_2d(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p, const char* caller) {
    // a [KW, KH, IC, OC], b [W, H, IC, N] -> [OW, OH, OC, N]
    require_operands(a, b, caller);
    require_matmul_kernel(a, caller);
    int64_t ne[4];
    im2col_shape(a, b, p, true, ne, caller);
    ggml_tensor* cols = im2col(ctx, a, b, p, true, GGML_TYPE_F32, caller);   // [IC*KH*KW, OW, OH, N]
    const int64_t OW = cols->ne[1], OH = cols->ne[2], N = cols->ne[3], OC = a->ne[3];
    ggml_tensor* y = mul_mat(ctx, reshape(ctx, a, 2, dims(cols->ne[0], OC), caller),
                             reshape(ctx, cols, 2, dims(cols->ne[0], OW * OH * N), caller), caller);   // [OC, OW*OH*N]
    y = reshape(ctx, y, 4, dims(OC, OW, OH, N), caller);
    return copy_of(ctx, GGML_OP_CONT, permute(ctx, y, axes(2, 0, 1, 3), caller), 0, nullptr, caller);
}

ggml_tensor* conv_2d_direct(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p, const char* caller) {
    require_operands(a, b, caller);
    if (a->ne[2] != b->ne[2])
        core::fail("lugh: %s: kernel a %s [KW, KH, IC, OC] and input b %s [W, H, IC, N] must have the same IC", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    return direct_conv_2d(ctx, GGML_OP_CONV_2D, a, b, p, a->ne[3], caller);   // OC output channels
}

ggml_tensor* conv_2d_dw_direct(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p,
                               const char* caller) {
    require_operands(a, b, caller);
    if (a->ne[2] != 1 || a->ne[3] != b->ne[2])
        core::fail("lugh: %s: kernel a %s must be [KW, KH, 1, C] with C the channels (ne2) of input b %s", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    return direct_conv_2d(ctx, GGML_OP_CONV_2D_DW, a, b, p, b->ne[2], caller);   // one per input channel
}

ggml_tensor* conv_2d_dw(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p, const char* caller) {
    // a [KW, KH, C, 1] or [KW, KH, 1, C]: one kernel per channel, as upstream reshapes it.
    require_operands(a, b, caller);
    if (a->ne[2] == 1) return conv_2d_dw_direct(ctx, a, b, p, caller);
    require_contiguous(a, caller, "a (kernel)");
    if (a->ne[3] != 1 || a->ne[2] != b->ne[2])
        core::fail("lugh: %s: kernel a %s must be [KW, KH, C, 1] or [KW, KH, 1, C] with C the channels of b %s", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    conv_out(b->ne[0], a->ne[0], p.s0, p.p0, p.d0, 0, caller);
    conv_out(b->ne[1], a->ne[1], p.s1, p.p1, p.d1, 1, caller);
    return conv_2d_dw_direct(ctx, reshape(ctx, a, 4, dims(a->ne[0], a->ne[1], 1, a->ne[2]), caller), b, p, caller);
}

ggml_tensor* conv_1d_dw(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int s0, int p0, int d0, const char* caller) {
    // a [K, C] (upstream's tests: [K, C, 1]) or [K, 1, C], one kernel per channel; b [L, C, N] -> [OL, C, N]:
    // the 2D depthwise convolution over a height of 1.
    require_operands(a, b, caller);
    require_contiguous(a, caller, "a (kernel)");
    require_contiguous(b, caller, "b (input)");
    const int64_t C = b->ne[1];
    const bool one_per_channel = (a->ne[1] == C && a->ne[2] == 1) || (a->ne[1] == 1 && a->ne[2] == C);
    if (!one_per_channel || a->ne[3] != 1 || b->ne[3] != 1)
        core::fail("lugh: %s: kernel a %s must be [K, C] or [K, 1, C] for input b %s [L, C, N]", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    const ConvParams p{s0, 1, p0, 0, d0, 1};
    conv_out(b->ne[0], a->ne[0], s0, p0, d0, 0, caller);
    ggml_tensor* y = conv_2d_dw_direct(ctx, reshape(ctx, a, 4, dims(a->ne[0], 1, 1, C), caller),
                                       reshape(ctx, b, 4, dims(b->ne[0], 1, C, b->ne[2]), caller), p, caller);
    return reshape(ctx, y, 3, dims(y->ne[0], y->ne[2], y->ne[3]), caller);
}

ggml_tensor* conv_transpose_1d(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int s0, int p0, int d0,
                               const char* caller) {
    // a [K, OC, IC], b [L, IC] -> [(L-1)*s0 + K, OC]
    require_operands(a, b, caller);
    if (!core::is_matrix(b) || a->ne[2] != b->ne[1] || a->ne[3] != 1)
        core::fail("lugh: %s: kernel a %s must be [K, OC, IC] and input b %s a matrix [L, IC]", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    if (p0 != 0 || d0 != 1)
        core::fail("lugh: %s: only padding 0 and dilation 1 are supported (as upstream), got %d and %d", caller, p0, d0);
    if (s0 < 1) core::fail("lugh: %s: stride %d must be >= 1", caller, s0);
    if (core::is_empty(a) || core::is_empty(b)) core::fail("lugh: %s: a %s and b %s must not be empty", caller,
                                                           Desc(a).c_str(), Desc(b).c_str());
    const int64_t ne[4] = {(b->ne[0] - 1) * s0 + a->ne[0], a->ne[1], b->ne[2], 1};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_CONV_TRANSPOSE_1D, a, b);
    core::set_param_i32(r, 0, s0);
    core::set_param_i32(r, 1, p0);
    core::set_param_i32(r, 2, d0);
    return r;
}

ggml_tensor* conv_transpose_2d_p0(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int stride, const char* caller) {
    // a [KW, KH, OC, IC], b [W, H, IC, N] -> [(W-1)*s + KW, (H-1)*s + KH, OC, N]
    require_operands(a, b, caller);
    if (a->ne[3] != b->ne[2])
        core::fail("lugh: %s: kernel a %s [KW, KH, OC, IC] and input b %s [W, H, IC, N] must have the same IC", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    if (stride < 1) core::fail("lugh: %s: stride %d must be >= 1", caller, stride);
    if (core::is_empty(a) || core::is_empty(b)) core::fail("lugh: %s: a %s and b %s must not be empty", caller,
                                                           Desc(a).c_str(), Desc(b).c_str());
    const int64_t ne[4] = {(b->ne[0] - 1) * stride + a->ne[0], (b->ne[1] - 1) * stride + a->ne[1], a->ne[2], b->ne[3]};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_CONV_TRANSPOSE_2D, a, b);
    core::set_param_i32(r, 0, stride);
    return r;
}

// Upstream's shorthands: "half padding" (a->ne[i] / 2) and "stride = kernel size, no padding".
ggml_tensor* conv_shorthand(ggml_context* ctx, ConvShorthand form, ggml_tensor* a, ggml_tensor* b, int s, int d,
                            const char* caller) {
    require_tensor(a, caller, "a (kernel)");   // before its shape is read
    const auto half = [a](int i) { return static_cast<int>(a->ne[i] / 2); };
    switch (form) {
        case ConvShorthand::Conv1dPh: return conv_1d(ctx, a, b, s, half(0), d, caller);
        case ConvShorthand::Conv1dDwPh: return conv_1d_dw(ctx, a, b, s, half(0), d, caller);
        case ConvShorthand::Conv2dSkP0:
            return conv_2d(ctx, a, b, ConvParams{static_cast<int>(a->ne[0]), static_cast<int>(a->ne[1]), 0, 0, 1, 1},
                           caller);
        case ConvShorthand::Conv2dS1Ph: return conv_2d(ctx, a, b, ConvParams{1, 1, half(0), half(1), 1, 1}, caller);
    }
    core::fail("lugh: %s: unknown convolution form", caller);
}

}  // namespace lugh::node
