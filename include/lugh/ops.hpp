// lugh::ops: operations that build graph nodes (nothing is computed until a
// Graph runs them).
//
//     lugh::Context ctx(16 << 20);
//     auto a = lugh::Tensor::new_f32(ctx, {4, 3});
//     auto b = lugh::Tensor::new_f32(ctx, {4});      // broadcasts over a's rows
//     auto c = lugh::ops::add(ctx, a, b);
//     lugh::Graph g(ctx);
//     g.build_forward(c);
//     g.compute(ctx, 2);
//
// One function per ggml C op (ggml_X -> lugh::ops::X), same arguments after
// the context, same shape and broadcast rules. The result tensor is made in
// ctx (inputs may live in other contexts). An optional tensor argument takes
// an empty lugh::Tensor() for "none". Every call checks its inputs and throws
// lugh::Error naming the op and the shapes on a mismatch; nothing is created then.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lugh/context.hpp"
#include "lugh/tensor.hpp"

namespace lugh {

// The element-wise functions of unary() (numbered as ggml's enum ggml_unary_op).
enum class UnaryOp : int {
    Abs = 0, Sgn, Neg, Step, Tanh, Elu, Relu, Sigmoid, Gelu, GeluQuick, Silu, Hardswish, Hardsigmoid, Exp,
};

namespace ops {

// ---- element-wise binary (F32; b broadcasts over a by repetition) ----
Tensor add(Context& ctx, const Tensor& a, const Tensor& b);
Tensor add_inplace(Context& ctx, const Tensor& a, const Tensor& b);
Tensor sub(Context& ctx, const Tensor& a, const Tensor& b);
Tensor sub_inplace(Context& ctx, const Tensor& a, const Tensor& b);
Tensor mul(Context& ctx, const Tensor& a, const Tensor& b);
Tensor mul_inplace(Context& ctx, const Tensor& a, const Tensor& b);
Tensor div(Context& ctx, const Tensor& a, const Tensor& b);
Tensor div_inplace(Context& ctx, const Tensor& a, const Tensor& b);
Tensor scale(Context& ctx, const Tensor& a, float s);                    // a * s
Tensor scale_inplace(Context& ctx, const Tensor& a, float s);
Tensor clamp(Context& ctx, const Tensor& a, float min, float max);       // writes through a view of a

// ---- element-wise unary (F32) ----
Tensor sqr(Context& ctx, const Tensor& a);
Tensor sqr_inplace(Context& ctx, const Tensor& a);
Tensor sqrt(Context& ctx, const Tensor& a);
Tensor sqrt_inplace(Context& ctx, const Tensor& a);
Tensor log(Context& ctx, const Tensor& a);
Tensor log_inplace(Context& ctx, const Tensor& a);
Tensor unary(Context& ctx, const Tensor& a, UnaryOp op);
Tensor unary_inplace(Context& ctx, const Tensor& a, UnaryOp op);
Tensor neg(Context& ctx, const Tensor& a);
Tensor neg_inplace(Context& ctx, const Tensor& a);
Tensor abs(Context& ctx, const Tensor& a);
Tensor abs_inplace(Context& ctx, const Tensor& a);
Tensor exp(Context& ctx, const Tensor& a);
Tensor exp_inplace(Context& ctx, const Tensor& a);
Tensor relu(Context& ctx, const Tensor& a);
Tensor relu_inplace(Context& ctx, const Tensor& a);
Tensor gelu(Context& ctx, const Tensor& a);                              // tanh approximation
Tensor gelu_inplace(Context& ctx, const Tensor& a);
Tensor silu(Context& ctx, const Tensor& a);
Tensor silu_inplace(Context& ctx, const Tensor& a);
Tensor tanh(Context& ctx, const Tensor& a);
Tensor tanh_inplace(Context& ctx, const Tensor& a);
Tensor sigmoid(Context& ctx, const Tensor& a);
Tensor sigmoid_inplace(Context& ctx, const Tensor& a);

// ---- reductions (F32) ----
Tensor sum(Context& ctx, const Tensor& a);        // [1]
Tensor sum_rows(Context& ctx, const Tensor& a);   // [1, ne1, ne2, ne3]
Tensor mean(Context& ctx, const Tensor& a);       // [1, ne1, ne2, ne3]
Tensor argmax(Context& ctx, const Tensor& a);     // I32 [ne1] of a matrix

// ---- normalisation and attention helpers (F32, along rows) ----
Tensor norm(Context& ctx, const Tensor& a, float eps);
Tensor norm_inplace(Context& ctx, const Tensor& a, float eps);
Tensor rms_norm(Context& ctx, const Tensor& a, float eps);
Tensor rms_norm_inplace(Context& ctx, const Tensor& a, float eps);
Tensor soft_max(Context& ctx, const Tensor& a);
Tensor soft_max_inplace(Context& ctx, const Tensor& a);
// softmax(a * scale + slope * mask); mask F32/F16 or empty; max_bias > 0: ALiBi.
Tensor soft_max_ext(Context& ctx, const Tensor& a, const Tensor& mask, float scale, float max_bias);
// softmax(q k^T * scale + mask) v per head (see ggml_flash_attn_ext): q F32 [D, T, H],
// k, v F32/F16 [D, N, Hkv], [Dv, N, Hkv]; mask F32/F16 [N, >= T] or empty -> F32 [Dv, H, T].
Tensor flash_attn_ext(Context& ctx, const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask, float scale,
                      float max_bias, float logit_softcap);
Tensor diag_mask_inf(Context& ctx, const Tensor& a, int n_past);
Tensor diag_mask_inf_inplace(Context& ctx, const Tensor& a, int n_past);

// ---- matrix product: a [K, M, ...] (F32/F16/BF16), b [K, N, ...] (F32) -> F32 [M, N, ...] ----
// Precision::F32 keeps b in F32 for F16 weights; Default rounds its rows to
// F16 (those that fit), as upstream does.
enum class Precision { Default = 0, F32 = 10 };
Tensor mul_mat(Context& ctx, const Tensor& a, const Tensor& b);
Tensor mul_mat(Context& ctx, const Tensor& a, const Tensor& b, Precision precision);
// Changes the precision of an existing mul_mat node (ggml_mul_mat_set_prec);
// throws lugh::Error for any other tensor or an unknown value.
void mul_mat_set_prec(const Tensor& node, Precision precision);

// ---- gathering, copying, tiling ----
Tensor get_rows(Context& ctx, const Tensor& a, const Tensor& b);        // b: I32 row indices
// Rows of b (F32) written into a at the rows c (I32) names (see ggml_set_rows); returns a view of a.
Tensor set_rows(Context& ctx, const Tensor& a, const Tensor& b, const Tensor& c);
Tensor cpy(Context& ctx, const Tensor& a, const Tensor& b);             // a into b; returns a view of b
Tensor dup(Context& ctx, const Tensor& a);
Tensor cont(Context& ctx, const Tensor& a);
Tensor cont_1d(Context& ctx, const Tensor& a, int64_t ne0);
Tensor cont_2d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1);
Tensor cont_3d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2);
Tensor cont_4d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3);
Tensor repeat(Context& ctx, const Tensor& a, const Tensor& b);          // a tiled to b's shape
Tensor concat(Context& ctx, const Tensor& a, const Tensor& b, int dim);

