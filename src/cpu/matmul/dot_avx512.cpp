// Row dots of F32, F16 and BF16 weights with an F32 activation row, and of
// F16 weights with an activation row rounded to F16, on 512-bit vectors (the
// avx512 set; they need only AVX-512F/BW).
//
// Streaming a matrix from memory, what limits these loops is not arithmetic
// but how many memory requests the core keeps in flight: fewer instructions
// per weight byte leave more of the out-of-order window to loads. The
// 256-bit form reached 0.6-0.7 of the read bandwidth on Zen 4 where this one
// reaches 0.8-0.9 (bench/dot_bench.cpp, bench/matvec_bench.cpp).
#if defined(__x86_64__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "cpu/matmul/dot.hpp"

#define LUGH_AVX512 __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw")))
#define LUGH_AVX512_INLINE LUGH_AVX512 __attribute__((always_inline)) inline

namespace lugh::cpu::matmul {

namespace {

enum class Weights { f32, f16, bf16 };

// How far ahead of the weights being read the row dots ask for cache lines.
constexpr int64_t kPrefetchAhead = 2048;

// 16 weights as floats; `mask` selects the lanes to load (the rest are zero).
template <Weights kType>
LUGH_AVX512_INLINE __m512 load16(const void* row, int64_t i, __mmask16 mask) {
    if constexpr (kType == Weights::f32) return _mm512_maskz_loadu_ps(mask, static_cast<const float*>(row) + i);
    const __m256i bits = _mm256_maskz_loadu_epi16(mask, static_cast<const uint16_t*>(row) + i);
    if constexpr (kType == Weights::f16) return _mm512_cvtph_ps(bits);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(bits), 16));   // bf16: the high half of an f32
}

// 16 activations as floats: F32 as stored, or rounded to F16 beforehand.
LUGH_AVX512_INLINE __m512 load16x(const float* x, int64_t i, __mmask16 mask) { return _mm512_maskz_loadu_ps(mask, x + i); }
LUGH_AVX512_INLINE __m512 load16x(const uint16_t* x, int64_t i, __mmask16 mask) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, x + i));
}

// Two accumulators over 32 elements per step; a tail of fewer than 32 runs
// through masked loads (zeros add nothing), so any n is handled in one place.
template <Weights kType, typename X>
LUGH_AVX512_INLINE float dot_row(int64_t n, const void* w, const X* x) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    const __mmask16 all = 0xffff;
    int64_t i = 0;
    constexpr int64_t kSize = kType == Weights::f32 ? 4 : 2;
    const char* wb = static_cast<const char*>(w);
    for (; i + 32 <= n; i += 32) {
        // 2 KiB ahead: streaming from memory on a busy machine the hardware
        // prefetchers fall behind (F16 matrix-vector: 0.85 -> 1.2 of the
        // read bandwidth on Emerald Rapids).
        _mm_prefetch(wb + i * kSize + kPrefetchAhead, _MM_HINT_T0);
        acc0 = _mm512_fmadd_ps(load16<kType>(w, i, all), load16x(x, i, all), acc0);
        acc1 = _mm512_fmadd_ps(load16<kType>(w, i + 16, all), load16x(x, i + 16, all), acc1);
    }
    for (; i < n; i += 16) {
        const int64_t left = n - i;
        const __mmask16 m = left >= 16 ? all : static_cast<__mmask16>((1u << left) - 1u);
        acc0 = _mm512_fmadd_ps(load16<kType>(w, i, m), load16x(x, i, m), acc0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

}  // namespace

LUGH_AVX512 float dot_f32_avx512(int64_t n, const void* w, const float* x) { return dot_row<Weights::f32>(n, w, x); }
LUGH_AVX512 float dot_f16_avx512(int64_t n, const void* w, const float* x) { return dot_row<Weights::f16>(n, w, x); }
LUGH_AVX512 float dot_bf16_avx512(int64_t n, const void* w, const float* x) { return dot_row<Weights::bf16>(n, w, x); }
LUGH_AVX512 float dot_f16_f16_avx512(int64_t n, const void* w, const uint16_t* x) {
    return dot_row<Weights::f16>(n, w, x);
}

}  // namespace lugh::cpu::matmul
#endif
