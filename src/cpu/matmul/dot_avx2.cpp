// The avx2 row dots: the same arithmetic as the scalar ones (exact integer dot per
// block, then the product of the scales), vectorized per block of 32.
// Compiled with per-function target attributes so the library still runs on
// any x86-64; dot_kernels.cpp picks them only when the CPU has the features.
#if defined(__x86_64__)
// g++ 12 warns inside its own AVX-512 intrinsics (their "undefined" vectors
// are self-initialized on purpose) once they are inlined here; nothing in
// this file reads an uninitialized value.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "cpu/matmul/dot.hpp"
#include "quant/blocks.hpp"

#define LUGH_AVX2 __attribute__((target("avx2,fma,f16c")))

namespace lugh::cpu::matmul {

namespace {

using quant::BlockQ4_0;
using quant::BlockQ8_0;
using quant::kBlock;

LUGH_AVX2 inline float scale_product(uint16_t a, uint16_t b) { return _cvtsh_ss(a) * _cvtsh_ss(b); }

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

// Two accumulators over pairs of blocks keep two multiply-add chains in flight.
#define LUGH_DOT_BODY(IDOT, WBLOCK, LOADW)                                                        \
    const auto* w = static_cast<const WBLOCK*>(wv);                                               \
    const auto* x = static_cast<const BlockQ8_0*>(activation_row(xv, n).q8);                      \
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

// Q4_0 codes (unsigned 0..15) in element order, without the offset of 8.
LUGH_AVX2 inline __m256i unpack_q4_codes(const uint8_t* qs) {
    const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m128i mask = _mm_set1_epi8(0x0f);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(packed, 4), mask), _mm_and_si128(packed, mask));
}

// The block's offset correction in lane 0, zeros elsewhere.
LUGH_AVX2 inline __m256i offset_lane(int32_t v) { return _mm256_zextsi128_si256(_mm_cvtsi32_si128(v)); }

LUGH_AVX2 inline __m256i codes_dot_avx2(__m256i codes, __m256i x, __m256i init) {
    // codes <= 15 and |x| <= 128: pair sums stay far below int16 saturation.
    const __m256i pairs = _mm256_maddubs_epi16(codes, x);
    return _mm256_add_epi32(init, _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
}

// Four blocks per step, four accumulators: the per-block chain is short and
// independent, so the loads of the next blocks overlap the arithmetic.
#define LUGH_DOT_ACT_BODY(CODES_DOT)                                                                       \
    const auto* w = static_cast<const BlockQ4_0*>(wv);                                                     \
    const ActivationRow x = activation_row(xv, n);                                                         \
    const auto* xq = static_cast<const BlockQ8_0*>(x.q8);                                                  \
    const int64_t nb = n / kBlock;                                                                         \
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()}; \
    int64_t b = 0;                                                                                         \
    for (; b + 3 < nb; b += 4) {                                                                           \
        for (int u = 0; u < 4; ++u) {                                                                      \
            const __m256i p = CODES_DOT(unpack_q4_codes(w[b + u].qs), load_q8(xq[b + u].qs),               \
                                        offset_lane(x.offset_sum[b + u]));                                 \
            const __m256 s = _mm256_set1_ps(_cvtsh_ss(w[b + u].d) * x.scale[b + u]);                       \
            acc[u] = _mm256_fmadd_ps(s, _mm256_cvtepi32_ps(p), acc[u]);                                    \
        }                                                                                                  \
    }                                                                                                      \
    for (; b < nb; ++b) {                                                                                  \
        const __m256i p = CODES_DOT(unpack_q4_codes(w[b].qs), load_q8(xq[b].qs), offset_lane(x.offset_sum[b])); \
        acc[0] = _mm256_fmadd_ps(_mm256_set1_ps(_cvtsh_ss(w[b].d) * x.scale[b]), _mm256_cvtepi32_ps(p), acc[0]); \
    }                                                                                                      \
    return hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));

LUGH_AVX2 float dot_q4_0_avx2(int64_t n, const void* wv, const void* xv) { LUGH_DOT_ACT_BODY(codes_dot_avx2) }

#undef LUGH_DOT_ACT_BODY

