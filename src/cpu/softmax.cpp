// SOFT_MAX (scale, mask, ALiBi slopes) and DIAG_MASK_INF.
#include <cmath>
#include <limits>

#include "core/fp16.hpp"
#include "cpu/kernels.hpp"
#include "cpu/row_ops.hpp"
#include "ops/op_params.hpp"

namespace lugh::cpu {

namespace {
// ALiBi slope of head h (max_bias 0: 1 for every head).
float alibi_slope(float max_bias, int64_t h, int64_t n_head) {
    if (max_bias <= 0.0f) return 1.0f;
    int64_t n_log2 = 1;
    while (n_log2 * 2 <= n_head) n_log2 *= 2;
    const float m0 = std::pow(2.0f, -max_bias / static_cast<float>(n_log2));
    const float m1 = std::pow(2.0f, -(max_bias / 2.0f) / static_cast<float>(n_log2));
    return h < n_log2 ? std::pow(m0, static_cast<float>(h + 1)) : std::pow(m1, static_cast<float>(2 * (h - n_log2) + 1));
}
}  // namespace

void compute_soft_max(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* mask = dst->src[1];
    const float scale = node::param_f32(dst, 0), max_bias = node::param_f32(dst, 1);
    const int64_t ne0 = a->ne[0];
    auto* buf = static_cast<float*>(args.work);   // ne0 floats: the scaled, masked row
    int64_t r0, r1;
    split_rows(ggml_nrows(dst), args.ith, args.nth, &r0, &r1);
    for (int64_t r = r0; r < r1; ++r) {
        int64_t i1, i2, i3;
        row_coords(dst, r, &i1, &i2, &i3);
        const char* x = row_ptr(a, i1, i2, i3);
        for (int64_t i = 0; i < ne0; ++i) buf[i] = *reinterpret_cast<const float*>(x + i * a->nb[0]) * scale;
        if (mask) {
            const float slope = alibi_slope(max_bias, i2, a->ne[2]);
            const char* m = row_ptr(mask, i1, i2 % mask->ne[2], i3 % mask->ne[3]);
            if (mask->type == GGML_TYPE_F16) {
                auto* mh = reinterpret_cast<const uint16_t*>(m);
                for (int64_t i = 0; i < ne0; ++i) buf[i] += slope * core::fp16_to_fp32(mh[i]);
            } else {
                auto* mf = reinterpret_cast<const float*>(m);
                for (int64_t i = 0; i < ne0; ++i) buf[i] += slope * mf[i];
            }
        }
        char* drow = row_ptr(dst, i1, i2, i3);
        softmax_row_f32(ne0, buf, buf);
        for (int64_t i = 0; i < ne0; ++i) *reinterpret_cast<float*>(drow + i * dst->nb[0]) = buf[i];
    }
}

void compute_diag_mask_inf(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const int64_t n_past = node::param_i32(dst, 0);
    const float ninf = -std::numeric_limits<float>::infinity();
    int64_t r0, r1;
    split_rows(ggml_nrows(dst), args.ith, args.nth, &r0, &r1);
    for (int64_t r = r0; r < r1; ++r) {
        int64_t i1, i2, i3;
        row_coords(dst, r, &i1, &i2, &i3);
        const char* x = row_ptr(a, i1, i2, i3);
        char* d = row_ptr(dst, i1, i2, i3);
        for (int64_t i = 0; i < dst->ne[0]; ++i)
            *reinterpret_cast<float*>(d + i * dst->nb[0]) =
                i > n_past + i1 ? ninf : *reinterpret_cast<const float*>(x + i * a->nb[0]);
    }
}

}  // namespace lugh::cpu
