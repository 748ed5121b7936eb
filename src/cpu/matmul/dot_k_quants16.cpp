// Row dots of the K-quants with 16-element sub-blocks (Q2_K, Q3_K, Q6_K)
// on x86 against Q8_K rows. The codes of 32 consecutive elements (two
// sub-blocks) come out of the packed bits as unsigned bytes; maddubs gives
// int16 pair sums against the activations, and multiplying those by the
// two sub-blocks' scales (madd, or vpdpwssd) folds the scales into int32
// sums over the super-block. Zero points (Q3_K's 4, Q6_K's 32) and minima
// (Q2_K) meet the activation's sums of 16 (bsums) in one more madd.
//
// Element e = 128h + 32g + l of a super-block: Q2_K/Q3_K keep its 2 low
// bits at bits 2g of qs[32h + l] (Q3_K's third bit at bit 4h + g of
// hmask[l]); Q6_K keeps 4 bits in ql[64h + 32(g & 1) + l] (high nibble for
// g >= 2) and 2 at bits 2g of qh[32h + l].
#if defined(__x86_64__)
#include "cpu/matmul/dot.hpp"
#include "cpu/matmul/dot_x86.hpp"
#include "quant/blocks_k.hpp"

namespace lugh::cpu::matmul {

namespace {

using namespace x86;
using quant::BlockQ2_K;
using quant::BlockQ3_K;
using quant::BlockQ6_K;
using quant::BlockQ8_K;

// 16 signed sub-block scales as int32 lanes holding the int16 scale twice,
// sub-blocks 0..7 in `lo`, 8..15 in `hi`.
struct PairScales {
    __m256i lo, hi;
};

// (s & 0xffff) | s << 16 per int32 lane: the int16 scale twice.
LUGH_BODY __m256i twice(__m256i v) {
    return _mm256_or_si256(_mm256_and_si256(v, _mm256_set1_epi32(0xffff)), _mm256_slli_epi32(v, 16));
}

LUGH_BODY PairScales pair_scales(__m128i s) {
    return {twice(_mm256_cvtepi8_epi32(s)), twice(_mm256_cvtepi8_epi32(_mm_srli_si128(s, 8)))};
}

// Q6_K's top 2 bits of chunk g of a half, as 16s and 32s.
LUGH_BODY __m256i q6_high(__m256i qh, int g) {
    return _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * g), _mm256_set1_epi8(3)), 4);
}

// int16 scales for chunk c (elements 32c .. 32c+31): sub-block 2c in the
// low 128 bits, 2c+1 in the high.
LUGH_BODY __m256i chunk_scales(const PairScales& p, int c) {
    const int j = 2 * (c % 4);
    const __m256i idx = _mm256_setr_epi32(j, j, j, j, j + 1, j + 1, j + 1, j + 1);
    return _mm256_permutevar8x32_epi32(c < 4 ? p.lo : p.hi, idx);
}


template <class I>
LUGH_BODY __m256i add_chunk(__m256i sum, __m256i codes, const int8_t* x, const PairScales& ps, int c) {
    // codes <= 63, |x| <= 128: the int16 pair sums stay below 32767.
    return I::dot_i16(sum, _mm256_maddubs_epi16(codes, load32(x)), chunk_scales(ps, c));
}

template <class I>
LUGH_BODY float q6_k_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ6_K*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const __m256i nib = _mm256_set1_epi8(0x0f);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const BlockQ6_K& b = w[i];
        prefetch_ahead(&b, sizeof b);
        const __m128i scales = load16(b.scales);
        const PairScales ps = pair_scales(scales);
        __m256i sum0 = _mm256_setzero_si256(), sum1 = _mm256_setzero_si256();
        for (int h = 0; h < 2; ++h) {
            const __m256i ql0 = load32(b.ql + 64 * h), ql1 = load32(b.ql + 64 * h + 32), qh = load32(b.qh + 32 * h);
            const __m256i u0 = _mm256_or_si256(_mm256_and_si256(ql0, nib), q6_high(qh, 0));
            const __m256i u1 = _mm256_or_si256(_mm256_and_si256(ql1, nib), q6_high(qh, 1));
            const __m256i u2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), nib), q6_high(qh, 2));
            const __m256i u3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), nib), q6_high(qh, 3));
            const int8_t* xq = x[i].qs + 128 * h;
            sum0 = add_chunk<I>(sum0, u0, xq, ps, 4 * h);
            sum1 = add_chunk<I>(sum1, u1, xq + 32, ps, 4 * h + 1);
            sum0 = add_chunk<I>(sum0, u2, xq + 64, ps, 4 * h + 2);
            sum1 = add_chunk<I>(sum1, u3, xq + 96, ps, 4 * h + 3);
        }
        // value = s * (u - 32): take 32 * sum of s_j * bsums_j back out.
        const __m256i zero = _mm256_slli_epi32(scaled_bsums(scales, x[i].bsums), 5);
        const __m256i total = _mm256_sub_epi32(_mm256_add_epi32(sum0, sum1), zero);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(total), _mm256_set1_ps(half_to_float(b.d) * x[i].d), acc);
    }
    return hsum(acc);
}

