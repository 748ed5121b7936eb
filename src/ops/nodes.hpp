// The op constructors behind both APIs. Each validates its inputs, throwing
// lugh::Error whose message starts "lugh: <caller>: " and names the shapes,
// then makes the result tensor in ctx and records op, sources and
// parameters. Nothing is computed here. Nothing changes on error.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::node {

// Small arrays built in a call's argument list (the op table's calls:
// view(ctx, a, 2, dims(ne0, ne1), strides(nb1), offset, fn)); they live
// until the end of the full expression, so the pointer is valid in the call.
template <typename T>
struct Values {
    T v[4];
    operator const T*() const { return v; }
};
template <typename T>
struct Values8 {
    T v[8];
    operator const T*() const { return v; }
};
template <typename... A>
Values<int64_t> dims(A... x) { return Values<int64_t>{{static_cast<int64_t>(x)...}}; }
template <typename... A>
Values<size_t> strides(A... x) { return Values<size_t>{{static_cast<size_t>(x)...}}; }
template <typename... A>
Values<int> axes(A... x) { return Values<int>{{static_cast<int>(x)...}}; }
// Integer parameters of an op (pad_ext's eight paddings, roll's shifts).
template <typename... A>
Values8<int> ints(A... x) { return Values8<int>{{static_cast<int>(x)...}}; }

// add, sub, mul, div: b broadcasts over a (core::can_repeat(b, a)).
ggml_tensor* binary(ggml_context* ctx, ggml_op op, ggml_tensor* a, ggml_tensor* b, bool inplace, const char* caller);
ggml_tensor* scale(ggml_context* ctx, ggml_tensor* a, float s, bool inplace, const char* caller);
ggml_tensor* clamp(ggml_context* ctx, ggml_tensor* a, float lo, float hi, const char* caller);

// op is GGML_OP_SQR, GGML_OP_SQRT or GGML_OP_LOG.
ggml_tensor* math(ggml_context* ctx, ggml_op op, ggml_tensor* a, bool inplace, const char* caller);
// op: a ggml_unary_op number (checked: C callers may pass any int).
ggml_tensor* unary(ggml_context* ctx, ggml_tensor* a, int op, bool inplace, const char* caller);

ggml_tensor* sum(ggml_context* ctx, ggml_tensor* a, const char* caller);
ggml_tensor* sum_rows(ggml_context* ctx, ggml_tensor* a, const char* caller);
ggml_tensor* mean(ggml_context* ctx, ggml_tensor* a, const char* caller);
ggml_tensor* argmax(ggml_context* ctx, ggml_tensor* a, const char* caller);

// op is GGML_OP_NORM or GGML_OP_RMS_NORM.
ggml_tensor* norm(ggml_context* ctx, ggml_op op, ggml_tensor* a, float eps, bool inplace, const char* caller);
ggml_tensor* soft_max(ggml_context* ctx, ggml_tensor* a, ggml_tensor* mask, float scale, float max_bias, bool inplace,
                      const char* caller);
ggml_tensor* diag_mask_inf(ggml_context* ctx, ggml_tensor* a, int n_past, bool inplace, const char* caller);

ggml_tensor* mul_mat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
// Stores a ggml_prec in a mul_mat node's op_params[0].
void mul_mat_set_prec(ggml_tensor* t, int prec, const char* caller);
// Fails unless prec is GGML_PREC_DEFAULT or GGML_PREC_F32.
void require_prec(int prec, const char* caller);

