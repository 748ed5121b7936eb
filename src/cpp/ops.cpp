// lugh::ops: the C++ face of the op constructors in src/ops/.
#include "lugh/ops.hpp"

#include "core/check.hpp"
#include "ops/nodes.hpp"

namespace lugh::ops {

namespace {
// nullptr for an empty handle ("none"); throws for a dead one.
ggml_tensor* optional(const Tensor& t) { return t == Tensor() ? nullptr : t.raw(); }
Tensor wrap(Context& ctx, ggml_tensor* t) { return Tensor::wrap(ctx.raw(), t); }

Tensor binary(Context& ctx, ggml_op op, const Tensor& a, const Tensor& b, bool inplace, const char* fn) {
    return wrap(ctx, node::binary(ctx.raw(), op, a.raw(), b.raw(), inplace, fn));
}
Tensor math(Context& ctx, ggml_op op, const Tensor& a, bool inplace, const char* fn) {
    return wrap(ctx, node::math(ctx.raw(), op, a.raw(), inplace, fn));
}
Tensor un(Context& ctx, const Tensor& a, ggml_unary_op op, bool inplace, const char* fn) {
    return wrap(ctx, node::unary(ctx.raw(), a.raw(), op, inplace, fn));
}
}  // namespace

Tensor add(Context& c, const Tensor& a, const Tensor& b) { return binary(c, GGML_OP_ADD, a, b, false, "ops::add"); }
Tensor add_inplace(Context& c, const Tensor& a, const Tensor& b) { return binary(c, GGML_OP_ADD, a, b, true, "ops::add_inplace"); }
Tensor sub(Context& c, const Tensor& a, const Tensor& b) { return binary(c, GGML_OP_SUB, a, b, false, "ops::sub"); }
Tensor sub_inplace(Context& c, const Tensor& a, const Tensor& b) { return binary(c, GGML_OP_SUB, a, b, true, "ops::sub_inplace"); }
Tensor mul(Context& c, const Tensor& a, const Tensor& b) { return binary(c, GGML_OP_MUL, a, b, false, "ops::mul"); }
Tensor mul_inplace(Context& c, const Tensor& a, const Tensor& b) { return binary(c, GGML_OP_MUL, a, b, true, "ops::mul_inplace"); }
Tensor div(Context& c, const Tensor& a, const Tensor& b) { return binary(c, GGML_OP_DIV, a, b, false, "ops::div"); }
Tensor div_inplace(Context& c, const Tensor& a, const Tensor& b) { return binary(c, GGML_OP_DIV, a, b, true, "ops::div_inplace"); }
Tensor scale(Context& c, const Tensor& a, float s) { return wrap(c, node::scale(c.raw(), a.raw(), s, false, "ops::scale")); }
Tensor scale_inplace(Context& c, const Tensor& a, float s) {
    return wrap(c, node::scale(c.raw(), a.raw(), s, true, "ops::scale_inplace"));
}
Tensor clamp(Context& c, const Tensor& a, float min, float max) {
    return wrap(c, node::clamp(c.raw(), a.raw(), min, max, "ops::clamp"));
}

Tensor sqr(Context& c, const Tensor& a) { return math(c, GGML_OP_SQR, a, false, "ops::sqr"); }
Tensor sqr_inplace(Context& c, const Tensor& a) { return math(c, GGML_OP_SQR, a, true, "ops::sqr_inplace"); }
Tensor sqrt(Context& c, const Tensor& a) { return math(c, GGML_OP_SQRT, a, false, "ops::sqrt"); }
Tensor sqrt_inplace(Context& c, const Tensor& a) { return math(c, GGML_OP_SQRT, a, true, "ops::sqrt_inplace"); }
Tensor log(Context& c, const Tensor& a) { return math(c, GGML_OP_LOG, a, false, "ops::log"); }
Tensor log_inplace(Context& c, const Tensor& a) { return math(c, GGML_OP_LOG, a, true, "ops::log_inplace"); }
Tensor unary(Context& c, const Tensor& a, UnaryOp op) { return un(c, a, static_cast<ggml_unary_op>(op), false, "ops::unary"); }
Tensor unary_inplace(Context& c, const Tensor& a, UnaryOp op) {
    return un(c, a, static_cast<ggml_unary_op>(op), true, "ops::unary_inplace");
}
Tensor neg(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_NEG, false, "ops::neg"); }
Tensor neg_inplace(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_NEG, true, "ops::neg_inplace"); }
Tensor abs(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_ABS, false, "ops::abs"); }
Tensor abs_inplace(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_ABS, true, "ops::abs_inplace"); }
Tensor exp(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_EXP, false, "ops::exp"); }
Tensor exp_inplace(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_EXP, true, "ops::exp_inplace"); }
Tensor relu(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_RELU, false, "ops::relu"); }
Tensor relu_inplace(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_RELU, true, "ops::relu_inplace"); }
Tensor gelu(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_GELU, false, "ops::gelu"); }
Tensor gelu_inplace(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_GELU, true, "ops::gelu_inplace"); }
Tensor silu(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_SILU, false, "ops::silu"); }
Tensor silu_inplace(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_SILU, true, "ops::silu_inplace"); }
Tensor tanh(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_TANH, false, "ops::tanh"); }
Tensor tanh_inplace(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_TANH, true, "ops::tanh_inplace"); }
Tensor sigmoid(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_SIGMOID, false, "ops::sigmoid"); }
Tensor sigmoid_inplace(Context& c, const Tensor& a) { return un(c, a, GGML_UNARY_OP_SIGMOID, true, "ops::sigmoid_inplace"); }

