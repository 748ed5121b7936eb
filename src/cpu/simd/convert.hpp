// Conversions of rows between F32 and the 16-bit float formats. Rounding is to
// nearest even, NaN stays NaN, overflow becomes inf: the same results as the
// scalar conversions in core/fp16.hpp, bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lugh::cpu::simd {

// dst[i] = binary16(src[i]).
void f32_to_f16_row(size_t n, uint16_t* dst, const float* src);
// dst[i] = float(binary16 src[i]) (exact).
void f16_to_f32_row(size_t n, float* dst, const uint16_t* src);
// dst[i] = bfloat16(src[i]).
void f32_to_bf16_row(size_t n, uint16_t* dst, const float* src);
// dst[i] = float(bfloat16 src[i]) (exact).
void bf16_to_f32_row(size_t n, float* dst, const uint16_t* src);

}  // namespace lugh::cpu::simd