// ---- views (share data) ----
Tensor reshape(Context& ctx, const Tensor& a, std::vector<int64_t> shape);
Tensor reshape_1d(Context& ctx, const Tensor& a, int64_t ne0);
Tensor reshape_2d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1);
Tensor reshape_3d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2);
Tensor reshape_4d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3);
Tensor view_1d(Context& ctx, const Tensor& a, int64_t ne0, size_t offset);
Tensor view_2d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1, size_t nb1, size_t offset);
Tensor view_3d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2, size_t nb1, size_t nb2,
               size_t offset);
Tensor view_4d(Context& ctx, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3, size_t nb1,
               size_t nb2, size_t nb3, size_t offset);
Tensor permute(Context& ctx, const Tensor& a, int axis0, int axis1, int axis2, int axis3);
Tensor transpose(Context& ctx, const Tensor& a);

// ---- rotary position embedding ----
constexpr int kRopeNeox = 2;   // GGML_ROPE_TYPE_NEOX
// a F32 [head_dim, n_head, n_tokens], pos I32 [n_tokens], freq_factors F32 [n_dims/2] or empty.
Tensor rope_ext(Context& ctx, const Tensor& a, const Tensor& pos, const Tensor& freq_factors, int n_dims, int mode,
                int n_ctx_orig, float freq_base, float freq_scale, float ext_factor, float attn_factor,
                float beta_fast, float beta_slow);
Tensor rope_ext_inplace(Context& ctx, const Tensor& a, const Tensor& pos, const Tensor& freq_factors, int n_dims,
                        int mode, int n_ctx_orig, float freq_base, float freq_scale, float ext_factor,
                        float attn_factor, float beta_fast, float beta_slow);
Tensor rope(Context& ctx, const Tensor& a, const Tensor& pos, int n_dims, int mode);

}  // namespace ops
}  // namespace lugh
