// Q4_1: 32 4-bit codes per block behind an fp16 step d and offset m (the
// block's minimum), x = c·d + m.
#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void dequantize_row_q4_1(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ4_1*>(in);
    for (int64_t i = 0; i < k / kBlock; ++i) {
        const float d = core::fp16_to_fp32(x[i].d);
        const float m = core::fp16_to_fp32(x[i].m);
        float* yb = y + i * kBlock;
        for (int j = 0; j < kBlock / 2; ++j) {
            yb[j] = static_cast<float>(x[i].qs[j] & 0x0f) * d + m;
            yb[j + kBlock / 2] = static_cast<float>(x[i].qs[j] >> 4) * d + m;
        }
    }
}

}  // namespace lugh::quant
