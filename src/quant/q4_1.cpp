// Q4_1: 32 4-bit codes per block behind an fp16 step d and offset m (the
// block's minimum), x = c·d + m. Reference quantization (upstream's rule):
// d = (max − min)/15, c = min(15, trunc((x − min)/d + 0.5)).
#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/reference_math.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void quantize_row_q4_1(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ4_1*>(out);
    for (int64_t i = 0; i < k / kBlock; ++i) {
        const float* xb = x + i * kBlock;
        BlockQ4_1& b = y[i];
        if (!all_finite(xb, kBlock)) {  // see rows.hpp: a NaN scale poisons the block
            b.d = b.m = core::fp32_to_fp16(NAN);
            std::memset(b.qs, 0, sizeof b.qs);
            continue;
        }
        const MinStep g = min_step(xb, kBlock, 15);
        b.d = core::fp32_to_fp16(g.d);
        b.m = core::fp32_to_fp16(g.min);
        for (int j = 0; j < kBlock / 2; ++j) {
            const int lo = truncate_code((xb[j] - g.min) * g.id + 0.5f, 15);
            const int hi = truncate_code((xb[j + kBlock / 2] - g.min) * g.id + 0.5f, 15);
            b.qs[j] = static_cast<uint8_t>(lo | (hi << 4));
        }
    }
}

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
