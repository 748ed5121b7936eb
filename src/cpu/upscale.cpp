// UPSCALE (ggml_interpolate, ggml_upscale): nearest neighbour in every
// dimension, or bilinear / bicubic in dimensions 0 and 1 (nearest in 2 and 3).
// Source coordinates follow upstream: x = (i + 0.5) / sf - 0.5 with
// sf = out / in, or x = i / sf with sf = (out - 1) / (in - 1) when aligning
// corners; taps outside the input are clamped to its edge.
#include <algorithm>
#include <cmath>

#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

namespace {

// The nearest source index of i (upstream: i / sf, truncated), kept inside [0, n).
inline int64_t nearest(int64_t i, float sf, int64_t n) {
    return std::min<int64_t>(static_cast<int64_t>(static_cast<float>(i) / sf), n - 1);
}

inline int64_t clamp_index(int64_t i, int64_t n) { return std::max<int64_t>(0, std::min<int64_t>(i, n - 1)); }

// The cubic convolution kernel with a = -0.75 (as PyTorch and upstream).
inline float cubic(float x) {
    constexpr float A = -0.75f;
    x = std::fabs(x);
    if (x <= 1.0f) return ((A + 2) * x - (A + 3)) * x * x + 1;
    if (x < 2.0f) return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    return 0.0f;
}

struct Axis {
    float sf, offset;   // scale factor and pixel offset
    int64_t n;          // source length
    float source(int64_t i) const { return (static_cast<float>(i) + offset) / sf - offset; }
};

}  // namespace

void compute_upscale(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const auto mode = static_cast<uint32_t>(core::param_i32(dst, 0));
    const uint32_t kind = mode & 0xFF;
    const bool align = (mode & GGML_SCALE_FLAG_ALIGN_CORNERS) != 0;
    float sf[4];
    for (int i = 0; i < 4; ++i) sf[i] = static_cast<float>(dst->ne[i]) / static_cast<float>(a->ne[i]);
    Axis ax[2];
    for (int i = 0; i < 2; ++i) {
        ax[i] = {sf[i], 0.5f, a->ne[i]};
        if (align) {
            ax[i].offset = 0.0f;
            if (dst->ne[i] > 1 && a->ne[i] > 1)
                ax[i].sf = static_cast<float>(dst->ne[i] - 1) / static_cast<float>(a->ne[i] - 1);
        }
    }
    auto src = [&](int64_t x, int64_t y, int64_t i2, int64_t i3) {
        return *reinterpret_cast<const float*>(elem_ptr(a, x, y, i2, i3));
    };
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const int64_t j2 = nearest(i2, sf[2], a->ne[2]), j3 = nearest(i3, sf[3], a->ne[3]);
        auto* out = reinterpret_cast<float*>(row_ptr(dst, i1, i2, i3));
        if (kind == GGML_SCALE_MODE_NEAREST) {
            const int64_t j1 = nearest(i1, sf[1], a->ne[1]);
            for (int64_t i0 = 0; i0 < dst->ne[0]; ++i0) out[i0] = src(nearest(i0, sf[0], a->ne[0]), j1, j2, j3);
            return;
        }
        const float y = ax[1].source(i1), yf = std::floor(y);
        const auto y0 = static_cast<int64_t>(yf);
        for (int64_t i0 = 0; i0 < dst->ne[0]; ++i0) {
            const float x = ax[0].source(i0), xf = std::floor(x);
            const auto x0 = static_cast<int64_t>(xf);
            if (kind == GGML_SCALE_MODE_BILINEAR) {
                const float dx = std::max(0.0f, std::min(x - xf, 1.0f)), dy = std::max(0.0f, std::min(y - yf, 1.0f));
                const int64_t xa = clamp_index(x0, a->ne[0]), xb = clamp_index(x0 + 1, a->ne[0]);
                const int64_t ya = clamp_index(y0, a->ne[1]), yb = clamp_index(y0 + 1, a->ne[1]);
                out[i0] = src(xa, ya, j2, j3) * (1 - dx) * (1 - dy) + src(xb, ya, j2, j3) * dx * (1 - dy) +
                          src(xa, yb, j2, j3) * (1 - dx) * dy + src(xb, yb, j2, j3) * dx * dy;
                continue;
            }
            const float dx = x - xf, dy = y - yf;
            const float wx[4] = {cubic(dx + 1), cubic(dx), cubic(1 - dx), cubic(2 - dx)};
            const float wy[4] = {cubic(dy + 1), cubic(dy), cubic(1 - dy), cubic(2 - dy)};
            float v = 0.0f;
            for (int m = 0; m < 4; ++m) {
                const int64_t yy = clamp_index(y0 - 1 + m, a->ne[1]);
                float row = 0.0f;
                for (int k = 0; k < 4; ++k) row += wx[k] * src(clamp_index(x0 - 1 + k, a->ne[0]), yy, j2, j3);
                v += wy[m] * row;
            }
            out[i0] = v;
        }
    });
}

}  // namespace lugh::cpu
