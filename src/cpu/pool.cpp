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

struct Window {
    int64_t k0, k1, s0, s1, p0, p1;   // size, stride and padding along dimensions 0 and 1
};

// Row (oy, i2, i3) of the result: windows over dimensions 0 and 1 of a. POOL_1D
// is the case k1 = s1 = 1, p1 = 0 (each row pooled on its own).
void pool(ggml_tensor* dst, const Window& w, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const bool is_max = core::param_i32(dst, 0) == GGML_OP_POOL_MAX;
    for_each_row(dst, args, [&](int64_t oy, int64_t i2, int64_t i3) {
        auto* out = reinterpret_cast<float*>(row_ptr(dst, oy, i2, i3));
        for (int64_t ox = 0; ox < dst->ne[0]; ++ox) {
            float v = is_max ? -FLT_MAX : 0.0f;
            for (int64_t ky = 0; ky < w.k1; ++ky) {
                const int64_t iy = oy * w.s1 - w.p1 + ky;
                if (iy < 0 || iy >= a->ne[1]) continue;
                for (int64_t kx = 0; kx < w.k0; ++kx) {
                    const int64_t ix = ox * w.s0 - w.p0 + kx;
                    if (ix < 0 || ix >= a->ne[0]) continue;
                    const float x = at(a, ix, iy, i2, i3);
                    v = is_max ? (x > v ? x : v) : v + x;
                }
            }
            out[ox] = is_max ? v : v / static_cast<float>(w.k0 * w.k1);
        }
    });
}

}  // namespace

void compute_pool(ggml_tensor* dst, const KernelArgs& args) {
    auto p = [dst](int slot) { return static_cast<int64_t>(core::param_i32(dst, slot)); };
    if (dst->op == GGML_OP_POOL_1D) pool(dst, Window{p(1), 1, p(2), 1, p(3), 0}, args);
    else pool(dst, Window{p(1), p(2), p(3), p(4), p(5), p(6)}, args);
}

}  // namespace lugh::cpu