ggml_tensor* get_rows(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
// Rows of b (F32) written into a at the rows c (I32) names; returns a view of a.
ggml_tensor* set_rows(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, ggml_tensor* c, const char* caller);
ggml_tensor* cpy(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
// op is GGML_OP_DUP or GGML_OP_CONT; ne (n_dims entries) is the new shape, or
// nullptr for a's shape.
ggml_tensor* copy_of(ggml_context* ctx, ggml_op op, ggml_tensor* a, int n_dims, const int64_t* ne, const char* caller);
// a tiled to b's shape (b's data is not read).
ggml_tensor* repeat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
ggml_tensor* concat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int dim, const char* caller);

ggml_tensor* reshape(ggml_context* ctx, ggml_tensor* a, int n_dims, const int64_t* ne, const char* caller);
// a with b's shape.
ggml_tensor* reshape_like(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
// nb holds n_dims-1 row strides (nb[1..n_dims)); nb[0] is a's element size.
ggml_tensor* view(ggml_context* ctx, ggml_tensor* a, int n_dims, const int64_t* ne, const size_t* nb, size_t offset,
                  const char* caller);
ggml_tensor* permute(ggml_context* ctx, ggml_tensor* a, const int axes[4], const char* caller);
ggml_tensor* transpose(ggml_context* ctx, ggml_tensor* a, const char* caller);

// softmax(q k^T * scale (+ softcap) + mask) v per head: q F32 [D, T, H], k F32/F16
// [D, N, Hkv], v F32/F16 [Dv, N, Hkv] (H a multiple of Hkv), mask F32/F16 [N, >= T]
// or null -> F32 [Dv, H, T]. max_bias must be 0 (no ALiBi).
ggml_tensor* flash_attn_ext(ggml_context* ctx, ggml_tensor* q, ggml_tensor* k, ggml_tensor* v, ggml_tensor* mask,
                            float scale, float max_bias, float softcap, const char* caller);

struct RopeParams {
    int n_dims;
    int mode;                // 0 normal, GGML_ROPE_TYPE_NEOX
    int n_ctx_orig;
    float freq_base, freq_scale, ext_factor, attn_factor, beta_fast, beta_slow;
};
// The parameters in the order ggml_rope_ext takes them.
RopeParams rope_params(int n_dims, int mode, int n_ctx_orig, float freq_base, float freq_scale, float ext_factor,
                       float attn_factor, float beta_fast, float beta_slow);
// What ggml_rope uses (the one place its defaults are written): no YaRN,
// base 10000, scale 1, attn_factor 1.
RopeParams plain_rope(int n_dims, int mode);
ggml_tensor* rope(ggml_context* ctx, ggml_tensor* a, ggml_tensor* pos, ggml_tensor* freq_factors, const RopeParams& p,
                  bool inplace, const char* caller);

// ---- placing, generating and ordering elements (layout.cpp) ----
ggml_tensor* arange(ggml_context* ctx, float start, float stop, float step, const char* caller);
// order: a ggml_sort_order number (checked).
ggml_tensor* argsort(ggml_context* ctx, ggml_tensor* a, int order, const char* caller);
// The first k columns of argsort(a, DESC): a view.
ggml_tensor* argsort_top_k(ggml_context* ctx, ggml_tensor* a, int k, const char* caller);
// The indices of the k largest elements of each row, as a contiguous I32 tensor (largest first).
ggml_tensor* top_k(ggml_context* ctx, ggml_tensor* a, int k, const char* caller);
// pads: lp0, rp0, lp1, rp1, lp2, rp2, lp3, rp3 (zeros before and after each dimension).
ggml_tensor* pad_ext(ggml_context* ctx, ggml_tensor* a, const int pads[8], const char* caller);
ggml_tensor* pad_reflect_1d(ggml_context* ctx, ggml_tensor* a, int p0, int p1, const char* caller);
ggml_tensor* roll(ggml_context* ctx, ggml_tensor* a, const int shifts[4], const char* caller);
ggml_tensor* acc(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, size_t nb1, size_t nb2, size_t nb3, size_t offset,
                 bool inplace, const char* caller);
ggml_tensor* add_id(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, ggml_tensor* ids, const char* caller);
ggml_tensor* timestep_embedding(ggml_context* ctx, ggml_tensor* timesteps, int dim, int max_period, const char* caller);

// ---- convolutions (conv.cpp) ----
struct ConvParams {
    int s0, s1, p0, p1, d0, d1;   // stride, padding, dilation of dimensions 0 and 1
};
ConvParams conv_params(int s0, int s1, int p0, int p1, int d0, int d1);
// dst_type: a ggml_type number (F32, F16 or BF16).
ggml_tensor* im2col(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p, bool is_2d, int dst_type,
                    const char* caller);
ggml_tensor* conv_1d(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int s0, int p0, int d0, const char* caller);
ggml_tensor* conv_2d(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p, const char* caller);
ggml_tensor* conv_2d_direct(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p, const char* caller);
ggml_tensor* conv_1d_dw(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int s0, int p0, int d0, const char* caller);
ggml_tensor* conv_2d_dw(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p, const char* caller);
ggml_tensor* conv_2d_dw_direct(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const ConvParams& p,
                               const char* caller);
ggml_tensor* conv_transpose_1d(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int s0, int p0, int d0,
                               const char* caller);
ggml_tensor* conv_transpose_2d_p0(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int stride, const char* caller);
// conv_1d_ph / conv_1d_dw_ph (padding a->ne[0] / 2; s, d as given), conv_2d_sk_p0 (stride = kernel size,
// no padding) and conv_2d_s1_ph (stride 1, padding half the kernel); s and d unused where fixed.
enum class ConvShorthand { Conv1dPh, Conv1dDwPh, Conv2dSkP0, Conv2dS1Ph };
ggml_tensor* conv_shorthand(ggml_context* ctx, ConvShorthand form, ggml_tensor* a, ggml_tensor* b, int s, int d,
                            const char* caller);

// ---- pooling, interpolation, relative positions (resample.cpp) ----
// op: a ggml_op_pool number (checked).
ggml_tensor* pool_1d(ggml_context* ctx, ggml_tensor* a, int op, int k0, int s0, int p0, const char* caller);
ggml_tensor* pool_2d(ggml_context* ctx, ggml_tensor* a, int op, int k0, int k1, int s0, int s1, float p0, float p1,
                     const char* caller);
// mode: a ggml_scale_mode, or-ed with GGML_SCALE_FLAG_ALIGN_CORNERS.
ggml_tensor* interpolate(ggml_context* ctx, ggml_tensor* a, const int64_t ne[4], uint32_t mode, const char* caller);
ggml_tensor* upscale(ggml_context* ctx, ggml_tensor* a, int scale_factor, int mode, const char* caller);
ggml_tensor* get_rel_pos(ggml_context* ctx, ggml_tensor* a, int qh, int kh, const char* caller);
ggml_tensor* add_rel_pos(ggml_context* ctx, ggml_tensor* a, ggml_tensor* pw, ggml_tensor* ph, bool inplace,
                         const char* caller);

}  // namespace lugh::node
