// Q6_K: super-blocks of 256 6-bit codes (low 4 bits in ql, high 2 in qh) in
// 16 sub-blocks of 16 with a signed 8-bit scale each on one fp16 step d:
// x = (d·scale)·(q − 32).
//
// Reference quantization (upstream's): each sub-block gets a signed scale by
// fit_symmetric (levels −32..31); the scale of largest magnitude m sets
// d = m/−128, every sub-block's scale is rounded to an int8 on it (capped at
// 127), and the codes are redone with the rounded scales:
// q = clamp(nearest(x/(d·s)), −32, 31) + 32. A block whose scales are all
// below 1e-15 is stored as zeros.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/reference_math.hpp"
#include "quant/rows.hpp"
#include "quant/scale_search.hpp"

namespace lugh::quant {

void quantize_row_q6_k(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ6_K*>(out);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, x += kSuperBlock) {
        BlockQ6_K& b = y[i];
        std::memset(&b, 0, sizeof b);
        SubBlockFit fit;
        if (!fit_sub_blocks(x, fit_symmetric, 32, &fit)) {  // see rows.hpp: a NaN scale poisons the block
            b.d = core::fp32_to_fp16(NAN);
            continue;
        }
        if (fit.amax < kGroupMaxEps) continue;   // all zeros (d = +0)
        const float iscale = -128.0f / fit.max_scale;
        b.d = core::fp32_to_fp16(1.0f / iscale);
        for (int s = 0; s < 16; ++s)
            b.scales[s] = static_cast<int8_t>(std::min(127, nearest_int(iscale * fit.scales[s])));
        const float d = core::fp16_to_fp32(b.d);
        float step[16];
        for (int s = 0; s < 16; ++s) step[s] = d * static_cast<float>(b.scales[s]);
        refit_sub_block_levels(x, step, 32, fit.L);
        const int8_t* L = fit.L;
        // Element e = 128h + 32g + l: low nibble into ql[64h + 32(g&1) + l]
        // (high nibble for g >= 2), top 2 bits into bits 2g of qh[32h + l].
        for (int e = 0; e < kSuperBlock; ++e) {
            const int h = e / 128, g = (e % 128) / 32, l = e % 32;
            const int q = L[e];
            b.ql[64 * h + 32 * (g & 1) + l] |= static_cast<uint8_t>((q & 0x0f) << (g >= 2 ? 4 : 0));
            b.qh[32 * h + l] |= static_cast<uint8_t>((q >> 4) << (2 * g));
        }
    }
}

void dequantize_row_q6_k(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ6_K*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, y += kSuperBlock) {
        const BlockQ6_K& b = x[i];
        const float d = core::fp16_to_fp32(b.d);
        // Element e = 128h + 32g + l: low nibble of ql[64h + 32(g&1) + l]
        // (the high nibble for g >= 2), high bits 2g of qh[32h + l].
        for (int h = 0; h < 2; ++h)
            for (int g = 0; g < 4; ++g)
                for (int l = 0; l < 32; ++l) {
                    const int e = 128 * h + 32 * g + l;
                    const int low = (b.ql[64 * h + 32 * (g & 1) + l] >> (g >= 2 ? 4 : 0)) & 0x0f;
                    const int high = (b.qh[32 * h + l] >> (2 * g)) & 3;
                    const int q = (low | (high << 4)) - 32;
                    y[e] = d * static_cast<float>(b.scales[e / 16]) * static_cast<float>(q);
                }
    }
}

}  // namespace lugh::quant
