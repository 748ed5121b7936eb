// Q2_K: super-blocks of 256 2-bit codes in 16 sub-blocks of 16, each with a
// 4-bit scale and a 4-bit min on the block's fp16 steps d and dmin:
// x = (d·scale)·q − dmin·min.
#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

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