Tensor sum(Context& c, const Tensor& a) { return wrap(c, node::sum(c.raw(), a.raw(), "ops::sum")); }
Tensor sum_rows(Context& c, const Tensor& a) { return wrap(c, node::sum_rows(c.raw(), a.raw(), "ops::sum_rows")); }
Tensor mean(Context& c, const Tensor& a) { return wrap(c, node::mean(c.raw(), a.raw(), "ops::mean")); }
Tensor argmax(Context& c, const Tensor& a) { return wrap(c, node::argmax(c.raw(), a.raw(), "ops::argmax")); }

Tensor norm(Context& c, const Tensor& a, float eps) {
    return wrap(c, node::norm(c.raw(), GGML_OP_NORM, a.raw(), eps, false, "ops::norm"));
}
Tensor norm_inplace(Context& c, const Tensor& a, float eps) {
    return wrap(c, node::norm(c.raw(), GGML_OP_NORM, a.raw(), eps, true, "ops::norm_inplace"));
}
Tensor rms_norm(Context& c, const Tensor& a, float eps) {
    return wrap(c, node::norm(c.raw(), GGML_OP_RMS_NORM, a.raw(), eps, false, "ops::rms_norm"));
}
Tensor rms_norm_inplace(Context& c, const Tensor& a, float eps) {
    return wrap(c, node::norm(c.raw(), GGML_OP_RMS_NORM, a.raw(), eps, true, "ops::rms_norm_inplace"));
}
Tensor soft_max(Context& c, const Tensor& a) {
    return wrap(c, node::soft_max(c.raw(), a.raw(), nullptr, 1.0f, 0.0f, false, "ops::soft_max"));
}
Tensor soft_max_inplace(Context& c, const Tensor& a) {
    return wrap(c, node::soft_max(c.raw(), a.raw(), nullptr, 1.0f, 0.0f, true, "ops::soft_max_inplace"));
}
Tensor soft_max_ext(Context& c, const Tensor& a, const Tensor& mask, float scale, float max_bias) {
    return wrap(c, node::soft_max(c.raw(), a.raw(), optional(mask), scale, max_bias, false, "ops::soft_max_ext"));
}
Tensor diag_mask_inf(Context& c, const Tensor& a, int n_past) {
    return wrap(c, node::diag_mask_inf(c.raw(), a.raw(), n_past, false, "ops::diag_mask_inf"));
}
Tensor diag_mask_inf_inplace(Context& c, const Tensor& a, int n_past) {
    return wrap(c, node::diag_mask_inf(c.raw(), a.raw(), n_past, true, "ops::diag_mask_inf_inplace"));
}

