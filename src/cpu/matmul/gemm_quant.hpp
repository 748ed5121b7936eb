// mul_mat of quantized weights by many rows of b (prompt processing): a
// register-tiled GEMM on integer dot products.
//
// Each thread quantizes every row of b once (the rule of the row dots:
// Q8_0, or Q8_K for the K-quants) and packs them into activation panels of nr rows; then, for each
// panel of 32 rows of its share of a, packs the panel (quant_panels.hpp)
// and runs the tile kernel (gemm_quant_kernels.hpp) against every
// activation panel. Threads split a's rows in whole panels; every output is
// computed by one thread, summing over K in a fixed order, so results are
// bitwise identical for any thread count.
#pragma once

#include <cstddef>

#include "cpu/kernels.hpp"

namespace lugh::cpu::matmul {

// Whether the GEMM takes this product (a quantized type it packs, dst rows packed).
bool gemm_quant_applies(const ggml_tensor* a, const ggml_tensor* b, const ggml_tensor* dst);
size_t gemm_quant_work_bytes(const ggml_tensor* a, const ggml_tensor* b);
void gemm_quant(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args);

struct QuantGemmKernels;
// The same with a given kernel set instead of the level's (tests, benchmarks).
void gemm_quant_with(const QuantGemmKernels& kernels, const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst,
                     const KernelArgs& args);

}  // namespace lugh::cpu::matmul