template <class I>
LUGH_BODY float q3_k_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ3_K*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const __m256i two = _mm256_set1_epi8(3);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const BlockQ3_K& b = w[i];
        prefetch_ahead(&b, sizeof b);
        const __m128i s16 = q3_k_scales(b.scales);
        const PairScales ps = pair_scales(s16);
        const __m256i hm = load32(b.hmask);
        __m256i sum0 = _mm256_setzero_si256(), sum1 = _mm256_setzero_si256();
        for (int h = 0; h < 2; ++h) {
            const __m256i q = load32(b.qs + 32 * h);
            for (int g = 0; g < 4; g += 2) {
                const __m256i u0 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q, 2 * g), two), q3_k_high(hm, 4 * h + g));
                const __m256i u1 =
                    _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q, 2 * g + 2), two), q3_k_high(hm, 4 * h + g + 1));
                sum0 = add_chunk<I>(sum0, u0, x[i].qs + 128 * h + 32 * g, ps, 4 * h + g);
                sum1 = add_chunk<I>(sum1, u1, x[i].qs + 128 * h + 32 * g + 32, ps, 4 * h + g + 1);
            }
        }
        // value = s * (u - 4).
        const __m256i zero = _mm256_slli_epi32(scaled_bsums(s16, x[i].bsums), 2);
        const __m256i total = _mm256_sub_epi32(_mm256_add_epi32(sum0, sum1), zero);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(total), _mm256_set1_ps(half_to_float(b.d) * x[i].d), acc);
    }
    return hsum(acc);
}

template <class I>
LUGH_BODY float q2_k_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ2_K*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const __m256i two = _mm256_set1_epi8(3);
    const __m128i nib = _mm_set1_epi8(0x0f);
    __m256 acc = _mm256_setzero_ps(), acc_min = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const BlockQ2_K& b = w[i];
        prefetch_ahead(&b, sizeof b);
        const __m128i packed = load16(b.scales);
        const __m128i mins = _mm_and_si128(_mm_srli_epi16(packed, 4), nib);
        const PairScales ps = pair_scales(_mm_and_si128(packed, nib));
        __m256i sum0 = _mm256_setzero_si256(), sum1 = _mm256_setzero_si256();
        for (int h = 0; h < 2; ++h) {
            const __m256i q = load32(b.qs + 32 * h);
            for (int g = 0; g < 4; g += 2) {
                const __m256i u0 = _mm256_and_si256(_mm256_srli_epi16(q, 2 * g), two);
                const __m256i u1 = _mm256_and_si256(_mm256_srli_epi16(q, 2 * g + 2), two);
                sum0 = add_chunk<I>(sum0, u0, x[i].qs + 128 * h + 32 * g, ps, 4 * h + g);
                sum1 = add_chunk<I>(sum1, u1, x[i].qs + 128 * h + 32 * g + 32, ps, 4 * h + g + 1);
            }
        }
        const float dx = x[i].d;
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_add_epi32(sum0, sum1)), _mm256_set1_ps(half_to_float(b.d) * dx), acc);
        acc_min = _mm256_fmadd_ps(_mm256_cvtepi32_ps(scaled_bsums(mins, x[i].bsums)),
                                  _mm256_set1_ps(half_to_float(b.dmin) * dx), acc_min);
    }
    return hsum(_mm256_sub_ps(acc, acc_min));
}

}  // namespace

LUGH_AVX2 float dot_q2_k_avx2(int64_t n, const void* w, const void* x) { return q2_k_row<Avx2>(n, w, x); }
LUGH_AVX2 float dot_q3_k_avx2(int64_t n, const void* w, const void* x) { return q3_k_row<Avx2>(n, w, x); }
LUGH_AVX2 float dot_q6_k_avx2(int64_t n, const void* w, const void* x) { return q6_k_row<Avx2>(n, w, x); }
LUGH_VNNI256 float dot_q2_k_vnni(int64_t n, const void* w, const void* x) { return q2_k_row<Vnni>(n, w, x); }
LUGH_VNNI256 float dot_q3_k_vnni(int64_t n, const void* w, const void* x) { return q3_k_row<Vnni>(n, w, x); }
LUGH_VNNI256 float dot_q6_k_vnni(int64_t n, const void* w, const void* x) { return q6_k_row<Vnni>(n, w, x); }

}  // namespace lugh::cpu::matmul
#endif
