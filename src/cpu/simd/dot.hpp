// Dot products of rows. Accumulation is in float over several vector
// accumulators, then their lanes are added in double, in an order that depends
// only on n and the SIMD target.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lugh::cpu::simd {

// sum of a[i] * b[i] for i < n.
float dot_f32(size_t n, const float* a, const float* b);

// sum of half(a[i]) * b[i] for i < n; a holds IEEE binary16 bit patterns
// (F16C / AVX-512 conversions where the CPU has them).
float dot_f16_f32(size_t n, const uint16_t* a, const float* b);

}  // namespace lugh::cpu::simd
