// Reductions of one F32 row. Sums accumulate in double in a fixed order that
// depends only on n and the SIMD target (see reduce-inl.h), never on threads.
#pragma once

#include <cstddef>

namespace lugh::cpu::simd {

// x[0] + ... + x[n-1], accumulated in double.
double sum_row(size_t n, const float* x);

// x[0]^2 + ... + x[n-1]^2, accumulated in double.
double sum_squares_row(size_t n, const float* x);

// The largest x[i]; -inf when n == 0.
float max_row(size_t n, const float* x);

}  // namespace lugh::cpu::simd
