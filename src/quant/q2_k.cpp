// Q2_K: super-blocks of 256 2-bit codes in 16 sub-blocks of 16, each with a
// 4-bit scale and a 4-bit min on the block's fp16 steps d and dmin:
// x = (d·scale)·q − dmin·min.
//
// Reference quantization (upstream's): each sub-block gets a scale and a min
// by fit_with_min (levels 0..3, weights |x|, absolute errors); the largest
// scale and min over the block set d = max/15 and dmin = max_min/15, each
// sub-block's pair is rounded to 4 bits on them, and the codes are redone
// with the rounded values: q = clamp(nearest((x + dmin·min)/(d·scale)), 0, 3).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/reference_math.hpp"
#include "quant/rows.hpp"
#include "quant/scale_search.hpp"

namespace lugh::quant {

void quantize_row_q2_k(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ2_K*>(out);
    constexpr MinSearch kSearch{-0.5f, 0.1f, 15, true};
    for (int64_t i = 0; i < k / kSuperBlock; ++i, x += kSuperBlock) {
        BlockQ2_K& b = y[i];
        if (!all_finite(x, kSuperBlock)) {  // see rows.hpp: a NaN scale poisons the block
            std::memset(&b, 0, sizeof b);
            b.d = b.dmin = core::fp32_to_fp16(NAN);
            continue;
        }
        uint8_t L[kSuperBlock], aux[16];
        float weights[16], scales[16], mins[16];
        float max_scale = 0.0f, max_min = 0.0f;
        for (int s = 0; s < 16; ++s) {
            for (int l = 0; l < 16; ++l) weights[l] = std::fabs(x[16 * s + l]);
            scales[s] = fit_with_min(16, 3, x + 16 * s, weights, L + 16 * s, &mins[s], aux, kSearch);
            if (scales[s] > max_scale) max_scale = scales[s];
            if (mins[s] > max_min) max_min = mins[s];
        }
        if (max_scale > 0.0f) {
            const float iscale = 15.0f / max_scale;
            for (int s = 0; s < 16; ++s) b.scales[s] = static_cast<uint8_t>(nearest_int(iscale * scales[s]));
            b.d = core::fp32_to_fp16(max_scale / 15.0f);
        } else {
            std::memset(b.scales, 0, sizeof b.scales);
            b.d = core::fp32_to_fp16(0.0f);
        }
        if (max_min > 0.0f) {
            const float iscale = 15.0f / max_min;
            for (int s = 0; s < 16; ++s)
                b.scales[s] |= static_cast<uint8_t>(static_cast<uint8_t>(nearest_int(iscale * mins[s])) << 4);
            b.dmin = core::fp32_to_fp16(max_min / 15.0f);
        } else {
            b.dmin = core::fp32_to_fp16(0.0f);
        }
        const float d = core::fp16_to_fp32(b.d), dmin = core::fp16_to_fp32(b.dmin);
        for (int s = 0; s < 16; ++s) {
            const float step = d * static_cast<float>(b.scales[s] & 0x0f);
            if (step == 0.0f) continue;   // keep the fitted levels
            const float offset = dmin * static_cast<float>(b.scales[s] >> 4);
            for (int l = 0; l < 16; ++l) {
                const int q = nearest_int((x[16 * s + l] + offset) / step);
                L[16 * s + l] = static_cast<uint8_t>(std::max(0, std::min(3, q)));
            }
        }
        pack_2bit_codes(L, b.qs);
    }
}

void dequantize_row_q2_k(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ2_K*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, y += kSuperBlock) {
        const BlockQ2_K& b = x[i];
        const float d = core::fp16_to_fp32(b.d);
        const float dmin = core::fp16_to_fp32(b.dmin);
        // Element 128h + 32g + l sits in byte qs[32h + l] at bits 2g.
        for (int h = 0; h < 2; ++h)
            for (int g = 0; g < 4; ++g)
                for (int l = 0; l < 32; ++l) {
                    const int e = 128 * h + 32 * g + l;
                    const uint8_t sc = b.scales[e / 16];
                    const float step = d * static_cast<float>(sc & 0x0f);
                    const float offset = dmin * static_cast<float>(sc >> 4);
                    const int q = (b.qs[32 * h + l] >> (2 * g)) & 3;
                    y[e] = step * static_cast<float>(q) - offset;
                }
    }
}

}  // namespace lugh::quant
