// mul_mat as one row dot product per output: the path for products whose b
// has few rows (matrix-vector products, where the speed is that of
// streaming the weights once), for every weight type with row dots.
//   a   [K, M, A2, A3]  quantized / F32 / F16 / BF16, packed rows (the weights)
//   b   [K, N, B2, B3]  F32, any strides (the activations)
//   dst [M, N, B2, B3]  F32
// dst[m, n] = dot(a row m, b row n), a's batch broadcast over b's (B2 % A2 == 0).
// Rows of b are converted in chunks of 32 (activation.hpp) and each weight
// row is then read once per chunk. For quantized weights the result differs
// from the F32 product of the dequantized weights by the rounding of b to
// Q8_0: see docs/weights.md for the tolerance. Threads split a's rows, so
// each reads a disjoint part of the weights; every output is computed by one
// thread in a fixed order (bitwise identical for any thread count).
#pragma once

#include <cstddef>

#include "lugh/ggml/ggml.h"

namespace lugh::cpu::matmul {

// Scratch bytes each thread needs.
size_t row_dots_work_bytes(const ggml_tensor* a, const ggml_tensor* b);
// Thread ith of nth; work holds row_dots_work_bytes (64-byte aligned).
void row_dots(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, int ith, int nth, void* work);

}  // namespace lugh::cpu::matmul
