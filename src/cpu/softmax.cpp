// SOFT_MAX (scale, mask, ALiBi slopes) and DIAG_MASK_INF.
#include <cmath>
#include <limits>

#include "core/fp16.hpp"
#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"
#include "cpu/simd/convert.hpp"
#include "cpu/simd/softmax.hpp"
#include "core/op_params.hpp"

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
    const float scale = core::param_f32(dst, 0), max_bias = core::param_f32(dst, 1);
    const int64_t ne0 = a->ne[0];
    auto* buf = static_cast<float*>(args.work);   // 2*ne0 floats: an F16 mask row, a strided row
    const bool packed = rows_packed(a) && rows_packed(dst);
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const char* x = row_ptr(a, i1, i2, i3);
        char* drow = row_ptr(dst, i1, i2, i3);
        const float* mask_row = nullptr;
        float slope = 0.0f;
        if (mask) {
            slope = alibi_slope(max_bias, i2, a->ne[2]);
            const char* m = row_ptr(mask, i1, i2 % mask->ne[2], i3 % mask->ne[3]);
            if (mask->type == GGML_TYPE_F16) {
                simd::f16_to_f32_row(static_cast<size_t>(ne0), buf, reinterpret_cast<const uint16_t*>(m));
                mask_row = buf;
            } else {
                mask_row = reinterpret_cast<const float*>(m);
            }
        }
        if (packed) {  // the common case: one fused SIMD pass set
            simd::softmax_row(static_cast<size_t>(ne0), reinterpret_cast<float*>(drow),
                              reinterpret_cast<const float*>(x), scale, mask_row, slope);
            return;
        }
        // Strided rows: gather into scratch (after the mask, if it is there).
        float* row = mask_row == buf ? buf + ne0 : buf;
        for (int64_t i = 0; i < ne0; ++i) row[i] = *reinterpret_cast<const float*>(x + i * a->nb[0]);
        simd::softmax_row(static_cast<size_t>(ne0), row, row, scale, mask_row, slope);
        for (int64_t i = 0; i < ne0; ++i) *reinterpret_cast<float*>(drow + i * dst->nb[0]) = row[i];
    });
}

void compute_diag_mask_inf(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const int64_t n_past = core::param_i32(dst, 0);
    const float ninf = -std::numeric_limits<float>::infinity();
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const char* x = row_ptr(a, i1, i2, i3);
        char* d = row_ptr(dst, i1, i2, i3);
        for (int64_t i = 0; i < dst->ne[0]; ++i)
            *reinterpret_cast<float*>(d + i * dst->nb[0]) =
                i > n_past + i1 ? ninf : *reinterpret_cast<const float*>(x + i * a->nb[0]);
    });
}

}  // namespace lugh::cpu
