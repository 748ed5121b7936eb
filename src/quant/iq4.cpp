// IQ4_NL and IQ4_XS: 4-bit indices into a fixed non-uniform grid
// (kIq4nlValues). IQ4_NL has one fp16 scale per 32 elements; IQ4_XS has
// super-blocks of 256 with a 6-bit scale per 32 on one fp16 step.
#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

namespace {
// 32 elements from 16 bytes of indices (nibble order as Q4_0) at step d.
inline void decode_iq4_32(const uint8_t* qs, float d, float* y) {
    for (int j = 0; j < 16; ++j) {
        y[j] = d * static_cast<float>(kIq4nlValues[qs[j] & 0x0f]);
        y[j + 16] = d * static_cast<float>(kIq4nlValues[qs[j] >> 4]);
    }
}
}  // namespace

void dequantize_row_iq4_nl(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockIQ4_NL*>(in);
    for (int64_t i = 0; i < k / kBlock; ++i) decode_iq4_32(x[i].qs, core::fp16_to_fp32(x[i].d), y + i * kBlock);
}

void dequantize_row_iq4_xs(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockIQ4_XS*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, y += kSuperBlock) {
        const float d = core::fp16_to_fp32(x[i].d);
        for (int ib = 0; ib < 8; ++ib)
            decode_iq4_32(x[i].qs + 16 * ib, d * static_cast<float>(iq4xs_scale(x[i], ib) - 32), y + 32 * ib);
    }
}

}  // namespace lugh::quant