Tensor mul_mat(Context& c, const Tensor& a, const Tensor& b) { return mul_mat(c, a, b, Precision::Default); }
Tensor mul_mat(Context& c, const Tensor& a, const Tensor& b, Precision precision) {
    node::require_prec(static_cast<int>(precision), "ops::mul_mat");   // before anything is created
    ggml_tensor* r = node::mul_mat(c.raw(), a.raw(), b.raw(), "ops::mul_mat");
    node::mul_mat_set_prec(r, static_cast<int>(precision), "ops::mul_mat");
    return wrap(c, r);
}

void mul_mat_set_prec(const Tensor& node, Precision precision) {
    node::mul_mat_set_prec(node.raw(), static_cast<int>(precision), "ops::mul_mat_set_prec");
}

Tensor get_rows(Context& c, const Tensor& a, const Tensor& b) {
    return wrap(c, node::get_rows(c.raw(), a.raw(), b.raw(), "ops::get_rows"));
}
Tensor flash_attn_ext(Context& c, const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask, float scale,
                      float max_bias, float logit_softcap) {
    return wrap(c, node::flash_attn_ext(c.raw(), q.raw(), k.raw(), v.raw(), optional(mask), scale,
                                        max_bias, logit_softcap, "ops::flash_attn_ext"));
}
Tensor set_rows(Context& c, const Tensor& a, const Tensor& b, const Tensor& rows) {
    return wrap(c, node::set_rows(c.raw(), a.raw(), b.raw(), rows.raw(), "ops::set_rows"));
}
Tensor cpy(Context& c, const Tensor& a, const Tensor& b) { return wrap(c, node::cpy(c.raw(), a.raw(), b.raw(), "ops::cpy")); }
Tensor dup(Context& c, const Tensor& a) {
    return wrap(c, node::copy_of(c.raw(), GGML_OP_DUP, a.raw(), 0, nullptr, "ops::dup"));
}
Tensor cont(Context& c, const Tensor& a) {
    return wrap(c, node::copy_of(c.raw(), GGML_OP_CONT, a.raw(), 0, nullptr, "ops::cont"));
}
Tensor cont_1d(Context& c, const Tensor& a, int64_t ne0) {
    return wrap(c, node::copy_of(c.raw(), GGML_OP_CONT, a.raw(), 1, &ne0, "ops::cont_1d"));
}
Tensor cont_2d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1) {
    const int64_t ne[2] = {ne0, ne1};
    return wrap(c, node::copy_of(c.raw(), GGML_OP_CONT, a.raw(), 2, ne, "ops::cont_2d"));
}
Tensor cont_3d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2) {
    const int64_t ne[3] = {ne0, ne1, ne2};
    return wrap(c, node::copy_of(c.raw(), GGML_OP_CONT, a.raw(), 3, ne, "ops::cont_3d"));
}
Tensor cont_4d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3) {
    const int64_t ne[4] = {ne0, ne1, ne2, ne3};
    return wrap(c, node::copy_of(c.raw(), GGML_OP_CONT, a.raw(), 4, ne, "ops::cont_4d"));
}
Tensor repeat(Context& c, const Tensor& a, const Tensor& b) {
    return wrap(c, node::repeat(c.raw(), a.raw(), b.raw()->ne, "ops::repeat"));
}
Tensor concat(Context& c, const Tensor& a, const Tensor& b, int dim) {
    return wrap(c, node::concat(c.raw(), a.raw(), b.raw(), dim, "ops::concat"));
}

