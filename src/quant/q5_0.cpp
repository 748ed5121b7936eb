// Q5_0: 32 5-bit codes per block (low 4 bits as nibbles, fifth bits in qh)
// behind one fp16 scale, x = (c − 16)·d. Reference quantization (upstream's
// rule, as Q4_0 with 16 for 8): m = the element of largest magnitude (first
// one wins), signed; d = m/−16; c = min(31, trunc(x/d + 16.5)).
#include <cmath>
#include <cstring>

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
        if (!all_finite(xb, kBlock)) {  // see rows.hpp: a NaN scale poisons the block
            b.d = core::fp32_to_fp16(NAN);
            std::memset(b.qh, 0, sizeof b.qh);
            std::memset(b.qs, 0, sizeof b.qs);
            continue;
        }
        float amax = 0.0f, max = 0.0f;
        for (int j = 0; j < kBlock; ++j) {
            if (amax < std::fabs(xb[j])) {
                amax = std::fabs(xb[j]);
                max = xb[j];
            }
        }
        const float d = max / -16.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b.d = core::fp32_to_fp16(d);
        uint32_t qh = 0;
        for (int j = 0; j < kBlock / 2; ++j) {
            const int lo = truncate_code(xb[j] * id + 16.5f, 31);
            const int hi = truncate_code(xb[j + kBlock / 2] * id + 16.5f, 31);
            b.qs[j] = static_cast<uint8_t>((lo & 0x0f) | ((hi & 0x0f) << 4));
            qh |= static_cast<uint32_t>(lo >> 4) << j;
            qh |= static_cast<uint32_t>(hi >> 4) << (j + kBlock / 2);
        }
        std::memcpy(b.qh, &qh, sizeof qh);
    }
}

void dequantize_row_q5_0(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ5_0*>(in);
    for (int64_t i = 0; i < k / kBlock; ++i) {
        const float d = core::fp16_to_fp32(x[i].d);
        uint32_t qh;
        std::memcpy(&qh, x[i].qh, sizeof qh);
        float* yb = y + i * kBlock;
        for (int j = 0; j < kBlock / 2; ++j) {
            const int lo = (x[i].qs[j] & 0x0f) | static_cast<int>(((qh >> j) & 1u) << 4);
            const int hi = (x[i].qs[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1u) << 4);
            yb[j] = static_cast<float>(lo - 16) * d;
            yb[j + kBlock / 2] = static_cast<float>(hi - 16) * d;
        }
    }
}

}  // namespace lugh::quant
