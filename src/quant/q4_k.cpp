// Q4_K: super-blocks of 256 4-bit codes in 8 sub-blocks of 32, each with a
// 6-bit scale and a 6-bit min on the block's fp16 steps d and dmin:
// x = (d·scale)·q − dmin·min. Quantization: k_quant_fit.hpp.
#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/k_quant_fit.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void quantize_row_q4_k(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ4_K*>(out);
    constexpr MinSearch kSearch{-1.0f, 0.1f, 20, false};
    for (int64_t i = 0; i < k / kSuperBlock; ++i, x += kSuperBlock) {
        BlockQ4_K& b = y[i];
        uint8_t L[kSuperBlock];
        fit_k_block(x, 15, kSearch, &b.d, &b.dmin, b.scales, L);
        for (int p = 0; p < 4; ++p)
            for (int l = 0; l < 32; ++l)
                b.qs[32 * p + l] = static_cast<uint8_t>(L[64 * p + l] | (L[64 * p + 32 + l] << 4));
    }
}

void dequantize_row_q4_k(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ4_K*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, y += kSuperBlock) {
        const BlockQ4_K& b = x[i];
        const float d = core::fp16_to_fp32(b.d);
        const float dmin = core::fp16_to_fp32(b.dmin);
        // Sub-blocks 2p and 2p+1 are the low and high nibbles of qs[32p .. 32p+31].
        for (int s = 0; s < 8; ++s) {
            uint8_t sc, m;
            k4_scale_min(b.scales, s, &sc, &m);
            const float step = d * static_cast<float>(sc);
            const float offset = dmin * static_cast<float>(m);
            const uint8_t* q = b.qs + 32 * (s / 2);
            const int shift = 4 * (s % 2);
            for (int l = 0; l < 32; ++l)
                y[32 * s + l] = step * static_cast<float>((q[l] >> shift) & 0x0f) - offset;
        }
    }
}

}  // namespace lugh::quant
