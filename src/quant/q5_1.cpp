// Q5_1: 32 5-bit codes per block behind an fp16 step d and offset m,
// x = c·d + m.
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void dequantize_row_q5_1(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ5_1*>(in);
    for (int64_t i = 0; i < k / kBlock; ++i) {
        const float d = core::fp16_to_fp32(x[i].d);
        const float m = core::fp16_to_fp32(x[i].m);
        uint32_t qh;
        std::memcpy(&qh, x[i].qh, sizeof qh);
        float* yb = y + i * kBlock;
        for (int j = 0; j < kBlock / 2; ++j) {
            const int lo = (x[i].qs[j] & 0x0f) | static_cast<int>(((qh >> j) & 1u) << 4);
            const int hi = (x[i].qs[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1u) << 4);
            yb[j] = static_cast<float>(lo) * d + m;
            yb[j + kBlock / 2] = static_cast<float>(hi) * d + m;
        }
    }
}

}  // namespace lugh::quant
