// Row dots of Q4_1, Q5_0 and Q5_1 weights on AVX2 against a grouped Q8_0
// row (its blocks and each block's d * sum of codes). Per block of 32: the codes
// (nibbles, plus the fifth bits as 16s) as unsigned bytes, one integer dot
// with the activation codes into 8 int32 lanes, one FMA by dw * dx; the
// minimum (Q4_1, Q5_1: + m * sum x) or the zero point (Q5_0: - 16 dw * sum
// x) comes from the row's block sums in a scalar accumulator. (The avx512
// set has its own, 8 blocks per step: dot_q32_vnni.cpp.)
#if defined(__x86_64__)
#include "cpu/matmul/activation.hpp"
#include "cpu/matmul/dot.hpp"
#include "cpu/matmul/dot_x86.hpp"
#include "quant/blocks.hpp"

namespace lugh::cpu::matmul {

namespace {

using namespace x86;
using quant::BlockQ4_1;
using quant::BlockQ5_0;
using quant::BlockQ5_1;
using quant::BlockQ8_0;

template <class B>
LUGH_BODY __m256i codes_of(const B& b) {
    if constexpr (std::is_same_v<B, BlockQ4_1>) {
        return nibbles_32(b.qs);
    } else {
        uint32_t qh;
        std::memcpy(&qh, b.qh, 4);
        return _mm256_or_si256(nibbles_32(b.qs), bits_to_bytes(qh, 16));
    }
}

// Blocks of type B (a minimum m when kMin, else the zero point 16).
template <class I, class B, bool kMin>
LUGH_BODY float row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const B*>(wv);
    const ActivationRow act = activation_row(xv, n);
    const auto* x = static_cast<const BlockQ8_0*>(act.q8);
    const float* sums = act.sum_dx;
    const int64_t nb = n / 32;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    float side = 0.0f;   // sum of m * sx (kMin) or of dw * sx
    int64_t b = 0;
    for (; b + 1 < nb; b += 2) {
        const __m256i p0 = I::dot_u8s8(_mm256_setzero_si256(), codes_of(w[b]), load32(x[b].qs));
        const __m256i p1 = I::dot_u8s8(_mm256_setzero_si256(), codes_of(w[b + 1]), load32(x[b + 1].qs));
        const float d0 = half_to_float(w[b].d), d1 = half_to_float(w[b + 1].d);
        acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p0), _mm256_set1_ps(d0 * half_to_float(x[b].d)), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p1), _mm256_set1_ps(d1 * half_to_float(x[b + 1].d)), acc1);
        if constexpr (kMin) side += half_to_float(w[b].m) * sums[b] + half_to_float(w[b + 1].m) * sums[b + 1];
        else side += d0 * sums[b] + d1 * sums[b + 1];
    }
    for (; b < nb; ++b) {
        const __m256i p = I::dot_u8s8(_mm256_setzero_si256(), codes_of(w[b]), load32(x[b].qs));
        const float d = half_to_float(w[b].d);
        acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(d * half_to_float(x[b].d)), acc0);
        if constexpr (kMin) side += half_to_float(w[b].m) * sums[b];
        else side += d * sums[b];
    }
    const float dots = hsum(_mm256_add_ps(acc0, acc1));
    return kMin ? dots + side : dots - 16.0f * side;
}

}  // namespace

LUGH_AVX2 float dot_q4_1_avx2(int64_t n, const void* w, const void* x) { return row<Avx2, BlockQ4_1, true>(n, w, x); }
LUGH_AVX2 float dot_q5_0_avx2(int64_t n, const void* w, const void* x) { return row<Avx2, BlockQ5_0, false>(n, w, x); }
LUGH_AVX2 float dot_q5_1_avx2(int64_t n, const void* w, const void* x) { return row<Avx2, BlockQ5_1, true>(n, w, x); }

}  // namespace lugh::cpu::matmul
#endif
