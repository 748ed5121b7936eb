// Q4_0: 32 4-bit codes per block behind one fp16 scale. The scale is the
// signed element of largest magnitude divided by -8, so that element maps to
// code 0 exactly and the opposite extreme lands on code 15 (7/8 of it).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/q8_0_block.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

namespace {
// x scaled by 1/d lies in [-8, 8]; round half up to a code in 0..15.
inline uint8_t code_of(float scaled) {
    const int c = static_cast<int>(scaled + 8.5f);  // operand >= 0.5: truncation is floor
    return static_cast<uint8_t>(std::min(15, c));
}
}  // namespace

void quantize_row_q4_0(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ4_0*>(out);
    const int64_t nb = k / kBlock;
    for (int64_t i = 0; i < nb; ++i) {
        const float* xb = x + i * kBlock;
        float amax = 0.0f, max = 0.0f;
        bool finite = true;
        for (int j = 0; j < kBlock; ++j) {
            finite = finite && std::isfinite(xb[j]);
            if (amax < std::fabs(xb[j])) {  // first element of largest magnitude wins
                amax = std::fabs(xb[j]);
                max = xb[j];
            }
        }
        if (!finite) {  // see rows.hpp: a NaN scale poisons the block
            y[i].d = core::fp32_to_fp16(NAN);
            std::memset(y[i].qs, 0x88, sizeof y[i].qs);
            continue;
        }
        const float d = max / -8.0f;
        const float id = inverse_scale(d);
        y[i].d = core::fp32_to_fp16(d);
        for (int j = 0; j < kBlock / 2; ++j) {
            const uint8_t lo = code_of(xb[j] * id);
            const uint8_t hi = code_of(xb[j + kBlock / 2] * id);
            y[i].qs[j] = static_cast<uint8_t>(lo | (hi << 4));
        }
    }
}

void dequantize_row_q4_0(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ4_0*>(in);
    const int64_t nb = k / kBlock;
    for (int64_t i = 0; i < nb; ++i) {
        const float d = core::fp16_to_fp32(x[i].d);
        float* yb = y + i * kBlock;
        for (int j = 0; j < kBlock / 2; ++j) {
            yb[j] = static_cast<float>((x[i].qs[j] & 0x0f) - 8) * d;
            yb[j + kBlock / 2] = static_cast<float>((x[i].qs[j] >> 4) - 8) * d;
        }
    }
}

}  // namespace lugh::quant
