// The C API's op constructors: thin shims onto lugh::node (src/ops/), each
// naming itself in error messages and turning errors into the C contract.
#include "capi/guard.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"

using lugh::capi::guarded;
namespace node = lugh::node;

typedef ggml_tensor T;
typedef ggml_context C;

#define LUGH_BINARY(name, OP)                                                                                     \
    T* ggml_##name(C* ctx, T* a, T* b) {                                                                           \
        return guarded([&] { return node::binary(ctx, OP, a, b, false, "ggml_" #name); });                         \
    }                                                                                                              \
    T* ggml_##name##_inplace(C* ctx, T* a, T* b) {                                                                 \
        return guarded([&] { return node::binary(ctx, OP, a, b, true, "ggml_" #name "_inplace"); });               \
    }

#define LUGH_MATH(name, OP)                                                                                        \
    T* ggml_##name(C* ctx, T* a) { return guarded([&] { return node::math(ctx, OP, a, false, "ggml_" #name); }); } \
    T* ggml_##name##_inplace(C* ctx, T* a) {                                                                       \
        return guarded([&] { return node::math(ctx, OP, a, true, "ggml_" #name "_inplace"); });                    \
    }

#define LUGH_UNARY(name, OP)                                                                                       \
    T* ggml_##name(C* ctx, T* a) { return guarded([&] { return node::unary(ctx, a, OP, false, "ggml_" #name); }); } \
    T* ggml_##name##_inplace(C* ctx, T* a) {                                                                       \
        return guarded([&] { return node::unary(ctx, a, OP, true, "ggml_" #name "_inplace"); });                   \
    }

extern "C" {

LUGH_BINARY(add, GGML_OP_ADD)
LUGH_BINARY(sub, GGML_OP_SUB)
LUGH_BINARY(mul, GGML_OP_MUL)
LUGH_BINARY(div, GGML_OP_DIV)

T* ggml_scale(C* ctx, T* a, float s) { return guarded([&] { return node::scale(ctx, a, s, false, "ggml_scale"); }); }
T* ggml_scale_inplace(C* ctx, T* a, float s) {
    return guarded([&] { return node::scale(ctx, a, s, true, "ggml_scale_inplace"); });
}
T* ggml_clamp(C* ctx, T* a, float min, float max) {
    return guarded([&] { return node::clamp(ctx, a, min, max, "ggml_clamp"); });
}

LUGH_MATH(sqr, GGML_OP_SQR)
LUGH_MATH(sqrt, GGML_OP_SQRT)
LUGH_MATH(log, GGML_OP_LOG)

T* ggml_unary(C* ctx, T* a, enum ggml_unary_op op) {
    return guarded([&] { return node::unary(ctx, a, op, false, "ggml_unary"); });
}
T* ggml_unary_inplace(C* ctx, T* a, enum ggml_unary_op op) {
    return guarded([&] { return node::unary(ctx, a, op, true, "ggml_unary_inplace"); });
}
LUGH_UNARY(neg, GGML_UNARY_OP_NEG)
LUGH_UNARY(abs, GGML_UNARY_OP_ABS)
LUGH_UNARY(exp, GGML_UNARY_OP_EXP)
LUGH_UNARY(relu, GGML_UNARY_OP_RELU)
LUGH_UNARY(gelu, GGML_UNARY_OP_GELU)
LUGH_UNARY(silu, GGML_UNARY_OP_SILU)
LUGH_UNARY(tanh, GGML_UNARY_OP_TANH)
LUGH_UNARY(sigmoid, GGML_UNARY_OP_SIGMOID)

T* ggml_sum(C* ctx, T* a) { return guarded([&] { return node::sum(ctx, a, "ggml_sum"); }); }
T* ggml_sum_rows(C* ctx, T* a) { return guarded([&] { return node::sum_rows(ctx, a, "ggml_sum_rows"); }); }
T* ggml_mean(C* ctx, T* a) { return guarded([&] { return node::mean(ctx, a, "ggml_mean"); }); }
T* ggml_argmax(C* ctx, T* a) { return guarded([&] { return node::argmax(ctx, a, "ggml_argmax"); }); }

T* ggml_norm(C* ctx, T* a, float eps) {
    return guarded([&] { return node::norm(ctx, GGML_OP_NORM, a, eps, false, "ggml_norm"); });
}
T* ggml_norm_inplace(C* ctx, T* a, float eps) {
    return guarded([&] { return node::norm(ctx, GGML_OP_NORM, a, eps, true, "ggml_norm_inplace"); });
}
T* ggml_rms_norm(C* ctx, T* a, float eps) {
    return guarded([&] { return node::norm(ctx, GGML_OP_RMS_NORM, a, eps, false, "ggml_rms_norm"); });
}
T* ggml_rms_norm_inplace(C* ctx, T* a, float eps) {
    return guarded([&] { return node::norm(ctx, GGML_OP_RMS_NORM, a, eps, true, "ggml_rms_norm_inplace"); });
}

T* ggml_soft_max(C* ctx, T* a) {
    return guarded([&] { return node::soft_max(ctx, a, nullptr, 1.0f, 0.0f, false, "ggml_soft_max"); });
}
T* ggml_soft_max_inplace(C* ctx, T* a) {
    return guarded([&] { return node::soft_max(ctx, a, nullptr, 1.0f, 0.0f, true, "ggml_soft_max_inplace"); });
}
T* ggml_soft_max_ext(C* ctx, T* a, T* mask, float scale, float max_bias) {
    return guarded([&] { return node::soft_max(ctx, a, mask, scale, max_bias, false, "ggml_soft_max_ext"); });
}
T* ggml_diag_mask_inf(C* ctx, T* a, int n_past) {
    return guarded([&] { return node::diag_mask_inf(ctx, a, n_past, false, "ggml_diag_mask_inf"); });
}
T* ggml_diag_mask_inf_inplace(C* ctx, T* a, int n_past) {
    return guarded([&] { return node::diag_mask_inf(ctx, a, n_past, true, "ggml_diag_mask_inf_inplace"); });
}

T* ggml_mul_mat(C* ctx, T* a, T* b) { return guarded([&] { return node::mul_mat(ctx, a, b, "ggml_mul_mat"); }); }
void ggml_mul_mat_set_prec(T* a, ggml_prec prec) {
    guarded([&] { node::mul_mat_set_prec(a, static_cast<int>(prec), "ggml_mul_mat_set_prec"); });
}

T* ggml_get_rows(C* ctx, T* a, T* b) { return guarded([&] { return node::get_rows(ctx, a, b, "ggml_get_rows"); }); }
T* ggml_flash_attn_ext(C* ctx, T* q, T* k, T* v, T* mask, float scale, float max_bias, float logit_softcap) {
    return guarded([&] {
        return node::flash_attn_ext(ctx, q, k, v, mask, scale, max_bias, logit_softcap, "ggml_flash_attn_ext");
    });
}
T* ggml_set_rows(C* ctx, T* a, T* b, T* c) {
    return guarded([&] { return node::set_rows(ctx, a, b, c, "ggml_set_rows"); });
}
T* ggml_cpy(C* ctx, T* a, T* b) { return guarded([&] { return node::cpy(ctx, a, b, "ggml_cpy"); }); }
T* ggml_dup(C* ctx, T* a) {
    return guarded([&] { return node::copy_of(ctx, GGML_OP_DUP, a, 0, nullptr, "ggml_dup"); });
}
T* ggml_cont(C* ctx, T* a) {
    return guarded([&] { return node::copy_of(ctx, GGML_OP_CONT, a, 0, nullptr, "ggml_cont"); });
}
T* ggml_cont_1d(C* ctx, T* a, int64_t ne0) {
    return guarded([&] { return node::copy_of(ctx, GGML_OP_CONT, a, 1, &ne0, "ggml_cont_1d"); });
}
T* ggml_cont_2d(C* ctx, T* a, int64_t ne0, int64_t ne1) {
    const int64_t ne[2] = {ne0, ne1};
    return guarded([&] { return node::copy_of(ctx, GGML_OP_CONT, a, 2, ne, "ggml_cont_2d"); });
}
T* ggml_cont_3d(C* ctx, T* a, int64_t ne0, int64_t ne1, int64_t ne2) {
    const int64_t ne[3] = {ne0, ne1, ne2};
    return guarded([&] { return node::copy_of(ctx, GGML_OP_CONT, a, 3, ne, "ggml_cont_3d"); });
}
T* ggml_cont_4d(C* ctx, T* a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3) {
    const int64_t ne[4] = {ne0, ne1, ne2, ne3};
    return guarded([&] { return node::copy_of(ctx, GGML_OP_CONT, a, 4, ne, "ggml_cont_4d"); });
}
T* ggml_repeat(C* ctx, T* a, T* b) {
    return guarded([&] {
        node::require_tensor(b, "ggml_repeat", "b");
        return node::repeat(ctx, a, b->ne, "ggml_repeat");
    });
}
T* ggml_concat(C* ctx, T* a, T* b, int dim) {
    return guarded([&] { return node::concat(ctx, a, b, dim, "ggml_concat"); });
}

T* ggml_reshape(C* ctx, T* a, T* b) {
    return guarded([&] {
        node::require_tensor(b, "ggml_reshape", "b");
        return node::reshape(ctx, a, 4, b->ne, "ggml_reshape");
    });
}
T* ggml_reshape_1d(C* ctx, T* a, int64_t ne0) {
    return guarded([&] { return node::reshape(ctx, a, 1, &ne0, "ggml_reshape_1d"); });
}
T* ggml_reshape_2d(C* ctx, T* a, int64_t ne0, int64_t ne1) {
    const int64_t ne[2] = {ne0, ne1};
    return guarded([&] { return node::reshape(ctx, a, 2, ne, "ggml_reshape_2d"); });
}
T* ggml_reshape_3d(C* ctx, T* a, int64_t ne0, int64_t ne1, int64_t ne2) {
    const int64_t ne[3] = {ne0, ne1, ne2};
    return guarded([&] { return node::reshape(ctx, a, 3, ne, "ggml_reshape_3d"); });
}
T* ggml_reshape_4d(C* ctx, T* a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3) {
    const int64_t ne[4] = {ne0, ne1, ne2, ne3};
    return guarded([&] { return node::reshape(ctx, a, 4, ne, "ggml_reshape_4d"); });
}
T* ggml_view_1d(C* ctx, T* a, int64_t ne0, size_t offset) {
    return guarded([&] { return node::view(ctx, a, 1, &ne0, nullptr, offset, "ggml_view_1d"); });
}
T* ggml_view_2d(C* ctx, T* a, int64_t ne0, int64_t ne1, size_t nb1, size_t offset) {
    const int64_t ne[2] = {ne0, ne1};
    const size_t nb[1] = {nb1};
    return guarded([&] { return node::view(ctx, a, 2, ne, nb, offset, "ggml_view_2d"); });
}
T* ggml_view_3d(C* ctx, T* a, int64_t ne0, int64_t ne1, int64_t ne2, size_t nb1, size_t nb2, size_t offset) {
    const int64_t ne[3] = {ne0, ne1, ne2};
    const size_t nb[2] = {nb1, nb2};
    return guarded([&] { return node::view(ctx, a, 3, ne, nb, offset, "ggml_view_3d"); });
}
T* ggml_view_4d(C* ctx, T* a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3, size_t nb1, size_t nb2, size_t nb3,
                size_t offset) {
    const int64_t ne[4] = {ne0, ne1, ne2, ne3};
    const size_t nb[3] = {nb1, nb2, nb3};
    return guarded([&] { return node::view(ctx, a, 4, ne, nb, offset, "ggml_view_4d"); });
}
T* ggml_permute(C* ctx, T* a, int axis0, int axis1, int axis2, int axis3) {
    const int axes[4] = {axis0, axis1, axis2, axis3};
    return guarded([&] { return node::permute(ctx, a, axes, "ggml_permute"); });
}
T* ggml_transpose(C* ctx, T* a) { return guarded([&] { return node::transpose(ctx, a, "ggml_transpose"); }); }

static T* rope_c(C* ctx, T* a, T* b, T* c, int n_dims, int mode, int n_ctx_orig, float freq_base, float freq_scale,
                 float ext_factor, float attn_factor, float beta_fast, float beta_slow, bool inplace, const char* fn) {
    const node::RopeParams p =
        node::rope_params(n_dims, mode, n_ctx_orig, freq_base, freq_scale, ext_factor, attn_factor, beta_fast, beta_slow);
    return guarded([&] { return node::rope(ctx, a, b, c, p, inplace, fn); });
}

T* ggml_rope_ext(C* ctx, T* a, T* b, T* c, int n_dims, int mode, int n_ctx_orig, float freq_base, float freq_scale,
                 float ext_factor, float attn_factor, float beta_fast, float beta_slow) {
    return rope_c(ctx, a, b, c, n_dims, mode, n_ctx_orig, freq_base, freq_scale, ext_factor, attn_factor, beta_fast,
                  beta_slow, false, "ggml_rope_ext");
}
T* ggml_rope_ext_inplace(C* ctx, T* a, T* b, T* c, int n_dims, int mode, int n_ctx_orig, float freq_base,
                         float freq_scale, float ext_factor, float attn_factor, float beta_fast, float beta_slow) {
    return rope_c(ctx, a, b, c, n_dims, mode, n_ctx_orig, freq_base, freq_scale, ext_factor, attn_factor, beta_fast,
                  beta_slow, true, "ggml_rope_ext_inplace");
}
T* ggml_rope(C* ctx, T* a, T* b, int n_dims, int mode) {
    return rope_c(ctx, a, b, nullptr, n_dims, mode, 0, 10000.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f, false, "ggml_rope");
}
T* ggml_rope_inplace(C* ctx, T* a, T* b, int n_dims, int mode) {
    return rope_c(ctx, a, b, nullptr, n_dims, mode, 0, 10000.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f, true,
                  "ggml_rope_inplace");
}

}  // extern "C"
