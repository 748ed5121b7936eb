#include "quant/k_quant_fit.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/reference_math.hpp"

namespace lugh::quant {

void fit_k_block(const float* x, int nmax, const MinSearch& search, uint16_t* d, uint16_t* dmin, uint8_t* scales,
                 uint8_t* codes) {
    std::memset(scales, 0, kScaleBytes);
    if (!all_finite(x, kSuperBlock)) {
        *d = *dmin = core::fp32_to_fp16(NAN);
        std::memset(codes, 0, kSuperBlock);
        return;
    }
    float weights[32], sub_scale[8], sub_min[8];
    uint8_t aux[32];
    float max_scale = 0.0f, max_min = 0.0f;
    for (int s = 0; s < 8; ++s) {
        const float* xs = x + 32 * s;
        float sum_x2 = 0.0f;
        for (int l = 0; l < 32; ++l) sum_x2 += xs[l] * xs[l];
        const float av = std::sqrt(sum_x2 / 32.0f);
        for (int l = 0; l < 32; ++l) weights[l] = av + std::fabs(xs[l]);
        sub_scale[s] = fit_with_min(32, nmax, xs, weights, codes + 32 * s, &sub_min[s], aux, search);
        if (sub_scale[s] > max_scale) max_scale = sub_scale[s];
        if (sub_min[s] > max_min) max_min = sub_min[s];
    }
    const float inv_scale = max_scale > 0.0f ? 63.0f / max_scale : 0.0f;
    const float inv_min = max_min > 0.0f ? 63.0f / max_min : 0.0f;
    for (int s = 0; s < 8; ++s) {
        // Upstream stores the rounded value in a byte before capping it.
        const auto sc = static_cast<uint8_t>(nearest_int(inv_scale * sub_scale[s]));
        const auto m = static_cast<uint8_t>(nearest_int(inv_min * sub_min[s]));
        set_k4_scale_min(scales, s, std::min<uint8_t>(63, sc), std::min<uint8_t>(63, m));
    }
    *d = core::fp32_to_fp16(max_scale / 63.0f);
    *dmin = core::fp32_to_fp16(max_min / 63.0f);
    const float df = core::fp16_to_fp32(*d), dminf = core::fp16_to_fp32(*dmin);
    for (int s = 0; s < 8; ++s) {
        uint8_t sc, m;
        k4_scale_min(scales, s, &sc, &m);
        const float step = df * static_cast<float>(sc);
        if (step == 0.0f) continue;   // keep the fitted codes
        const float offset = dminf * static_cast<float>(m);
        for (int l = 0; l < 32; ++l) {
            const int q = nearest_int((x[32 * s + l] + offset) / step);
            codes[32 * s + l] = static_cast<uint8_t>(std::max(0, std::min(nmax, q)));
        }
    }
}

}  // namespace lugh::quant
