/*
 * lugh-ggml-ops.h - part of Lugh's ggml-compatible C API; include "ggml.h".
 *
 * Operations build graph nodes; nothing is computed until the graph runs
 * (lugh-ggml-graph.h, ggml-cpu.h). Each function checks its inputs when the
 * node is built: a mismatch prints one line naming the op and the shapes and
 * aborts (after the abort callback, see ggml_set_abort_callback).
 *
 *     struct ggml_tensor * c = ggml_add(ctx, a, b);    // c = a + b (b broadcasts over a)
 *     struct ggml_cgraph * g = ggml_new_graph(ctx);
 *     ggml_build_forward_expand(g, c);
 *     ggml_graph_compute_with_ctx(ctx, g, 2);          // ggml-cpu.h
 *
 * Shapes follow upstream ggml: ne[0] is the row length. "Broadcast" means the
 * second operand's shape divides the first's in every dimension and it is
 * repeated to cover it. The _inplace forms return a view of their first
 * operand and write into its data.
 */
#ifndef LUGH_GGML_OPS_H
#define LUGH_GGML_OPS_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- names ------------------------------------------------------------- */

GGML_API const char * ggml_op_name(enum ggml_op op);              /* "ADD", "MUL_MAT", ...      */
GGML_API const char * ggml_op_symbol(enum ggml_op op);            /* "x+y", ...                  */
GGML_API const char * ggml_unary_op_name(enum ggml_unary_op op);  /* "RELU", ...                 */
/* The op name, or the unary op's name for a GGML_OP_UNARY node. */
GGML_API const char * ggml_op_desc(const struct ggml_tensor * t);
/* The unary op of a GGML_OP_UNARY node (aborts for any other node). */
GGML_API enum ggml_unary_op ggml_get_unary_op(const struct ggml_tensor * tensor);

/* ---- element-wise binary: F32; b broadcasts over a ---------------------- */

