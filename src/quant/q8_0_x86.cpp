// Q8_0 quantization of one block on AVX2+F16C, bit-identical to the scalar
// rule in q8_0.cpp (d = max|x| / 127 rounded to fp16 to nearest even; codes =
// x * (1/d) rounded half away from zero). The activation row of every
// quantized matrix product goes through here, once per thread, so the
// scalar loop (about 12 us for 4096 values) was a visible share of a
// matrix-vector product.
#if defined(__x86_64__)
#include <immintrin.h>

#include "quant/q8_0_block.hpp"

#define LUGH_AVX2 __attribute__((target("avx2,fma,f16c")))

namespace lugh::quant {

namespace {

// roundf of 8 floats of magnitude <= 127, as int32: the truncation and the
// remainder v - trunc(v) are exact, so comparing the remainder with 1/2
// decides the halfway cases exactly as the scalar code does.
LUGH_AVX2 inline __m256i round_half_away(__m256 v) {
    const __m256 t = _mm256_round_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m256 rest = _mm256_sub_ps(v, t);
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 up = _mm256_and_ps(_mm256_cmp_ps(rest, _mm256_set1_ps(0.5f), _CMP_GE_OQ), one);
    const __m256 down = _mm256_and_ps(_mm256_cmp_ps(rest, _mm256_set1_ps(-0.5f), _CMP_LE_OQ), one);
    return _mm256_cvttps_epi32(_mm256_sub_ps(_mm256_add_ps(t, up), down));
}

}  // namespace

LUGH_AVX2 bool quantize_block_q8_0_avx2(const float* x, BlockQ8_0* y) {
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256i exponent = _mm256_set1_epi32(0x7f800000);
    __m256 v[4];
    __m256 amax = _mm256_setzero_ps();
    __m256i nonfinite = _mm256_setzero_si256();
    for (int i = 0; i < 4; ++i) {
        v[i] = _mm256_loadu_ps(x + 8 * i);
        amax = _mm256_max_ps(amax, _mm256_and_ps(v[i], abs_mask));
        const __m256i e = _mm256_and_si256(_mm256_castps_si256(v[i]), exponent);
        nonfinite = _mm256_or_si256(nonfinite, _mm256_cmpeq_epi32(e, exponent));
    }
    if (!_mm256_testz_si256(nonfinite, nonfinite)) return false;   // the scalar path poisons the block
    // The largest of 8 lanes (max is exact, so the order does not matter).
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(amax), _mm256_extractf128_ps(amax, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    const float d = _mm_cvtss_f32(m) / 127.0f;
    const float id = inverse_scale(d);
    y->d = static_cast<uint16_t>(_cvtss_sh(d, _MM_FROUND_TO_NEAREST_INT));
    const __m256 scale = _mm256_set1_ps(id);
    __m256i q[4];
    for (int i = 0; i < 4; ++i) q[i] = round_half_away(_mm256_mul_ps(v[i], scale));
    // Packing works within 128-bit halves: the bytes come out as groups of 4
    // from q0 q1 q2 q3 (low halves), then the high halves; one permute of
    // 32-bit groups restores element order. |q| <= 127, so nothing saturates.
    const __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(q[0], q[1]), _mm256_packs_epi32(q[2], q[3]));
    const __m256i ordered = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y->qs), ordered);
    return true;
}

}  // namespace lugh::quant
#endif
