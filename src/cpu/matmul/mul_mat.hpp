// mul_mat on the CPU: one entry point that picks one of the paths below for
// a node, and the scratch each path needs.
//   a [K, M, A2, A3] (the weights: any type with row dots or F32/F16/BF16,
//   packed rows), b [K, N, B2, B3] F32 (any strides), dst [M, N, B2, B3]
//   F32: dst[m, n] = dot(a row m, b row n), with a's batch
//   (i2 / (B2/A2), i3 / (B3/A3)).
//
// | path        | when                                         | file           |
// |-------------|----------------------------------------------|----------------|
// | row dots    | N < 6 quantized, N < 4 float; matrix-vector  | row_dots.cpp   |
// | quant GEMM  | quantized weights the GEMM packs, N >= 6     | gemm_quant.cpp |
// | float GEMM  | F32/F16 weights, packed rows, N and M >= 4   | gemm_float.cpp |
// | tiled       | the rest (BF16 weights, strided operands)    | tiled.cpp      |
#pragma once

#include <cstddef>

#include "cpu/kernels.hpp"

namespace lugh::cpu::matmul {

enum class Path { row_dots, gemm_quant, gemm_float, tiled };
// The path a product of a by b takes.
Path choose_path(const ggml_tensor* a, const ggml_tensor* b, const ggml_tensor* dst);

// dst = a * b for thread args.ith of args.nth.
void mul_mat(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args);
// Scratch per thread that mul_mat needs.
size_t mul_mat_work_bytes(const ggml_tensor* a, const ggml_tensor* b, const ggml_tensor* dst);

// The tiled path (tiled.cpp).
void tiled(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args);
size_t tiled_work_bytes(const ggml_tensor* a);

}  // namespace lugh::cpu::matmul
