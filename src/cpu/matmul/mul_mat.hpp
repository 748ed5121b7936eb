// The mul_mat kernel's entry point: one function on the two operands and the
// result, so a blocked GEMM (src/cpu/simd/) can replace the whole of it.
//   a [K, M, A2, A3] F32/F16/BF16 with packed rows, b [K, N, B2, B3] F32 (any
//   strides), dst [M, N, B2, B3] F32: dst[m, n] = dot(a row m, b row n), with
//   a's batch (i2 / (B2/A2), i3 / (B3/A3)).
#pragma once

#include <cstddef>

#include "cpu/kernel.hpp"

namespace lugh::cpu {

void matmul(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args);
// Scratch per thread that matmul needs.
size_t matmul_work_bytes(const ggml_tensor* a, const ggml_tensor* b);

}  // namespace lugh::cpu
