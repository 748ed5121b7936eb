// Element-wise unary functions on F32 rows. Pointers need no alignment; dst
// may equal src. Accuracy of the transcendental ones is documented in
// vmath-inl.h (exp <= 1 ulp, log/tanh <= 4 ulp; sqrt, neg, abs, sqr, relu exact).
#pragma once

#include <cstddef>

namespace lugh::cpu::simd {

enum class UnaryOp { neg, abs, sqr, sqrt, exp, log, relu, gelu, silu, tanh, sigmoid };

// dst[i] = op(src[i]) for i < n.
void unary_row(UnaryOp op, size_t n, float* dst, const float* src);

}  // namespace lugh::cpu::simd
