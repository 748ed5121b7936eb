// Q5_0: 32 5-bit codes per block (low 4 bits as nibbles, fifth bits in qh)
// behind one fp16 scale, x = (c − 16)·d. Reference quantization (upstream's
// rule, as Q4_0 with 16 for 8): m = the element of largest magnitude (first
// one wins), signed; d = m/−16; c = min(31, trunc(x/d + 16.5)).
#include <cmath>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/reference_math.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void quantize_row_q5_0(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ5_0*>(out);
    for (int64_t i = 0; i < k / kBlock; ++i) {
        const float* xb = x + i * kBlock;
        BlockQ5_0& b = y[i];
        int codes[kBlock] = {};
        if (!all_finite(xb, kBlock)) {  // see rows.hpp: a NaN scale poisons the block
            b.d = core::fp32_to_fp16(NAN);
            pack_q5_codes(codes, b.qs, b.qh);
            continue;
        }
        float amax;
        const float d = largest_magnitude(xb, kBlock, &amax) / -16.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b.d = core::fp32_to_fp16(d);
        for (int j = 0; j < kBlock; ++j) codes[j] = truncate_code(xb[j] * id + 16.5f, 31);
        pack_q5_codes(codes, b.qs, b.qh);
    }
}

void dequantize_row_q5_0(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ5_0*>(in);
    for (int64_t i = 0; i < k / kBlock; ++i) {
        const float d = core::fp16_to_fp32(x[i].d);
        for (int j = 0; j < kBlock; ++j) y[i * kBlock + j] = static_cast<float>(q5_code(x[i].qs, x[i].qh, j) - 16) * d;
    }
}

}  // namespace lugh::quant
