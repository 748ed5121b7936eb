// Row dots of Q4_K and Q5_K weights on x86 against Q8_K rows. A
// super-block is 4 chunks of 32 bytes of codes, each holding sub-block 2p
// (low nibbles) and 2p+1 (high nibbles); Q5_K adds each code's fifth bit
// from qh (bit s of byte l for sub-block s). Per sub-block, maddubs gives
// int16 pair sums of codes times activations, and multiplying those pairs
// by the sub-block's 6-bit scale (madd, or vpdpwssd) folds the scale into
// the int32 sums, so the whole super-block is one integer sum; the minima
// meet the activation's sums of 16 (bsums) in one more madd.
#if defined(__x86_64__)
#include "cpu/matmul/dot.hpp"
#include "cpu/matmul/dot_x86.hpp"
#include "quant/blocks_k.hpp"

namespace lugh::cpu::matmul {

namespace {

using namespace x86;
using quant::BlockQ4_K;
using quant::BlockQ5_K;
using quant::BlockQ8_K;

// sum over j of m_j * (bsums[2j] + bsums[2j+1]), as 8 int32 lanes.
LUGH_BODY __m256i mins_dot(uint64_t mins, const int16_t* bsums) {
    const __m128i m = _mm_shuffle_epi8(_mm_cvtsi64_si128(static_cast<int64_t>(mins)),
                                       _mm_setr_epi8(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));
    return _mm256_madd_epi16(_mm256_cvtepu8_epi16(m), load32(bsums));
}

template <class I, bool kFifth>
LUGH_BODY float row(int64_t n, const void* wv, const void* xv) {
    using B = std::conditional_t<kFifth, BlockQ5_K, BlockQ4_K>;
    const auto* w = static_cast<const B*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const __m256i nib = _mm256_set1_epi8(0x0f);
    __m256 acc = _mm256_setzero_ps(), acc_min = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const B& b = w[i];
        prefetch_ahead(&b, sizeof b);
        uint64_t sc, m;
        scales_and_mins(b.scales, &sc, &m);
        const __m128i sc16 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128(static_cast<int64_t>(sc)));
        const __m256i scales16 = _mm256_set_m128i(sc16, sc16);
        __m256i high;
        if constexpr (kFifth) high = load32(b.qh);
        __m256i sum0 = _mm256_setzero_si256(), sum1 = _mm256_setzero_si256();
        for (int p = 0; p < 4; ++p) {
            const __m256i q = load32(b.qs + 32 * p);
            __m256i lo = _mm256_and_si256(q, nib), hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), nib);
            if constexpr (kFifth) {
                const __m256i one = _mm256_set1_epi8(1);
                lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(high, 2 * p), one), 4));
                hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(high, 2 * p + 1), one), 4));
            }
            // codes <= 31, |x| <= 128: the int16 pair sums stay below 32767.
            const __m256i pairs0 = _mm256_maddubs_epi16(lo, load32(x[i].qs + 64 * p));
            const __m256i pairs1 = _mm256_maddubs_epi16(hi, load32(x[i].qs + 64 * p + 32));
            sum0 = I::dot_i16(sum0, pairs0, scale_of(scales16, 2 * p));
            sum1 = I::dot_i16(sum1, pairs1, scale_of(scales16, 2 * p + 1));
        }
        const float dx = x[i].d;
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_add_epi32(sum0, sum1)), _mm256_set1_ps(half_to_float(b.d) * dx), acc);
        acc_min = _mm256_fmadd_ps(_mm256_cvtepi32_ps(mins_dot(m, x[i].bsums)), _mm256_set1_ps(half_to_float(b.dmin) * dx),
                                  acc_min);
    }
    return hsum(_mm256_sub_ps(acc, acc_min));
}

}  // namespace

LUGH_AVX2 float dot_q4_k_avx2(int64_t n, const void* w, const void* x) { return row<Avx2, false>(n, w, x); }
LUGH_AVX2 float dot_q5_k_avx2(int64_t n, const void* w, const void* x) { return row<Avx2, true>(n, w, x); }
LUGH_VNNI256 float dot_q4_k_vnni(int64_t n, const void* w, const void* x) { return row<Vnni, false>(n, w, x); }
LUGH_VNNI256 float dot_q5_k_vnni(int64_t n, const void* w, const void* x) { return row<Vnni, true>(n, w, x); }

}  // namespace lugh::cpu::matmul
#endif
