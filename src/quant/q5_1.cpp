// Q5_1: 32 5-bit codes per block behind an fp16 step d and offset m,
// x = c·d + m. Reference quantization (upstream's rule): d = (max − min)/31,
// c = trunc((x − min)/d + 0.5).
#include <cmath>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/reference_math.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void quantize_row_q5_1(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ5_1*>(out);
    for (int64_t i = 0; i < k / kBlock; ++i) {
        const float* xb = x + i * kBlock;
        BlockQ5_1& b = y[i];
        int codes[kBlock] = {};
        if (!all_finite(xb, kBlock)) {  // see rows.hpp: a NaN scale poisons the block
            b.d = b.m = core::fp32_to_fp16(NAN);
            pack_q5_codes(codes, b.qs, b.qh);
            continue;
        }
        const MinStep g = min_step(xb, kBlock, 31);
        b.d = core::fp32_to_fp16(g.d);
        b.m = core::fp32_to_fp16(g.min);
        // (x − min)/d <= 31 up to rounding, so upstream needs no cap; 31 is never exceeded.
        for (int j = 0; j < kBlock; ++j) codes[j] = truncate_code((xb[j] - g.min) * g.id + 0.5f, 31);
        pack_q5_codes(codes, b.qs, b.qh);
    }
}

void dequantize_row_q5_1(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ5_1*>(in);
    for (int64_t i = 0; i < k / kBlock; ++i) {
        const float d = core::fp16_to_fp32(x[i].d);
        const float m = core::fp16_to_fp32(x[i].m);
        for (int j = 0; j < kBlock; ++j) y[i * kBlock + j] = static_cast<float>(q5_code(x[i].qs, x[i].qh, j)) * d + m;
    }
}

}  // namespace lugh::quant
