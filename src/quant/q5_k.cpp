// Q5_K: Q4_K's layout plus a fifth bit per code (qh[l] bit s for element l of
// sub-block s): x = (d·scale)·q − dmin·min, q in 0..31. Quantization:
// k_quant_fit.hpp.
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/k_quant_fit.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void quantize_row_q5_k(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ5_K*>(out);
    constexpr MinSearch kSearch{-0.5f, 0.1f, 15, false};
    for (int64_t i = 0; i < k / kSuperBlock; ++i, x += kSuperBlock) {
        BlockQ5_K& b = y[i];
        uint8_t L[kSuperBlock];
        std::memset(b.qh, 0, sizeof b.qh);
        fit_k_block(x, 31, kSearch, &b.d, &b.dmin, b.scales, L);
        for (int s = 0; s < 8; ++s)
            for (int l = 0; l < 32; ++l) {
                const int q = L[32 * s + l];
                b.qh[l] |= static_cast<uint8_t>((q >> 4) << s);
                uint8_t& byte = b.qs[32 * (s / 2) + l];
                if (s % 2 == 0) byte = static_cast<uint8_t>(q & 0x0f);
                else byte |= static_cast<uint8_t>((q & 0x0f) << 4);
            }
    }
}

void dequantize_row_q5_k(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ5_K*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, y += kSuperBlock) {
        const BlockQ5_K& b = x[i];
        const float d = core::fp16_to_fp32(b.d);
        const float dmin = core::fp16_to_fp32(b.dmin);
        for (int s = 0; s < 8; ++s) {
            uint8_t sc, m;
            k4_scale_min(b.scales, s, &sc, &m);
            const float step = d * static_cast<float>(sc);
            const float offset = dmin * static_cast<float>(m);
            const uint8_t* q = b.qs + 32 * (s / 2);
            const int shift = 4 * (s % 2);
            for (int l = 0; l < 32; ++l) {
                const int code = ((q[l] >> shift) & 0x0f) | (((b.qh[l] >> s) & 1) << 4);
                y[32 * s + l] = step * static_cast<float>(code) - offset;
            }
        }
    }
}

}  // namespace lugh::quant
