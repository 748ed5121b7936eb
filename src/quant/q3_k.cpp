// Q3_K: super-blocks of 256 3-bit codes (low 2 bits in qs, high bit in hmask)
// in 16 sub-blocks of 16 with a 6-bit scale each on one fp16 step d:
// x = (d·(scale − 32))·(low − (high ? 0 : 4)).
#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

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
