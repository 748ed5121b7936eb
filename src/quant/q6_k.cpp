// Q6_K: super-blocks of 256 6-bit codes (low 4 bits in ql, high 2 in qh) in
// 16 sub-blocks of 16 with a signed 8-bit scale each on one fp16 step d:
// x = (d·scale)·(q − 32).
#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

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
