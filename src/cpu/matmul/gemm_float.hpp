// Matrix multiplication of float weights in ggml's mul_mat layout: both
// operands keep K contiguous, and the result row n holds M values.
//
//   dst[n*ldd + m] = sum over k < K of a[m*lda + k] * b[n*ldb + k]
//
// for m < M, n < N. The work is split into `nth` parts and the call with
// thread index `ith` computes one of them, so nth threads calling it with
// ith = 0..nth-1 (no synchronisation needed) compute all of dst. Every output
// element is computed by exactly one call, summing over k in a fixed order that
// does not depend on nth: results are bitwise identical for any thread count.
//
// Internally two kernels, both register-tiled per SIMD target and chosen at
// run time, giving the same bits: with few rows of b (N <= 128, M >= N) a
// "narrow" kernel (gemm_float_narrow.cpp) broadcasts a's elements against
// vectors of b's rows (AVX-512: 6 x 64 tile); otherwise the blocked kernel
// (K in blocks of 256, a packed transposed into per-thread buffers, AVX-512:
// 32 x 12 tile, AVX2: 16 x 6).
#pragma once

#include <cstddef>
#include <cstdint>

namespace lugh::cpu::matmul {

// F32 x F32 -> F32 (see above). lda, ldb >= K and ldd >= M, counted in elements.
void gemm_f32(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb, float* dst,
              size_t ldd, int ith, int nth);

// F16 x F32 -> F32: a holds binary16 bit patterns, widened to float while
// being packed, then the same kernel as gemm_f32. Rows n of b with
// round_b[n] != 0 are rounded to binary16 while being packed (mul_mat's
// default precision for F16 weights); nullptr rounds none.
void gemm_f16_f32(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                  float* dst, size_t ldd, int ith, int nth, const uint8_t* round_b = nullptr);

// The two kernels behind those, for tests and benchmarks.
void gemm_f32_blocked(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb, float* dst,
                      size_t ldd, int ith, int nth);
void gemm_f16_f32_blocked(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                          float* dst, size_t ldd, int ith, int nth, const uint8_t* round_b);
void gemm_f32_narrow(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb, float* dst,
                     size_t ldd, int ith, int nth);
void gemm_f16_f32_narrow(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                         float* dst, size_t ldd, int ith, int nth, const uint8_t* round_b);

}  // namespace lugh::cpu::matmul
