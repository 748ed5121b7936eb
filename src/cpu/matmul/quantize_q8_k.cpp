// Q8_K quantization of activation rows on AVX2, bit-identical to the
// reference: m = the first element of largest magnitude (signed),
// iscale = -127 / m, q = min(127, nearest-even(iscale * x)), d = 1 / iscale,
// bsums = sums of 16 codes. The product is rounded once and then converted
// with the default rounding mode (nearest, ties to even), which is what
// the reference's nearest_int computes; no multiply-add is fused. Blocks
// with a NaN, an infinity, only zeros or a scale that overflows go to the
// reference.
#include "cpu/matmul/quantize_q8_k.hpp"

#include <cmath>

#include "cpu/simd/targets.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

#if defined(__x86_64__)
#include <immintrin.h>

#define LUGH_AVX2 __attribute__((target("avx2,fma,f16c")))
#endif

namespace lugh::cpu::matmul {

#if defined(__x86_64__)
LUGH_AVX2 bool quantize_block_q8_k_avx2(const float* x, void* block) {
    constexpr int kN = quant::kSuperBlock;
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256i exponent = _mm256_set1_epi32(0x7f800000);
    __m256 amax = _mm256_setzero_ps();
    __m256i nonfinite = _mm256_setzero_si256();
    for (int i = 0; i < kN; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        amax = _mm256_max_ps(amax, _mm256_and_ps(v, abs_mask));
        nonfinite = _mm256_or_si256(nonfinite, _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_castps_si256(v), exponent), exponent));
    }
    if (!_mm256_testz_si256(nonfinite, nonfinite)) return false;
    __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(amax), _mm256_extractf128_ps(amax, 1));
    m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
    m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
    const float largest = _mm_cvtss_f32(m4);
    if (largest == 0.0f) return false;
    // The first element whose magnitude is the largest gives the sign.
    const __m256 target = _mm256_set1_ps(largest);
    int first = 0;
    for (int i = 0; i < kN; i += 8) {
        const int hit = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_and_ps(_mm256_loadu_ps(x + i), abs_mask), target, _CMP_EQ_OQ));
        if (hit) {
            first = i + __builtin_ctz(static_cast<unsigned>(hit));
            break;
        }
    }
    const float iscale = -127.0f / x[first];
    // A largest magnitude so small that -127/m overflows: the reference's
    // codes then come from its integer trick on infinities; let it write them.
    if (!(std::fabs(iscale) <= 3.4e38f)) return false;
    auto& b = *static_cast<quant::BlockQ8_K*>(block);
    const __m256 scale = _mm256_set1_ps(iscale);
    const __m256i cap = _mm256_set1_epi32(127);
    for (int i = 0; i < kN; i += 32) {
        __m256i q[4];
        for (int j = 0; j < 4; ++j)
            q[j] = _mm256_min_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i + 8 * j), scale)), cap);
        // |q| <= 127: the packs do not saturate. They work within 128-bit
        // halves; one permute of 32-bit groups restores element order.
        const __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(q[0], q[1]), _mm256_packs_epi32(q[2], q[3]));
        const __m256i ordered = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(b.qs + i), ordered);
        // Sums of 16: byte pairs, then pairs of pairs, then the two halves of each 16.
        const __m256i pairs = _mm256_maddubs_epi16(_mm256_set1_epi8(1), ordered);
        const __m256i quads = _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));   // 8 sums of 4
        const __m256i eights = _mm256_hadd_epi32(quads, quads);                   // per half: s0+s1, s2+s3, ...
        const __m256i sixteens = _mm256_hadd_epi32(eights, eights);              // per half: its sum of 16 in lane 0
        b.bsums[i / 16] = static_cast<int16_t>(_mm256_extract_epi32(sixteens, 0));
        b.bsums[i / 16 + 1] = static_cast<int16_t>(_mm256_extract_epi32(sixteens, 4));
    }
    b.d = 1.0f / iscale;
    return true;
}
#endif

void quantize_act_q8_k(const float* x, void* out, int64_t k) {
    auto* blocks = static_cast<quant::BlockQ8_K*>(out);
    for (int64_t i = 0; i < k / quant::kSuperBlock; ++i) {
        const float* xb = x + i * quant::kSuperBlock;
#if defined(__x86_64__)
        if (simd::kernel_level() >= simd::KernelLevel::avx2 && quantize_block_q8_k_avx2(xb, blocks + i)) continue;
#endif
        quant::quantize_row_q8_k(xb, blocks + i, quant::kSuperBlock);
    }
}

}  // namespace lugh::cpu::matmul
