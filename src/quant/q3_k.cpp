// Q3_K: super-blocks of 256 3-bit codes (low 2 bits in qs, high bit in hmask)
// in 16 sub-blocks of 16 with a 6-bit scale each on one fp16 step d:
// x = (d·(scale − 32))·(low − (high ? 0 : 4)).
//
// Reference quantization (upstream's): each sub-block gets a signed scale by
// fit_symmetric_refined (levels −4..3); the scale of largest magnitude m sets
// d = m/−32, every sub-block's scale is rounded to −32..31 on it, and the codes
// are redone with the rounded scales: q = clamp(nearest(x/(d·s)), −4, 3) + 4.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/reference_math.hpp"
#include "quant/rows.hpp"
#include "quant/scale_search.hpp"

namespace lugh::quant {

void quantize_row_q3_k(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ3_K*>(out);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, x += kSuperBlock) {
        BlockQ3_K& b = y[i];
        std::memset(&b, 0, sizeof b);
        SubBlockFit fit;
        if (!fit_sub_blocks(x, fit_symmetric_refined, 4, &fit)) {  // see rows.hpp: a NaN scale poisons the block
            b.d = core::fp32_to_fp16(NAN);
            continue;
        }
        if (fit.max_scale != 0.0f) {
            const float iscale = -32.0f / fit.max_scale;
            for (int s = 0; s < 16; ++s) {
                // Stored as 0..63: low nibbles in bytes 0..7, top 2 bits in bytes 8..11.
                const int8_t rounded = static_cast<int8_t>(nearest_int(iscale * fit.scales[s]));
                const int l = std::max(-32, std::min(31, static_cast<int>(rounded))) + 32;
                if (s < 8) b.scales[s] = static_cast<uint8_t>(l & 0x0f);
                else b.scales[s - 8] |= static_cast<uint8_t>((l & 0x0f) << 4);
                b.scales[8 + s % 4] |= static_cast<uint8_t>((l >> 4) << (2 * (s / 4)));
            }
            b.d = core::fp32_to_fp16(1.0f / iscale);
        } else {
            b.d = core::fp32_to_fp16(0.0f);
        }
        const float d = core::fp16_to_fp32(b.d);
        float step[16];
        for (int s = 0; s < 16; ++s) step[s] = d * static_cast<float>(q3k_scale(b.scales, s) - 32);
        refit_sub_block_levels(x, step, 4, fit.L);
        const int8_t* L = fit.L;
        // High bits: element e sets bit e/32 of hmask[e%32]; the low 2 bits remain.
        uint8_t low[kSuperBlock];
        for (int e = 0; e < kSuperBlock; ++e) {
            if (L[e] > 3) b.hmask[e % 32] |= static_cast<uint8_t>(1u << (e / 32));
            low[e] = static_cast<uint8_t>(L[e] & 3);
        }
        pack_2bit_codes(low, b.qs);
    }
}

void dequantize_row_q3_k(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ3_K*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, y += kSuperBlock) {
        const BlockQ3_K& b = x[i];
        const float d = core::fp16_to_fp32(b.d);
        float step[16];
        for (int s = 0; s < 16; ++s) step[s] = d * static_cast<float>(q3k_scale(b.scales, s) - 32);
        // Element e = 128h + 32g + l: low bits in qs[32h + l] at bits 2g, high
        // bit in hmask[l] at bit e/32.
        for (int h = 0; h < 2; ++h)
            for (int g = 0; g < 4; ++g)
                for (int l = 0; l < 32; ++l) {
                    const int e = 128 * h + 32 * g + l;
                    const int low = (b.qs[32 * h + l] >> (2 * g)) & 3;
                    const int q = low - ((b.hmask[l] >> (e / 32)) & 1 ? 0 : 4);
                    y[e] = step[e / 16] * static_cast<float>(q);
                }
    }
}

}  // namespace lugh::quant
