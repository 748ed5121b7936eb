// Row dots of the 256-element types whose scales cover 16 or 32 elements
// (Q2_K, Q3_K, Q6_K, IQ4_XS) on 512-bit vectors with AVX512-VNNI, against
// Q8_K rows: the avx512vnni set's kernels on CPUs with full-width 512-bit
// units (dot_kernels.cpp keeps the 256-bit ones of dot_k_quants16.cpp and
// dot_iq4.cpp where 512-bit operations run as two halves, Zen 4).
//
// These types hold fewer bits per weight than Q4_0, so at the same memory
// speed they must turn out more weights per unit of work. A super-block is
// four steps of 64 weights: step s covers weights 64s .. 64s+63, whose four
// 128-bit lanes are four consecutive 16-weight sub-blocks (K-quants) or
// halves of two 32-weight sub-blocks (IQ4_XS), and the whole super-block
// stays in integers until one convert and one FMA by d * dx.
//
// The 32 bytes of a half's packed bits (Q2_K, Q3_K qs; Q6_K qh) are
// broadcast to both halves of a register, so the low 256 bits give chunk g
// and the high 256 bits chunk g + 1, matching 64 contiguous activations.
// On Intel the 512-bit shifts and integer multiplies share one port, which
// is what bounds these loops, so each type spends as few of them as it can
// (docs/weights.md has the figures):
//   Q6_K, IQ4_XS  maddubs (codes x activations into int16 pairs, exact:
//                 codes <= 63, |x| <= 127) and one vpdpwssd by the
//                 sub-blocks' scales (one word permute spreads them) per step
//   Q2_K          codes times scales from a table (vpermb), one vpdpbusd
//   Q3_K          codes taken in place without shifts, one vpdpbusd per
//                 step, the scales applied once per two steps
// Q3_K's third bit becomes a mask register (vptestmb) and a masked add;
// IQ4_XS's levels are signed, so the kernel looks up |level| and negates
// the activations where the level is negative (the index's bit 3 is clear).
#if defined(__x86_64__)
// GCC 12's 512-bit intrinsics start from _mm512_undefined_*: false alarms.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <cstddef>

#include "cpu/matmul/dot.hpp"
#include "cpu/matmul/dot_x86.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"

#define LUGH_ZMM __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq,avx512vnni")))
#define LUGH_ZMM_INLINE LUGH_ZMM __attribute__((always_inline)) inline
#define LUGH_ZMM_VBMI __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq,avx512vnni,avx512vbmi")))

