// Q5_1: 32 5-bit codes per block behind an fp16 step d and offset m,
// x = c·d + m. Reference quantization (upstream's rule): d = (max − min)/31,
// c = trunc((x − min)/d + 0.5).
#include <cfloat>
#include <cmath>
#include <cstring>

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
        if (!all_finite(xb, kBlock)) {  // see rows.hpp: a NaN scale poisons the block
            b.d = b.m = core::fp32_to_fp16(NAN);
            std::memset(b.qh, 0, sizeof b.qh);
            std::memset(b.qs, 0, sizeof b.qs);
            continue;
        }
        float min = FLT_MAX, max = -FLT_MAX;
        for (int j = 0; j < kBlock; ++j) {
            if (xb[j] < min) min = xb[j];
            if (xb[j] > max) max = xb[j];
        }
        const float d = (max - min) / 31.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b.d = core::fp32_to_fp16(d);
        b.m = core::fp32_to_fp16(min);
        uint32_t qh = 0;
        for (int j = 0; j < kBlock / 2; ++j) {
            // (x − min)/d <= 31 up to rounding, so upstream needs no cap; 31 is never exceeded.
            const int lo = truncate_code((xb[j] - min) * id + 0.5f, 31);
            const int hi = truncate_code((xb[j + kBlock / 2] - min) * id + 0.5f, 31);
            b.qs[j] = static_cast<uint8_t>((lo & 0x0f) | ((hi & 0x0f) << 4));
            qh |= static_cast<uint32_t>(lo >> 4) << j;
            qh |= static_cast<uint32_t>(hi >> 4) << (j + kBlock / 2);
        }
        std::memcpy(b.qh, &qh, sizeof qh);
    }
}

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
