// Q8_0: 32 int8 values per block behind one fp16 scale d = max|x| / 127.
#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "cpu/simd/targets.hpp"
#include "quant/blocks.hpp"
#include "quant/q8_0_block.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

namespace {
// roundf (halves away from zero) for |x| <= 127, without a libm call: the
// truncating conversion is exact, and so is the remainder x - i.
inline int8_t round_half_away(float x) {
    int i = static_cast<int>(x);
    const float rest = x - static_cast<float>(i);
    if (rest >= 0.5f) ++i;
    else if (rest <= -0.5f) --i;
    return static_cast<int8_t>(i);
}
}  // namespace

void quantize_block_q8_0_scalar(const float* xb, BlockQ8_0* y) {
    float amax = 0.0f;
    bool finite = true;
    for (int j = 0; j < kBlock; ++j) {
        finite = finite && std::isfinite(xb[j]);
        amax = std::fmax(amax, std::fabs(xb[j]));
    }
    if (!finite) {  // see rows.hpp: a NaN scale poisons the block
        y->d = core::fp32_to_fp16(NAN);
        std::memset(y->qs, 0, sizeof y->qs);
        return;
    }
    const float d = amax / 127.0f;
    const float id = inverse_scale(d);
    y->d = core::fp32_to_fp16(d);
    // |xb[j] * id| <= 127 (up to rounding), so the cast is in range.
    for (int j = 0; j < kBlock; ++j) y->qs[j] = round_half_away(xb[j] * id);
}

void quantize_row_q8_0(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ8_0*>(out);
    const int64_t nb = k / kBlock;
#if defined(__x86_64__)
    if (cpu::simd::kernel_level() >= cpu::simd::KernelLevel::avx2) {
        for (int64_t i = 0; i < nb; ++i)
            if (!quantize_block_q8_0_avx2(x + i * kBlock, y + i)) quantize_block_q8_0_scalar(x + i * kBlock, y + i);
        return;
    }
#endif
    for (int64_t i = 0; i < nb; ++i) quantize_block_q8_0_scalar(x + i * kBlock, y + i);
}

void dequantize_row_q8_0(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ8_0*>(in);
    const int64_t nb = k / kBlock;
    for (int64_t i = 0; i < nb; ++i) {
        const float d = core::fp16_to_fp32(x[i].d);
        for (int j = 0; j < kBlock; ++j) y[i * kBlock + j] = static_cast<float>(x[i].qs[j]) * d;
    }
}

}  // namespace lugh::quant