namespace lugh::cpu::matmul {

namespace {

using namespace x86;
using quant::BlockIQ4_XS;
using quant::BlockQ2_K;
using quant::BlockQ3_K;
using quant::BlockQ6_K;
using quant::BlockQ8_K;

// The IQ4_XS kernel tells a negative level by its index alone.
constexpr bool negative_levels_come_first() {
    for (int i = 0; i < 16; ++i)
        if ((quant::kIq4nlValues[i] < 0) != (i < 8)) return false;
    return true;
}
static_assert(negative_levels_come_first(), "indices 0..7 must be the negative IQ4_NL levels");

// Every word of 128-bit lane i set to v_i.
LUGH_ZMM_INLINE __m512i lanes_epi16(int v0, int v1, int v2, int v3) {
    auto w = [](int v) { return static_cast<int>(static_cast<uint32_t>(v) * 0x10001u); };
    return _mm512_set_epi32(w(v3), w(v3), w(v3), w(v3), w(v2), w(v2), w(v2), w(v2), w(v1), w(v1), w(v1), w(v1),
                            w(v0), w(v0), w(v0), w(v0));
}

// Every byte of the low 256 bits set to a, of the high 256 bits to b.
LUGH_ZMM_INLINE __m512i halves_epi8(int a, int b) {
    return _mm512_inserti64x4(_mm512_set1_epi8(static_cast<char>(a)), _mm256_set1_epi8(static_cast<char>(b)), 1);
}

// 32 bytes at p in both halves.
LUGH_ZMM_INLINE __m512i broadcast32(const void* p) { return _mm512_broadcast_i64x4(load32(p)); }

// 16 int8 scales as int16 words 0..15.
LUGH_ZMM_INLINE __m512i scale_words(__m128i s) { return _mm512_zextsi256_si512(_mm256_cvtepi8_epi16(s)); }

LUGH_ZMM_INLINE __m512i load64(const void* p) { return _mm512_loadu_si512(p); }

// sum + the step's 64 codes times their activations, the pair sums of each
// 128-bit lane times the word of `scales` that `lanes` picks for it.
LUGH_ZMM_INLINE __m512i scaled_step(__m512i sum, __m512i codes, __m512i x, __m512i scales, __m512i lanes) {
    const __m512i pairs = _mm512_maddubs_epi16(codes, x);
    return _mm512_dpwssd_epi32(sum, pairs, _mm512_permutexvar_epi16(lanes, scales));
}

// The word permutes of steps 0..3 of a K-quant: lane i of step s is
// sub-block 4s + i.
struct StepLanes {
    __m512i of[4];
    LUGH_ZMM_INLINE StepLanes() {
        for (int s = 0; s < 4; ++s) of[s] = lanes_epi16(4 * s, 4 * s + 1, 4 * s + 2, 4 * s + 3);
    }
};

// acc + d * (sum - zero), the super-block's integer total in float.
//
// Each super-block's steps add into one chain that starts from zero:
// consecutive super-blocks' chains overlap in the out-of-order window, so
// the latency of vpdpwssd does not bound the loop, and separate sums would
// only cost instructions (what does bound it).
LUGH_ZMM_INLINE __m512 add_block(__m512 acc, __m512i sum, __m256i zero, float d) {
    const __m512i total = _mm512_sub_epi32(sum, _mm512_zextsi256_si512(zero));
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(total), _mm512_set1_ps(d), acc);
}

// Q2_K's codes (0..3) times their scales (0..15) fit a byte, so one table
// lookup (vpermb: 64 entries, code + 4 * sub-block) gives each weight its
// scaled code and a single vpdpbusd per step multiplies and adds: one
// multiply instead of two, which is what bounds these loops on Intel (the
// 512-bit integer multiplies issue on one port).
LUGH_ZMM_VBMI __m512i q2_k_table(__m128i scales, __m512i spread, __mmask64 odd, __mmask64 twos) {
    const __m512i s = _mm512_permutexvar_epi8(spread, _mm512_castsi128_si512(scales));   // scale j at bytes 4j..4j+3
    const __m512i low = _mm512_maskz_mov_epi8(odd, s);                                   // codes 1, 3: s
    return _mm512_mask_add_epi8(low, twos, low, _mm512_add_epi8(s, s));                  // codes 2, 3: + 2s
}

LUGH_ZMM_VBMI float q2_k_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ2_K*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const __m512i three = _mm512_set1_epi8(3);
    // Steps 0, 2 take bits 0 and 2 of each byte; steps 1, 3 bits 4 and 6.
    const __m512i shift[2] = {lanes_epi16(0, 0, 2, 2), lanes_epi16(4, 4, 6, 6)};
    // Step s's lane i is sub-block 4s + i: its table rows start at 16s + 4i.
    __m512i row[4];
    for (int st = 0; st < 4; ++st)
        row[st] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_set_m128i(_mm_set1_epi8(static_cast<char>(16 * st + 4)),
                                                                              _mm_set1_epi8(static_cast<char>(16 * st)))),
                                     _mm256_set_m128i(_mm_set1_epi8(static_cast<char>(16 * st + 12)),
                                                      _mm_set1_epi8(static_cast<char>(16 * st + 8))),
                                     1);
    alignas(64) uint8_t spread_bytes[64];
    for (int k = 0; k < 64; ++k) spread_bytes[k] = static_cast<uint8_t>(k / 4);
    const __m512i spread = _mm512_load_si512(spread_bytes);
    const __mmask64 odd = 0xAAAAAAAAAAAAAAAAull, twos = 0xCCCCCCCCCCCCCCCCull;
    const __m128i nib = _mm_set1_epi8(0x0f);
    // Lanes 0..7 take d * dx, lanes 8..15 dmin * dx.
    const __m512i d_then_dmin = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    __m512 acc = _mm512_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const BlockQ2_K& b = w[i];
        prefetch_ahead(&b, sizeof b);
        const __m128i packed = load16(b.scales);
        const __m512i table = q2_k_table(_mm_and_si128(packed, nib), spread, odd, twos);
        __m512i sum = _mm512_setzero_si512();
        for (int s = 0; s < 4; ++s) {
            const __m512i shifted = _mm512_srlv_epi16(broadcast32(b.qs + 32 * (s / 2)), shift[s % 2]);
            // (shifted & 3) | row: 0xEA is a & b | c.
            const __m512i index = _mm512_ternarylogic_epi32(shifted, three, row[s], 0xEA);
            sum = _mm512_dpbusd_epi32(sum, _mm512_permutexvar_epi8(index, table), load64(x[i].qs + 64 * s));
        }
        // The minima's integer sum in lanes 8..15, negated: one convert and
        // one FMA finish the super-block.
        const __m128i neg_mins = _mm_sub_epi8(_mm_setzero_si128(), _mm_and_si128(_mm_srli_epi16(packed, 4), nib));
        const __m256i half = _mm256_add_epi32(_mm512_castsi512_si256(sum), _mm512_extracti64x4_epi64(sum, 1));
        const __m512i both = _mm512_inserti64x4(_mm512_castsi256_si512(half), scaled_bsums(neg_mins, x[i].bsums), 1);
        static_assert(offsetof(BlockQ2_K, dmin) == offsetof(BlockQ2_K, d) + 2, "d and dmin are read as one word");
        uint32_t d_dmin;
        std::memcpy(&d_dmin, &b.d, 4);
        const __m128 steps = _mm_mul_ps(_mm_cvtph_ps(_mm_cvtsi32_si128(static_cast<int>(d_dmin))), _mm_set1_ps(x[i].d));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(both), _mm512_permutexvar_ps(d_then_dmin, _mm512_castps128_ps512(steps)), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

