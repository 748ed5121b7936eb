// GET_REL_POS (the table of relative positions of windowed attention) and
// ADD_REL_POS (its two terms added to attention scores).
#include "core/tensor_shape.hpp"
#include "cpu/convert.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

namespace {

// Row (k, q) of the result is row kh - 1 - k + q of a.
void get_rel_pos(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const int64_t kh = dst->ne[1];
    for_each_row(dst, args, [&](int64_t k, int64_t q, int64_t) {
        copy_elements(dst->ne[0], a->type, row_ptr(a, kh - 1 - k + q, 0, 0), a->nb[0], dst->type,
                      row_ptr(dst, k, q, 0), dst->nb[0]);
    });
}

// Row r of a [K*K, ...]: element kw + K*kh gets pw[kw, r] + ph[kh, r] added
// (pw and ph contiguous, their rows in a's row order).
void add_rel_pos(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const auto* pw = static_cast<const float*>(dst->src[1]->data);
    const auto* ph = static_cast<const float*>(dst->src[2]->data);
    const int64_t K = dst->src[1]->ne[0];
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const auto* in = reinterpret_cast<const float*>(row_ptr(a, i1, i2, i3));
        auto* out = reinterpret_cast<float*>(row_ptr(dst, i1, i2, i3));
        const int64_t r = i1 + dst->ne[1] * (i2 + dst->ne[2] * i3);   // the row's index, as in pw and ph
        const float* w = pw + r * K;
        const float* h = ph + r * K;
        for (int64_t kh = 0; kh < K; ++kh)
            for (int64_t kw = 0; kw < K; ++kw) out[kh * K + kw] = in[kh * K + kw] + h[kh] + w[kw];
    });
}

}  // namespace

void compute_rel_pos(ggml_tensor* dst, const KernelArgs& args) {
    if (dst->op == GGML_OP_GET_REL_POS) get_rel_pos(dst, args);
    else add_rel_pos(dst, args);
}

}  // namespace lugh::cpu
