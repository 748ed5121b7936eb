// x86 dot kernels: the same arithmetic as the scalar ones (exact integer dot
// per block, then the product of the scales), vectorized per block of 32.
// Compiled with per-function target attributes so the library still runs on
// any x86-64; dot.cpp calls them only when the CPU has the features.
#if defined(__x86_64__)
#include <immintrin.h>

#include "quant/blocks.hpp"
#include "quant/dot.hpp"

#define LUGH_AVX2 __attribute__((target("avx2,fma,f16c")))
#define LUGH_VNNI __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

namespace lugh::quant {

namespace {

LUGH_AVX2 inline float scale_product(uint16_t a, uint16_t b) { return _cvtsh_ss(a) * _cvtsh_ss(b); }

// 32 signed 4-bit values of a Q4_0 block as int8 in element order:
// bytes 0..15 hold elements 0..15 (low nibbles) and 16..31 (high nibbles).
LUGH_AVX2 inline __m256i unpack_q4(const uint8_t* qs) {
    const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m128i lo = _mm_and_si128(packed, _mm_set1_epi8(0x0f));
    const __m128i hi = _mm_and_si128(_mm_srli_epi16(packed, 4), _mm_set1_epi8(0x0f));
    const __m256i codes = _mm256_set_m128i(hi, lo);
    return _mm256_sub_epi8(codes, _mm256_set1_epi8(8));
}

LUGH_AVX2 inline __m256i load_q8(const int8_t* qs) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qs)); }

LUGH_AVX2 inline float hsum(__m256 v) {
    const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(t, _mm_movehdup_ps(t)));
}

// 8 int32 partial sums of w . x over 32 int8 pairs (AVX2: no int8 x int8
// multiply, so |w| (unsigned) times x with w's sign moved onto it).
LUGH_AVX2 inline __m256i idot_avx2(__m256i w, __m256i x) {
    const __m256i aw = _mm256_sign_epi8(w, w);
    const __m256i sx = _mm256_sign_epi8(x, w);
    const __m256i pairs = _mm256_maddubs_epi16(aw, sx);   // |w| <= 127 (Q8_0) or 8: no saturation
    return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
}

LUGH_VNNI inline __m256i idot_vnni(__m256i w, __m256i x) {
    const __m256i aw = _mm256_sign_epi8(w, w);
    const __m256i sx = _mm256_sign_epi8(x, w);
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), aw, sx);
}

// Two accumulators over pairs of blocks keep two multiply-add chains in flight.
#define LUGH_DOT_BODY(IDOT, WBLOCK, LOADW)                                                        \
    const auto* w = static_cast<const WBLOCK*>(wv);                                               \
    const auto* x = static_cast<const BlockQ8_0*>(xv);                                            \
    const int64_t nb = n / kBlock;                                                                \
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();                                \
    int64_t b = 0;                                                                                \
    for (; b + 1 < nb; b += 2) {                                                                  \
        const __m256i p0 = IDOT(LOADW(w[b].qs), load_q8(x[b].qs));                                \
        const __m256i p1 = IDOT(LOADW(w[b + 1].qs), load_q8(x[b + 1].qs));                        \
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(scale_product(w[b].d, x[b].d)), _mm256_cvtepi32_ps(p0), acc0);         \
        acc1 = _mm256_fmadd_ps(_mm256_set1_ps(scale_product(w[b + 1].d, x[b + 1].d)), _mm256_cvtepi32_ps(p1), acc1); \
    }                                                                                             \
    for (; b < nb; ++b) {                                                                         \
        const __m256i p = IDOT(LOADW(w[b].qs), load_q8(x[b].qs));                                 \
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(scale_product(w[b].d, x[b].d)), _mm256_cvtepi32_ps(p), acc0);          \
    }                                                                                             \
    return hsum(_mm256_add_ps(acc0, acc1));

LUGH_AVX2 float dot_q8_0_avx2(int64_t n, const void* wv, const void* xv) { LUGH_DOT_BODY(idot_avx2, BlockQ8_0, load_q8) }
LUGH_AVX2 float dot_q4_0_avx2(int64_t n, const void* wv, const void* xv) { LUGH_DOT_BODY(idot_avx2, BlockQ4_0, unpack_q4) }
LUGH_VNNI float dot_q8_0_vnni(int64_t n, const void* wv, const void* xv) { LUGH_DOT_BODY(idot_vnni, BlockQ8_0, load_q8) }
LUGH_VNNI float dot_q4_0_vnni(int64_t n, const void* wv, const void* xv) { LUGH_DOT_BODY(idot_vnni, BlockQ4_0, unpack_q4) }

#undef LUGH_DOT_BODY

}  // namespace

DotKernels avx2_dot_kernels() { return {"avx2", dot_q8_0_avx2, dot_q4_0_avx2}; }
DotKernels avx512vnni_dot_kernels() { return {"avx512vnni", dot_q8_0_vnni, dot_q4_0_vnni}; }

}  // namespace lugh::quant
#endif
