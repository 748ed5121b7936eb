// One Q8_0 block quantized two ways that give the same bits: the scalar
// rule (every CPU) and an AVX2+F16C form (q8_0_x86.cpp) that
// quantize_row_q8_0 uses when the CPU has it; and the inverse scale rule
// both block types share.
#pragma once

#include <cmath>

#include "quant/blocks.hpp"

namespace lugh::quant {

// 1/d, or 0 when d is 0 or so small that 1/d overflows: then every code is
// the zero point (the block's fp16 scale is 0 anyway), where x * inf would
// be an infinity or a NaN with no integer code.
inline float inverse_scale(float d) {
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    return std::isfinite(id) ? id : 0.0f;
}

// 32 floats from x into *y.
void quantize_block_q8_0_scalar(const float* x, BlockQ8_0* y);
#if defined(__x86_64__)
// Returns false, writing nothing, when the block holds a NaN or an
// infinity: the scalar rule handles those.
bool quantize_block_q8_0_avx2(const float* x, BlockQ8_0* y);
#endif

}  // namespace lugh::quant
