// Row dots of IQ4_NL (against the Q8_0 blocks of a grouped row) and IQ4_XS
// (against Q8_K) weights on
// x86. The 4-bit indices become their int8 levels by one byte shuffle from
// a 16-entry table; levels and activations are both signed, so the dot
// takes |level| and the activation with the level's sign. IQ4_XS applies
// its sub-block scales (ls - 32) to the int16 pair sums, so a whole
// super-block accumulates in int32 (|sum| <= 256 * 127 * 127 * 32 < 2^31).
#if defined(__x86_64__)
#include "cpu/matmul/activation.hpp"
#include "cpu/matmul/dot.hpp"
#include "cpu/matmul/dot_x86.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"

namespace lugh::cpu::matmul {

namespace {

using namespace x86;
using quant::BlockIQ4_NL;
using quant::BlockIQ4_XS;
using quant::BlockQ8_0;
using quant::BlockQ8_K;

LUGH_BODY __m256i levels_table() {
    const __m128i t = _mm_loadu_si128(reinterpret_cast<const __m128i*>(quant::kIq4nlValues));
    return _mm256_set_m128i(t, t);
}

// The int8 levels of 32 elements from their 16 bytes of indices.
LUGH_BODY __m256i levels(__m256i table, const uint8_t* qs) { return _mm256_shuffle_epi8(table, nibbles_32(qs)); }

template <class I>
LUGH_BODY __m256 iq4_nl_block(__m256i table, const BlockIQ4_NL& w, const BlockQ8_0& x, __m256 acc) {
    __m256i uw, sx;
    signed_pair(levels(table, w.qs), load32(x.qs), &uw, &sx);
    const __m256i p = I::dot_u8s8(_mm256_setzero_si256(), uw, sx);
    return _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(half_to_float(w.d) * half_to_float(x.d)), acc);
}

template <class I>
LUGH_BODY float iq4_nl_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockIQ4_NL*>(wv);
    const auto* x = static_cast<const BlockQ8_0*>(activation_row(xv, n).q8);
    const __m256i table = levels_table();
    const int64_t nb = n / 32;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t b = 0;
    for (; b + 1 < nb; b += 2) {
        acc0 = iq4_nl_block<I>(table, w[b], x[b], acc0);
        acc1 = iq4_nl_block<I>(table, w[b + 1], x[b + 1], acc1);
    }
    for (; b < nb; ++b) acc0 = iq4_nl_block<I>(table, w[b], x[b], acc0);
    return hsum(_mm256_add_ps(acc0, acc1));
}

template <class I>
LUGH_BODY float iq4_xs_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockIQ4_XS*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const __m256i table = levels_table();
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const BlockIQ4_XS& b = w[i];
        prefetch_ahead(&b, sizeof b);
        const __m256i scales = iq4_xs_scales(b.scales_l, b.scales_h);
        __m256i sum0 = _mm256_setzero_si256(), sum1 = _mm256_setzero_si256();
        for (int sb = 0; sb < 8; sb += 2) {
            __m256i uw0, sx0, uw1, sx1;
            signed_pair(levels(table, b.qs + 16 * sb), load32(x[i].qs + 32 * sb), &uw0, &sx0);
            signed_pair(levels(table, b.qs + 16 * sb + 16), load32(x[i].qs + 32 * sb + 32), &uw1, &sx1);
            // |level| <= 127 and |x| <= 127: the int16 pair sums stay below 32767.
            const __m256i pairs0 = _mm256_maddubs_epi16(uw0, sx0), pairs1 = _mm256_maddubs_epi16(uw1, sx1);
            sum0 = I::dot_i16(sum0, pairs0, scale_of(scales, sb));
            sum1 = I::dot_i16(sum1, pairs1, scale_of(scales, sb + 1));
        }
        const float d = half_to_float(b.d) * x[i].d;
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_add_epi32(sum0, sum1)), _mm256_set1_ps(d), acc);
    }
    return hsum(acc);
}

}  // namespace

LUGH_AVX2 float dot_iq4_nl_avx2(int64_t n, const void* w, const void* x) { return iq4_nl_row<Avx2>(n, w, x); }
LUGH_AVX2 float dot_iq4_xs_avx2(int64_t n, const void* w, const void* x) { return iq4_xs_row<Avx2>(n, w, x); }
LUGH_VNNI256 float dot_iq4_xs_vnni(int64_t n, const void* w, const void* x) { return iq4_xs_row<Vnni>(n, w, x); }

}  // namespace lugh::cpu::matmul
#endif
