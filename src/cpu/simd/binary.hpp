// Element-wise binary operations on F32 rows, and scaling. Pointers need no
// particular alignment; dst may equal a or b (in-place), other overlap is not
// allowed. Every dst[i] is computed the same way on every target (one IEEE
// operation), so results do not depend on the instruction set.
#pragma once

#include <cstddef>

namespace lugh::cpu::simd {

enum class BinaryOp { add, sub, mul, div };

// dst[i] = a[i] op b[i] for i < n.
void binary_row(BinaryOp op, size_t n, float* dst, const float* a, const float* b);

// dst[i] = a[i] op b for i < n (b broadcast as a scalar).
void binary_row_scalar(BinaryOp op, size_t n, float* dst, const float* a, float b);

// dst[i] = a[i] op b[i % nb] for i < n (a row of nb values repeated along a);
// throws lugh::Error when nb == 0 < n.
void binary_row_repeat(BinaryOp op, size_t n, float* dst, const float* a, const float* b, size_t nb);

// dst[i] = src[i] * s for i < n.
void scale_row(size_t n, float* dst, const float* src, float s);

}  // namespace lugh::cpu::simd