// Float weights: 32 elements per step in four independent FMA chains.
#define LUGH_DOT_FLOAT_BODY(LOAD8, SCALAR)                                                  \
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()}; \
    int64_t i = 0;                                                                         \
    for (; i + 32 <= n; i += 32)                                                           \
        for (int u = 0; u < 4; ++u)                                                        \
            acc[u] = _mm256_fmadd_ps(LOAD8(w + i + 8 * u), _mm256_loadu_ps(x + i + 8 * u), acc[u]); \
    for (; i + 8 <= n; i += 8) acc[0] = _mm256_fmadd_ps(LOAD8(w + i), _mm256_loadu_ps(x + i), acc[0]); \
    float sum = hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3]))); \
    for (; i < n; ++i) sum += SCALAR(w[i]) * x[i];                                         \
    return sum;

LUGH_AVX2 inline __m256 load8_f32(const float* p) { return _mm256_loadu_ps(p); }
LUGH_AVX2 inline __m256 load8_f16(const uint16_t* p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
LUGH_AVX2 inline __m256 load8_bf16(const uint16_t* p) {
    const __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
}
LUGH_AVX2 inline float f32_of(float v) { return v; }
LUGH_AVX2 inline float f16_of(uint16_t v) { return _cvtsh_ss(v); }
LUGH_AVX2 inline float bf16_of(uint16_t v) {
    const uint32_t bits = static_cast<uint32_t>(v) << 16;
    float f;
    __builtin_memcpy(&f, &bits, 4);
    return f;
}

LUGH_AVX2 float dot_f32_avx2(int64_t n, const void* wv, const float* x) {
    const auto* w = static_cast<const float*>(wv);
    LUGH_DOT_FLOAT_BODY(load8_f32, f32_of)
}
LUGH_AVX2 float dot_f16_avx2(int64_t n, const void* wv, const float* x) {
    const auto* w = static_cast<const uint16_t*>(wv);
    LUGH_DOT_FLOAT_BODY(load8_f16, f16_of)
}
LUGH_AVX2 float dot_bf16_avx2(int64_t n, const void* wv, const float* x) {
    const auto* w = static_cast<const uint16_t*>(wv);
    LUGH_DOT_FLOAT_BODY(load8_bf16, bf16_of)
}

LUGH_AVX2 float dot_f16_f16_avx2(int64_t n, const void* wv, const uint16_t* x) {
    const auto* w = static_cast<const uint16_t*>(wv);
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    int64_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int u = 0; u < 4; ++u) acc[u] = _mm256_fmadd_ps(load8_f16(w + i + 8 * u), load8_f16(x + i + 8 * u), acc[u]);
    for (; i + 8 <= n; i += 8) acc[0] = _mm256_fmadd_ps(load8_f16(w + i), load8_f16(x + i), acc[0]);
    float sum = hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
    for (; i < n; ++i) sum += f16_of(w[i]) * f16_of(x[i]);
    return sum;
}

#undef LUGH_DOT_FLOAT_BODY

}  // namespace

DotKernels avx2_dot_kernels() {
    DotKernels set = scalar_dot_kernels();   // the types without an AVX2 kernel
    set.name = "avx2";
    set.quant[GGML_TYPE_Q8_0] = dot_q8_0_avx2;
    set.quant[GGML_TYPE_Q4_0] = dot_q4_0_avx2;
    set.quant[GGML_TYPE_Q4_1] = dot_q4_1_avx2;
    set.quant[GGML_TYPE_Q5_0] = dot_q5_0_avx2;
    set.quant[GGML_TYPE_Q5_1] = dot_q5_1_avx2;
    set.quant[GGML_TYPE_IQ4_NL] = dot_iq4_nl_avx2;
    set.quant[GGML_TYPE_IQ4_XS] = dot_iq4_xs_avx2;
    set.quant[GGML_TYPE_Q2_K] = dot_q2_k_avx2;
    set.quant[GGML_TYPE_Q3_K] = dot_q3_k_avx2;
    set.quant[GGML_TYPE_Q4_K] = dot_q4_k_avx2;
    set.quant[GGML_TYPE_Q5_K] = dot_q5_k_avx2;
    set.quant[GGML_TYPE_Q6_K] = dot_q6_k_avx2;
    set.f32 = dot_f32_avx2;
    set.f16 = dot_f16_avx2;
    set.bf16 = dot_bf16_avx2;
    set.f16_f16 = dot_f16_f16_avx2;
    return set;
}

#undef LUGH_DOT_BODY

}  // namespace lugh::cpu::matmul
#endif