Tensor reshape(Context& c, const Tensor& a, std::vector<int64_t> shape) {
    if (shape.empty() || shape.size() > 4)
        core::fail("lugh: ops::reshape: a shape has 1 to 4 dimensions, got %zu", shape.size());
    return wrap(c, node::reshape(c.raw(), a.raw(), static_cast<int>(shape.size()), shape.data(), "ops::reshape"));
}
Tensor reshape_1d(Context& c, const Tensor& a, int64_t ne0) {
    return wrap(c, node::reshape(c.raw(), a.raw(), 1, &ne0, "ops::reshape_1d"));
}
Tensor reshape_2d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1) {
    const int64_t ne[2] = {ne0, ne1};
    return wrap(c, node::reshape(c.raw(), a.raw(), 2, ne, "ops::reshape_2d"));
}
Tensor reshape_3d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2) {
    const int64_t ne[3] = {ne0, ne1, ne2};
    return wrap(c, node::reshape(c.raw(), a.raw(), 3, ne, "ops::reshape_3d"));
}
Tensor reshape_4d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3) {
    const int64_t ne[4] = {ne0, ne1, ne2, ne3};
    return wrap(c, node::reshape(c.raw(), a.raw(), 4, ne, "ops::reshape_4d"));
}
Tensor view_1d(Context& c, const Tensor& a, int64_t ne0, size_t offset) {
    return wrap(c, node::view(c.raw(), a.raw(), 1, &ne0, nullptr, offset, "ops::view_1d"));
}
Tensor view_2d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1, size_t nb1, size_t offset) {
    const int64_t ne[2] = {ne0, ne1};
    const size_t nb[1] = {nb1};
    return wrap(c, node::view(c.raw(), a.raw(), 2, ne, nb, offset, "ops::view_2d"));
}
Tensor view_3d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2, size_t nb1, size_t nb2,
               size_t offset) {
    const int64_t ne[3] = {ne0, ne1, ne2};
    const size_t nb[2] = {nb1, nb2};
    return wrap(c, node::view(c.raw(), a.raw(), 3, ne, nb, offset, "ops::view_3d"));
}
Tensor view_4d(Context& c, const Tensor& a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3, size_t nb1,
               size_t nb2, size_t nb3, size_t offset) {
    const int64_t ne[4] = {ne0, ne1, ne2, ne3};
    const size_t nb[3] = {nb1, nb2, nb3};
    return wrap(c, node::view(c.raw(), a.raw(), 4, ne, nb, offset, "ops::view_4d"));
}
Tensor permute(Context& c, const Tensor& a, int axis0, int axis1, int axis2, int axis3) {
    const int axes[4] = {axis0, axis1, axis2, axis3};
    return wrap(c, node::permute(c.raw(), a.raw(), axes, "ops::permute"));
}
Tensor transpose(Context& c, const Tensor& a) { return wrap(c, node::transpose(c.raw(), a.raw(), "ops::transpose")); }

namespace {
Tensor rope_any(Context& c, const Tensor& a, const Tensor& pos, const Tensor& ff, int n_dims, int mode, int n_ctx_orig,
                float freq_base, float freq_scale, float ext_factor, float attn_factor, float beta_fast,
                float beta_slow, bool inplace, const char* fn) {
    const node::RopeParams p =
        node::rope_params(n_dims, mode, n_ctx_orig, freq_base, freq_scale, ext_factor, attn_factor, beta_fast, beta_slow);
    return wrap(c, node::rope(c.raw(), a.raw(), pos.raw(), optional(ff), p, inplace, fn));
}
}  // namespace

Tensor rope_ext(Context& c, const Tensor& a, const Tensor& pos, const Tensor& ff, int n_dims, int mode, int n_ctx_orig,
                float freq_base, float freq_scale, float ext_factor, float attn_factor, float beta_fast,
                float beta_slow) {
    return rope_any(c, a, pos, ff, n_dims, mode, n_ctx_orig, freq_base, freq_scale, ext_factor, attn_factor, beta_fast,
                    beta_slow, false, "ops::rope_ext");
}
Tensor rope_ext_inplace(Context& c, const Tensor& a, const Tensor& pos, const Tensor& ff, int n_dims, int mode,
                        int n_ctx_orig, float freq_base, float freq_scale, float ext_factor, float attn_factor,
                        float beta_fast, float beta_slow) {
    return rope_any(c, a, pos, ff, n_dims, mode, n_ctx_orig, freq_base, freq_scale, ext_factor, attn_factor, beta_fast,
                    beta_slow, true, "ops::rope_ext_inplace");
}
Tensor rope(Context& c, const Tensor& a, const Tensor& pos, int n_dims, int mode) {
    return rope_any(c, a, pos, Tensor(), n_dims, mode, 0, 10000.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f, false, "ops::rope");
}

}  // namespace lugh::ops
