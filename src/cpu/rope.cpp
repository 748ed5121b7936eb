// ROPE: rotary position embedding (normal and NEOX pairings) with YaRN.
//
// For pair p (elements 2p, 2p+1 in normal mode; p, p + n_dims/2 in NEOX) at
// position pos the angle is theta = pos * freq_base^(-2p/n_dims) / ff[p]
// (ff: the optional frequency factors), interpolated as freq_scale * theta.
// With ext_factor != 0 (YaRN) the interpolated and the original angle are
// blended by a ramp over the pair index between the "correction dims" that
// beta_fast and beta_slow give, and the magnitude grows by
// 1 + 0.1 ln(1/freq_scale). Every cos/sin is scaled by attn_factor.
#include <cmath>

#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"
#include "core/op_params.hpp"

namespace lugh::cpu {

namespace {

struct Rope {
    int n_dims, mode, n_ctx_orig;
    float freq_base, freq_scale, ext_factor, attn_factor, beta_fast, beta_slow;
    double corr_low = 0, corr_high = 0;
};

// The pair index at which a rotation of n_rot turns over n_ctx_orig positions.
double corr_dim(int n_dims, int n_ctx_orig, double n_rot, double base) {
    return n_dims * std::log(n_ctx_orig / (n_rot * 2.0 * M_PI)) / (2.0 * std::log(base));
}

double ramp(double low, double high, int64_t pair) {
    const double y = (static_cast<double>(pair) - low) / std::fmax(0.001, high - low);
    return 1.0 - std::fmin(1.0, std::fmax(0.0, y));
}

// cos and sin (times the magnitude) of every pair for one position.
void angles(const Rope& p, const float* ff, int32_t pos, float* cos_out, float* sin_out) {
    double mscale = p.attn_factor;
    if (p.ext_factor != 0.0f) mscale *= 1.0 + 0.1 * std::log(1.0 / p.freq_scale);
    for (int64_t i = 0; i < p.n_dims / 2; ++i) {
        double extrap = pos * std::pow(static_cast<double>(p.freq_base), -2.0 * i / p.n_dims);
        if (ff) extrap /= ff[i];
        const double interp = p.freq_scale * extrap;
        double theta = interp;
        if (p.ext_factor != 0.0f) {
            const double mix = ramp(p.corr_low, p.corr_high, i) * p.ext_factor;
            theta = interp * (1.0 - mix) + extrap * mix;
        }
        cos_out[i] = static_cast<float>(std::cos(theta) * mscale);
        sin_out[i] = static_cast<float>(std::sin(theta) * mscale);
    }
}

}  // namespace

void compute_rope(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* pos_t = dst->src[1];
    auto pos_of = [pos_t](int64_t i) {
        return *reinterpret_cast<const int32_t*>(static_cast<const char*>(pos_t->data) + i * pos_t->nb[0]);
    };
    const ggml_tensor* ff_t = dst->src[2];
    const float* ff = ff_t ? static_cast<const float*>(ff_t->data) : nullptr;
    Rope p{core::param_i32(dst, 0), core::param_i32(dst, 1), core::param_i32(dst, 2),
           core::param_f32(dst, 3), core::param_f32(dst, 4), core::param_f32(dst, 5),
           core::param_f32(dst, 6), core::param_f32(dst, 7), core::param_f32(dst, 8)};
    if (p.ext_factor != 0.0f) {
        const double lo = std::floor(corr_dim(p.n_dims, p.n_ctx_orig, p.beta_fast, p.freq_base));
        const double hi = std::ceil(corr_dim(p.n_dims, p.n_ctx_orig, p.beta_slow, p.freq_base));
        p.corr_low = std::fmax(0.0, lo);
        p.corr_high = std::fmin(p.n_dims - 1.0, hi);
    }
    const int64_t half = p.n_dims / 2;
    auto* cos_t = static_cast<float*>(args.work);
    float* sin_t = cos_t + half;
    const bool neox = p.mode == GGML_ROPE_TYPE_NEOX;
    const size_t sa = a->nb[0], sd = dst->nb[0];

    int64_t cached_token = -1;
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        if (i2 != cached_token) {   // rows of one token share their angles
            angles(p, ff, pos_of(i2), cos_t, sin_t);
            cached_token = i2;
        }
        const char* x = row_ptr(a, i1, i2, i3);
        char* d = row_ptr(dst, i1, i2, i3);
        auto at = [](const char* base, size_t stride, int64_t i) { return *reinterpret_cast<const float*>(base + i * stride); };
        auto put = [](char* base, size_t stride, int64_t i, float v) { *reinterpret_cast<float*>(base + i * stride) = v; };
        for (int64_t i = 0; i < half; ++i) {
            const int64_t j0 = neox ? i : 2 * i, j1 = neox ? i + half : 2 * i + 1;
            const float x0 = at(x, sa, j0), x1 = at(x, sa, j1);
            put(d, sd, j0, x0 * cos_t[i] - x1 * sin_t[i]);
            put(d, sd, j1, x0 * sin_t[i] + x1 * cos_t[i]);
        }
        for (int64_t i = p.n_dims; i < a->ne[0]; ++i) put(d, sd, i, at(x, sa, i));
    });
}

}  // namespace lugh::cpu
