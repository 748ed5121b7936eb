// POOL_1D and POOL_2D: the max or mean of each window. Windows start at
// -padding; positions outside the input are skipped by max and count as zero
// in the mean, which divides by the whole window (as upstream).
#include <cfloat>

#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "cpu/convert.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

namespace {

inline float at(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
    return load_float(t->type, elem_ptr(t, i0, i1, i2, i3));
}

void pool_1d(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const bool is_max = core::param_i32(dst, 0) == GGML_OP_POOL_MAX;
    const int64_t k0 = core::param_i32(dst, 1), s0 = core::param_i32(dst, 2), p0 = core::param_i32(dst, 3);
    int64_t r0, r1;
    split_rows(core::nrows(dst), args.ith, args.nth, &r0, &r1);
    for (int64_t r = r0; r < r1; ++r) {
        int64_t i1, i2, i3;
        row_coords(dst, r, &i1, &i2, &i3);
        auto* out = reinterpret_cast<float*>(row_ptr(dst, i1, i2, i3));
        for (int64_t o = 0; o < dst->ne[0]; ++o) {
            float v = is_max ? -FLT_MAX : 0.0f;
            for (int64_t k = 0; k < k0; ++k) {
                const int64_t ix = o * s0 - p0 + k;
                if (ix < 0 || ix >= a->ne[0]) continue;
                const float x = at(a, ix, i1, i2, i3);
                v = is_max ? (x > v ? x : v) : v + x;
            }
            out[o] = is_max ? v : v / static_cast<float>(k0);
        }
    }
}

void pool_2d(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const bool is_max = core::param_i32(dst, 0) == GGML_OP_POOL_MAX;
    const int64_t k0 = core::param_i32(dst, 1), k1 = core::param_i32(dst, 2), s0 = core::param_i32(dst, 3),
                  s1 = core::param_i32(dst, 4), p0 = core::param_i32(dst, 5), p1 = core::param_i32(dst, 6);
    int64_t r0, r1;
    split_rows(core::nrows(dst), args.ith, args.nth, &r0, &r1);
    for (int64_t r = r0; r < r1; ++r) {
        int64_t oy, i2, i3;
        row_coords(dst, r, &oy, &i2, &i3);
        auto* out = reinterpret_cast<float*>(row_ptr(dst, oy, i2, i3));
        for (int64_t ox = 0; ox < dst->ne[0]; ++ox) {
            float v = is_max ? -FLT_MAX : 0.0f;
            for (int64_t ky = 0; ky < k1; ++ky) {
                const int64_t iy = oy * s1 - p1 + ky;
                if (iy < 0 || iy >= a->ne[1]) continue;
                for (int64_t kx = 0; kx < k0; ++kx) {
                    const int64_t ix = ox * s0 - p0 + kx;
                    if (ix < 0 || ix >= a->ne[0]) continue;
                    const float x = at(a, ix, iy, i2, i3);
                    v = is_max ? (x > v ? x : v) : v + x;
                }
            }
            out[ox] = is_max ? v : v / static_cast<float>(k0 * k1);
        }
    }
}

}  // namespace

void compute_pool(ggml_tensor* dst, const KernelArgs& args) {
    if (dst->op == GGML_OP_POOL_1D) pool_1d(dst, args);
    else pool_2d(dst, args);
}

}  // namespace lugh::cpu