// Word permutes for packed pairs of steps: packs_epi32(step a, step b)
// holds, in 128-bit lane L, four int32 sums of sub-block 4a + L then four
// of 4b + L, now as words.
LUGH_ZMM_INLINE __m512i packed_pair_lanes(int a, int b) {
    alignas(64) int16_t idx[32];
    for (int w = 0; w < 32; ++w) idx[w] = static_cast<int16_t>(4 * (w % 8 < 4 ? a : b) + w / 8);
    return _mm512_load_si512(idx);
}

// Q3_K. The 512-bit shifts and multiplies share one port on Intel, and it
// bounds this loop, so the codes are taken without per-step shifts and the
// scales cost one multiply per two steps:
// - chunks 0 and 1 of a byte are its bits 0-1 and 2-3: one AND per half
//   takes them in place, so chunk g + 1's codes come out times 4; chunks 2
//   and 3 take the same after one shift of the bytes by 4 (one per 128
//   weights). The high half of every step thus sums 4 times its value,
//   exactly, and its int32 lanes are shifted back once per super-block;
// - each step is one vpdpbusd of the codes (third bit added by a masked
//   add) against the activations; two steps' int32 lanes (each |sum| <=
//   4 * 7 * 127 * 4) pack into words, and one vpdpwssd multiplies them by
//   their sub-blocks' scales.
LUGH_ZMM float q3_k_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ3_K*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const __m512i in_place = halves_epi8(0x03, 0x0c), third_bit = halves_epi8(4, 16);
    const __m512i pair_lanes[2] = {packed_pair_lanes(0, 1), packed_pair_lanes(2, 3)};
    // Step s = 2h + g/2 reads chunks g, g + 1 of half h: their third bits
    // are bits 4h + g and 4h + g + 1 of the hmask bytes.
    __m512i high_bit[4];
    for (int s = 0; s < 4; ++s) {
        const int c = 4 * (s / 2) + 2 * (s % 2);
        high_bit[s] = halves_epi8(1 << c, 1 << (c + 1));
    }
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const BlockQ3_K& b = w[i];
        prefetch_ahead(&b, sizeof b);
        const __m128i s16 = q3_k_scales(b.scales);
        const __m512i scales = scale_words(s16);
        const __m512i hm = broadcast32(b.hmask);
        __m512i sum = _mm512_setzero_si512();
        for (int h = 0; h < 2; ++h) {
            const __m512i q = broadcast32(b.qs + 32 * h);
            __m512i step[2];
            for (int t = 0; t < 2; ++t) {
                const int s = 2 * h + t;
                const __m512i low = _mm512_and_si512(t == 0 ? q : _mm512_srli_epi16(q, 4), in_place);
                const __m512i codes = _mm512_mask_add_epi8(low, _mm512_test_epi8_mask(hm, high_bit[s]), low, third_bit);
                step[t] = _mm512_dpbusd_epi32(_mm512_setzero_si512(), codes, load64(x[i].qs + 64 * s));
            }
            const __m512i words = _mm512_packs_epi32(step[0], step[1]);
            sum = _mm512_dpwssd_epi32(sum, words, _mm512_permutexvar_epi16(pair_lanes[h], scales));
        }
        const __m256i total = _mm256_add_epi32(_mm512_castsi512_si256(sum), _mm256_srai_epi32(_mm512_extracti64x4_epi64(sum, 1), 2));
        // value = s * (u - 4).
        const __m256i zero = _mm256_slli_epi32(scaled_bsums(s16, x[i].bsums), 2);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_sub_epi32(total, zero)), _mm256_set1_ps(half_to_float(b.d) * x[i].d), acc);
    }
    return hsum(acc);
}

