// mul_mat by weights, one output at a time as a row dot product: the kernel
// the CPU executor calls when the first operand is block-quantized, and for
// F32/F16/BF16 weights when b has few rows (matrix-vector products, where the
// speed is that of streaming the weights once).
//   a   [K, M, A2, A3]  Q8_0 / Q4_0 / F32 / F16 / BF16, packed rows (the weights)
//   b   [K, N, B2, B3]  F32, any strides (the activations)
//   dst [M, N, B2, B3]  F32
// dst[m, n] = dot(a row m, b row n), a's batch broadcast over b's (B2 % A2 == 0).
// For quantized weights the rows of b are quantized to Q8_0 (the upstream scheme), so the result
// differs from the F32 product of the dequantized weights by the rounding of
// b: see docs/weights.md for the tolerance. Threads split a's rows, so each
// reads a disjoint part of the weights; every output is computed by one
// thread in a fixed order (bitwise identical for any thread count).
#pragma once

#include <cstddef>

#include "lugh/ggml/ggml.h"

namespace lugh::quant {

// Scratch bytes each thread needs.
size_t quant_matmul_work_bytes(const ggml_tensor* a, const ggml_tensor* b);
// b has few enough rows that float weights go through quant_matmul too
// (from 4 rows on, the blocked SIMD GEMM in src/cpu/simd/ takes F32/F16).
inline bool prefers_row_dots(const ggml_tensor* a, const ggml_tensor* b) {
    return ggml_is_quantized(a->type) || b->ne[1] < 4;
}
// Thread ith of nth; work holds quant_matmul_work_bytes (64-byte aligned).
void quant_matmul(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, int ith, int nth, void* work);

}  // namespace lugh::quant
