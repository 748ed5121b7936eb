// Q5_0: 32 5-bit codes per block (low 4 bits as nibbles, fifth bits in qh)
// behind one fp16 scale, x = (c − 16)·d.
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

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