LUGH_ZMM float q6_k_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ6_K*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const StepLanes lanes;
    const __m512i low4 = _mm512_set1_epi8(0x0f), top2 = _mm512_set1_epi8(0x30);
    // The top 2 bits of chunks 0, 1 (bits 0-1, 2-3 of qh) go up to bits
    // 4-5 by left shifts; those of chunks 2, 3 (bits 4-5, 6-7) by right ones.
    const __m512i up = lanes_epi16(4, 4, 2, 2), down = lanes_epi16(0, 0, 2, 2);
    __m512 acc = _mm512_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const BlockQ6_K& b = w[i];
        prefetch_ahead(&b, sizeof b);
        const __m128i s8 = load16(b.scales);
        const __m512i scales = scale_words(s8);
        __m512i sum = _mm512_setzero_si512();
        for (int h = 0; h < 2; ++h) {
            // Chunk g of half h keeps its low 4 bits in ql[64h + 32(g & 1) + l]:
            // one 64-byte load serves steps 2h and 2h + 1.
            const __m512i ql = load64(b.ql + 64 * h);
            const __m512i qh = broadcast32(b.qh + 32 * h);
            const __m512i hi01 = _mm512_and_si512(_mm512_sllv_epi16(qh, up), top2);
            const __m512i hi23 = _mm512_and_si512(_mm512_srlv_epi16(qh, down), top2);
            // low4 ? ql bits : high bits (0xE4 selects A where C is set, else B).
            const __m512i c01 = _mm512_ternarylogic_epi32(ql, hi01, low4, 0xE4);
            const __m512i c23 = _mm512_ternarylogic_epi32(_mm512_srli_epi16(ql, 4), hi23, low4, 0xE4);
            sum = scaled_step(sum, c01, load64(x[i].qs + 128 * h), scales, lanes.of[2 * h]);
            sum = scaled_step(sum, c23, load64(x[i].qs + 128 * h + 64), scales, lanes.of[2 * h + 1]);
        }
        // value = s * (u - 32).
        const __m256i zero = _mm256_slli_epi32(scaled_bsums(s8, x[i].bsums), 5);
        acc = add_block(acc, sum, zero, half_to_float(b.d) * x[i].d);
    }
    return _mm512_reduce_add_ps(acc);
}

LUGH_ZMM float iq4_xs_row(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockIQ4_XS*>(wv);
    const auto* x = static_cast<const BlockQ8_K*>(xv);
    const __m512i magnitude = _mm512_broadcast_i32x4(_mm_abs_epi8(load16(quant::kIq4nlValues)));
    const __m512i low4 = _mm512_set1_epi8(0x0f), eight = _mm512_set1_epi8(8);
    // Lanes: sub-block 2p's elements 0..15 (low nibbles) and 16..31 (high),
    // then sub-block 2p + 1's: the order of 64 contiguous activations.
    const __m512i nibble_shift = lanes_epi16(0, 4, 0, 4);
    __m512i lanes[4];
    for (int p = 0; p < 4; ++p) lanes[p] = lanes_epi16(2 * p, 2 * p, 2 * p + 1, 2 * p + 1);
    __m512 acc = _mm512_setzero_ps();
    for (int64_t i = 0; i < n / quant::kSuperBlock; ++i) {
        const BlockIQ4_XS& b = w[i];
        prefetch_ahead(&b, sizeof b);
        const __m512i scales = _mm512_castsi256_si512(iq4_xs_scales(b.scales_l, b.scales_h));
        __m512i sum = _mm512_setzero_si512();
        for (int p = 0; p < 4; ++p) {
            const __m512i two = _mm512_castsi256_si512(load32(b.qs + 32 * p));
            const __m512i packed = _mm512_shuffle_i64x2(two, two, 0x50);   // 16-byte halves A A B B
            const __m512i index = _mm512_and_si512(_mm512_srlv_epi16(packed, nibble_shift), low4);
            const __m512i xs = load64(x[i].qs + 64 * p);
            const __m512i signed_x = _mm512_mask_sub_epi8(xs, _mm512_testn_epi8_mask(index, eight), _mm512_setzero_si512(), xs);
            sum = scaled_step(sum, _mm512_shuffle_epi8(magnitude, index), signed_x, scales, lanes[p]);
        }
        acc = add_block(acc, sum, _mm256_setzero_si256(), half_to_float(b.d) * x[i].d);
    }
    return _mm512_reduce_add_ps(acc);
}

}  // namespace

float dot_q2_k_zmm(int64_t n, const void* w, const void* x) { return q2_k_row(n, w, x); }
float dot_q3_k_zmm(int64_t n, const void* w, const void* x) { return q3_k_row(n, w, x); }
float dot_q6_k_zmm(int64_t n, const void* w, const void* x) { return q6_k_row(n, w, x); }
float dot_iq4_xs_zmm(int64_t n, const void* w, const void* x) { return iq4_xs_row(n, w, x); }

}  // namespace lugh::cpu::matmul
#endif