GGML_API struct ggml_tensor * ggml_add(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
GGML_API struct ggml_tensor * ggml_add_inplace(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
GGML_API struct ggml_tensor * ggml_sub(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
GGML_API struct ggml_tensor * ggml_sub_inplace(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
GGML_API struct ggml_tensor * ggml_mul(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
GGML_API struct ggml_tensor * ggml_mul_inplace(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
GGML_API struct ggml_tensor * ggml_div(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
GGML_API struct ggml_tensor * ggml_div_inplace(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);

/* a * s */
GGML_API struct ggml_tensor * ggml_scale(struct ggml_context * ctx, struct ggml_tensor * a, float s);
GGML_API struct ggml_tensor * ggml_scale_inplace(struct ggml_context * ctx, struct ggml_tensor * a, float s);
/* min(max(a, min), max) */
GGML_API struct ggml_tensor * ggml_clamp(struct ggml_context * ctx, struct ggml_tensor * a, float min, float max);

/* ---- element-wise unary: F32 -------------------------------------------- */

GGML_API struct ggml_tensor * ggml_sqr(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_sqr_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_sqrt(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_sqrt_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_log(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_log_inplace(struct ggml_context * ctx, struct ggml_tensor * a);

/* Any enum ggml_unary_op Lugh implements (ABS, SGN, NEG, STEP, TANH, ELU,
 * RELU, SIGMOID, GELU, GELU_QUICK, SILU, HARDSWISH, HARDSIGMOID, EXP). */
GGML_API struct ggml_tensor * ggml_unary(struct ggml_context * ctx, struct ggml_tensor * a, enum ggml_unary_op op);
GGML_API struct ggml_tensor * ggml_unary_inplace(struct ggml_context * ctx, struct ggml_tensor * a, enum ggml_unary_op op);

GGML_API struct ggml_tensor * ggml_neg(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_neg_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_abs(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_abs_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_exp(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_exp_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_relu(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_relu_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
/* GELU, tanh approximation: 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))). */
GGML_API struct ggml_tensor * ggml_gelu(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_gelu_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
/* x * sigmoid(x) */
GGML_API struct ggml_tensor * ggml_silu(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_silu_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_tanh(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_tanh_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_sigmoid(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_sigmoid_inplace(struct ggml_context * ctx, struct ggml_tensor * a);

/* ---- reductions: F32 ------------------------------------------------------ */

/* Sum of every element: shape [1]. */
GGML_API struct ggml_tensor * ggml_sum(struct ggml_context * ctx, struct ggml_tensor * a);
/* Sum of each row: shape [1, ne1, ne2, ne3]. */
GGML_API struct ggml_tensor * ggml_sum_rows(struct ggml_context * ctx, struct ggml_tensor * a);
/* Mean of each row: shape [1, ne1, ne2, ne3]. */
GGML_API struct ggml_tensor * ggml_mean(struct ggml_context * ctx, struct ggml_tensor * a);
/* Index of the largest element of each row of a matrix: I32, shape [ne1]. */
GGML_API struct ggml_tensor * ggml_argmax(struct ggml_context * ctx, struct ggml_tensor * a);

/* ---- normalisation (along rows): F32 ------------------------------------ */

/* (x - mean) / sqrt(var + eps) */
GGML_API struct ggml_tensor * ggml_norm(struct ggml_context * ctx, struct ggml_tensor * a, float eps);
GGML_API struct ggml_tensor * ggml_norm_inplace(struct ggml_context * ctx, struct ggml_tensor * a, float eps);
/* x / sqrt(mean(x^2) + eps) */
GGML_API struct ggml_tensor * ggml_rms_norm(struct ggml_context * ctx, struct ggml_tensor * a, float eps);
GGML_API struct ggml_tensor * ggml_rms_norm_inplace(struct ggml_context * ctx, struct ggml_tensor * a, float eps);

/* ---- attention helpers: F32 ---------------------------------------------- */

/* Softmax of each row. */
GGML_API struct ggml_tensor * ggml_soft_max(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_soft_max_inplace(struct ggml_context * ctx, struct ggml_tensor * a);
/* softmax(a * scale + slope * mask). mask (F32 or F16, contiguous, may be
 * NULL): ne0 = a.ne0, ne1 >= a.ne1, and it broadcasts over dims 2 and 3.
 * max_bias > 0 selects ALiBi slopes per head (dim 2) and needs a mask;
 * with max_bias = 0 the slope is 1. */
GGML_API struct ggml_tensor * ggml_soft_max_ext(struct ggml_context * ctx, struct ggml_tensor * a,
                                                struct ggml_tensor * mask, float scale, float max_bias);
/* Attention in one node: softmax(q k^T * scale + mask) v for every head.
 * q F32 [D, T, H], k F32/F16 [D, N, Hkv], v F32/F16 [Dv, N, Hkv] (rows packed;
 * H a multiple of Hkv: query head h reads key/value head h / (H / Hkv)),
 * mask F32/F16 [N, >= T] (contiguous, may be NULL; -inf hides a key)
 * -> F32 [Dv, H, T]. logit_softcap > 0 caps scores as softcap*tanh(s/softcap).
 * max_bias (ALiBi) must be 0. F16 keys take q rounded to F16. */
GGML_API struct ggml_tensor * ggml_flash_attn_ext(struct ggml_context * ctx, struct ggml_tensor * q,
                                                  struct ggml_tensor * k, struct ggml_tensor * v,
                                                  struct ggml_tensor * mask, float scale, float max_bias,
                                                  float logit_softcap);
/* Set a[i0, i1] to -inf where i0 > n_past + i1 (causal mask). */
GGML_API struct ggml_tensor * ggml_diag_mask_inf(struct ggml_context * ctx, struct ggml_tensor * a, int n_past);
GGML_API struct ggml_tensor * ggml_diag_mask_inf_inplace(struct ggml_context * ctx, struct ggml_tensor * a, int n_past);

/* ---- matrix multiplication ------------------------------------------------ */

/* a: [K, M, A2, A3] (F32, F16 or BF16, rows contiguous), b: [K, N, B2, B3] (F32)
 * with B2 % A2 == 0 and B3 % A3 == 0 -> F32 [M, N, B2, B3];
 * result[m, n] = dot(row m of a, row n of b). */
GGML_API struct ggml_tensor * ggml_mul_mat(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
/* Sets the precision of a mul_mat node (the result of ggml_mul_mat); aborts
 * with a message for any other tensor or an unknown ggml_prec value. */
GGML_API void ggml_mul_mat_set_prec(struct ggml_tensor * a, enum ggml_prec prec);

/* ---- gathering, copying, tiling ------------------------------------------ */

/* Rows of a (F32, F16, BF16 or I32) picked by b (I32): a [n0, n_rows, A2, A3],
 * b [R, A2, A3] -> [n0, R, A2, A3] (F32; I32 for an I32 a). */
GGML_API struct ggml_tensor * ggml_get_rows(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
/* Rows of b (F32) written into a at the rows that c (I32) names, converted
 * to a's type (F32, F16, BF16, Q8_0, Q4_0): a [n0, n_rows, A2, A3],
 * b [n0, R, A2, A3], c [R, C2, C3] with A2 % C2 == 0 and A3 % C3 == 0 (c
 * broadcasts over b's batches); row b[i, i2, i3] goes to a[c[i, i2 % C2,
 * i3 % C3], i2, i3]. Returns a view of a; an index outside a's rows fails
 * the compute. Two rows written to the same place: either one wins. */
GGML_API struct ggml_tensor * ggml_set_rows(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b,
                                            struct ggml_tensor * c);
/* Copy a into b (same element count, any shapes and strides; F32/F16/BF16
 * converted, other types copied as is); returns a view of b. */
GGML_API struct ggml_tensor * ggml_cpy(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
/* A contiguous copy of a, same shape and type. */
GGML_API struct ggml_tensor * ggml_dup(struct ggml_context * ctx, struct ggml_tensor * a);
GGML_API struct ggml_tensor * ggml_cont(struct ggml_context * ctx, struct ggml_tensor * a);
/* A contiguous copy of a with a new shape (same element count). */
GGML_API struct ggml_tensor * ggml_cont_1d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0);
GGML_API struct ggml_tensor * ggml_cont_2d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1);
GGML_API struct ggml_tensor * ggml_cont_3d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1, int64_t ne2);
GGML_API struct ggml_tensor * ggml_cont_4d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3);
/* a tiled to b's shape (b's shape must be a multiple of a's; b's data is not read). */
GGML_API struct ggml_tensor * ggml_repeat(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
/* a and b joined along dim (0..3); every other dimension must match. */
GGML_API struct ggml_tensor * ggml_concat(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b, int dim);

/* ---- views (share the source's data; no copy) ------------------------------ */

/* a (contiguous) with b's shape. */
GGML_API struct ggml_tensor * ggml_reshape(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b);
GGML_API struct ggml_tensor * ggml_reshape_1d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0);
GGML_API struct ggml_tensor * ggml_reshape_2d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1);
GGML_API struct ggml_tensor * ggml_reshape_3d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1, int64_t ne2);
GGML_API struct ggml_tensor * ggml_reshape_4d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3);
/* A window of a starting `offset` bytes in, with the given sizes and row strides (bytes). */
GGML_API struct ggml_tensor * ggml_view_1d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, size_t offset);
GGML_API struct ggml_tensor * ggml_view_2d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1,
                                           size_t nb1, size_t offset);
GGML_API struct ggml_tensor * ggml_view_3d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1,
                                           int64_t ne2, size_t nb1, size_t nb2, size_t offset);
GGML_API struct ggml_tensor * ggml_view_4d(struct ggml_context * ctx, struct ggml_tensor * a, int64_t ne0, int64_t ne1,
                                           int64_t ne2, int64_t ne3, size_t nb1, size_t nb2, size_t nb3, size_t offset);
/* Source dimension i becomes dimension axis_i (the axes are a permutation of 0..3). */
GGML_API struct ggml_tensor * ggml_permute(struct ggml_context * ctx, struct ggml_tensor * a, int axis0, int axis1, int axis2, int axis3);
/* Swap dimensions 0 and 1. */
GGML_API struct ggml_tensor * ggml_transpose(struct ggml_context * ctx, struct ggml_tensor * a);

/* ---- rotary position embedding --------------------------------------------- */

#define GGML_ROPE_TYPE_NEOX 2   /* rotate pairs (i, i + n_dims/2) instead of (2i, 2i+1) */

/* a: F32 [head_dim, n_head, n_tokens, 1]; b: I32 positions [n_tokens];
 * c: F32 frequency divisors [n_dims/2] or NULL. The first n_dims (even, <=
 * head_dim) values of each row are rotated by pos * freq_base^(-i/n_dims)
 * (scaled by freq_scale, YaRN-blended when ext_factor != 0, magnitudes
 * scaled by attn_factor); the rest are copied. */
GGML_API struct ggml_tensor * ggml_rope_ext(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b,
                                            struct ggml_tensor * c, int n_dims, int mode, int n_ctx_orig,
                                            float freq_base, float freq_scale, float ext_factor, float attn_factor,
                                            float beta_fast, float beta_slow);
GGML_API struct ggml_tensor * ggml_rope_ext_inplace(struct ggml_context * ctx, struct ggml_tensor * a,
                                                    struct ggml_tensor * b, struct ggml_tensor * c, int n_dims,
                                                    int mode, int n_ctx_orig, float freq_base, float freq_scale,
                                                    float ext_factor, float attn_factor, float beta_fast,
                                                    float beta_slow);
/* rope_ext with freq_base 10000, freq_scale 1, no YaRN, attn_factor 1. */
GGML_API struct ggml_tensor * ggml_rope(struct ggml_context * ctx, struct ggml_tensor * a, struct ggml_tensor * b,
                                        int n_dims, int mode);
GGML_API struct ggml_tensor * ggml_rope_inplace(struct ggml_context * ctx, struct ggml_tensor * a,
                                                struct ggml_tensor * b, int n_dims, int mode);

#ifdef __cplusplus
}
#endif

#endif
