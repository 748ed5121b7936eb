// Row dots of the 32-element types (Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL, Q8_0)
// with AVX512-VNNI on 256-bit vectors against a grouped activation row: the
// kernels behind their matrix-vector products.
//
// Eight blocks (256 weights) per step. Each pair of blocks costs a 32-byte
// load of their nibbles (two 16-byte loads), a shift and two ANDs to split
// low and high nibbles (Q5: the fifth bits placed by two masked adds;
// IQ4_NL: the nibbles mapped to their levels + 128 by one byte shuffle
// each; Q8_0: two 32-byte halves made unsigned by flipping the sign bit),
// two vpdpbusd (unsigned codes times signed activations) started
// from the prepared zero-point corrections, one convert, one permute to
// spread the pair's two scales over its lanes and one FMA. The 8 weight
// scales of a step are gathered as bits in two registers, converted by one
// instruction and multiplied by the activation scales once; the minima of
// Q4_1 / Q5_1 likewise, against the activation's d * sum per block, in one
// more FMA per step. The activation side needs no shuffles:
// ActivationGroup is laid out for these lanes.
//
// Measured on Zen 4 for Q4_0 (bench/dot_bench.cpp): the loop is bound by
// how many instructions it issues, not by one unit, so the design counts
// instructions. Tried and not faster there: a 512-bit form (two pairs per
// register, nibbles gathered by vpermt2b; half the instructions, but Zen 4
// splits 512-bit operations in two: from 7% slower to 6% faster). Slower:
// gathering the scales with word permutes (vpermt2w is slow there), and
// reducing 4 pairs to 8 block sums with horizontal adds before converting.
#if defined(__x86_64__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <cstring>
#include <type_traits>

#include "cpu/matmul/dot.hpp"
#include "quant/blocks.hpp"

#define LUGH_VNNI __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))
#define LUGH_VNNI_INLINE LUGH_VNNI __attribute__((always_inline)) inline

namespace lugh::cpu::matmul {

namespace {

using namespace lugh::quant;

template <class B>
constexpr bool kHasMin = std::is_same_v<B, BlockQ4_1> || std::is_same_v<B, BlockQ5_1>;
template <class B>
constexpr bool kHasFifth = std::is_same_v<B, BlockQ5_0> || std::is_same_v<B, BlockQ5_1>;

// 16 bytes at a, then 16 at b.
LUGH_VNNI_INLINE __m256i two_halves(const void* a, const void* b) {
    return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(static_cast<const __m128i*>(a))),
                                   _mm_loadu_si128(static_cast<const __m128i*>(b)), 1);
}

// The two blocks' 4-bit codes as 32 bytes: block 0's 16 bytes, then block 1's.
template <class B>
LUGH_VNNI_INLINE __m256i load_nibbles(const B* w) { return two_halves(w[0].qs, w[1].qs); }

LUGH_VNNI_INLINE uint32_t fifth_bits(const uint8_t* qh) {
    uint32_t v;
    std::memcpy(&v, qh, 4);
    return v;
}

// The pair's codes meeting the low (elements 0..15 of each block) and high
// (16..31) activation halves, as unsigned bytes.
template <class B>
LUGH_VNNI_INLINE void pair_codes(const B* w, __m256i* low, __m256i* high) {
    if constexpr (std::is_same_v<B, BlockQ8_0>) {   // q + 128: flip the sign bit
        const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
        *low = _mm256_xor_si256(two_halves(w[0].qs, w[1].qs), flip);
        *high = _mm256_xor_si256(two_halves(w[0].qs + 16, w[1].qs + 16), flip);
        return;
    }
    const __m256i mask = _mm256_set1_epi8(0x0f);
    const __m256i nibbles = load_nibbles(w);
    *low = _mm256_and_si256(nibbles, mask);
    *high = _mm256_and_si256(_mm256_srli_epi16(nibbles, 4), mask);
    if constexpr (kHasFifth<B>) {
        // Element j's fifth bit is bit j of the block's qh: bits 0..15 go
        // with the low nibbles, 16..31 with the high ones.
        const uint32_t h0 = fifth_bits(w[0].qh), h1 = fifth_bits(w[1].qh);
        const __m256i sixteen = _mm256_set1_epi8(16);
        *low = _mm256_mask_add_epi8(*low, (h0 & 0xffffu) | (h1 << 16), *low, sixteen);
        *high = _mm256_mask_add_epi8(*high, (h0 >> 16) | (h1 & 0xffff0000u), *high, sixteen);
    }
    if constexpr (std::is_same_v<B, BlockIQ4_NL>) {
        const __m128i t = _mm_add_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(kIq4nlValues)),
                                       _mm_set1_epi8(static_cast<char>(0x80)));   // levels + 128
        const __m256i table = _mm256_set_m128i(t, t);
        *low = _mm256_shuffle_epi8(table, *low);
        *high = _mm256_shuffle_epi8(table, *high);
    }
}

// A pair's integer dot from its zero-point corrections: lanes 0..3 hold
// partial sums of block 0, 4..7 of block 1; as floats.
template <class B>
LUGH_VNNI_INLINE __m256 pair_dot(const B* w, const int8_t* codes, const int32_t* offset) {
    __m256i low, high;
    pair_codes(w, &low, &high);
    __m256i p = _mm256_load_si256(reinterpret_cast<const __m256i*>(offset));
    p = _mm256_dpbusd_epi32(p, low, _mm256_load_si256(reinterpret_cast<const __m256i*>(codes)));
    p = _mm256_dpbusd_epi32(p, high, _mm256_load_si256(reinterpret_cast<const __m256i*>(codes + 32)));
    return _mm256_cvtepi32_ps(p);
}

// The fp16 field at byte `offset` of blocks i .. i+3, packed low to high.
template <class B>
LUGH_VNNI_INLINE long long half_bits(const B* w, size_t offset) {
    auto field = [&](int i) {
        uint16_t h;
        std::memcpy(&h, reinterpret_cast<const char*>(w + i) + offset, 2);
        return uint64_t(h);
    };
    return static_cast<long long>(field(0) | field(1) << 16 | field(2) << 32 | field(3) << 48);
}

// The 8 blocks' fp16 field at byte `offset` as floats.
template <class B>
LUGH_VNNI_INLINE __m256 eight_halves(const B* w, size_t offset) {
    return _mm256_cvtph_ps(_mm_insert_epi64(_mm_cvtsi64_si128(half_bits(w, offset)), half_bits(w + 4, offset), 1));
}

// Scale i in lanes 0..3 and scale i+1 in lanes 4..7.
LUGH_VNNI_INLINE __m256 spread(__m256 scales, int i) {
    return _mm256_permutevar8x32_ps(scales, _mm256_set_epi32(i + 1, i + 1, i + 1, i + 1, i, i, i, i));
}

// Eight blocks, pair j into acc[j]; the minima into acc_min.
template <class B>
LUGH_VNNI_INLINE void group_step(const B* w, const ActivationGroup& a, const float* xs, const float* sum_dx,
                                 __m256 (&acc)[4], __m256& acc_min) {
    const __m256 s = _mm256_mul_ps(eight_halves(w, 0), _mm256_loadu_ps(xs));   // d is every block's first field
    for (int j = 0; j < 4; ++j)
        acc[j] = _mm256_fmadd_ps(pair_dot(w + 2 * j, a.codes[j], a.offset[j]), spread(s, 2 * j), acc[j]);
    if constexpr (kHasMin<B>) acc_min = _mm256_fmadd_ps(eight_halves(w, 2), _mm256_loadu_ps(sum_dx), acc_min);
}

LUGH_VNNI_INLINE float hsum(__m256 v) {
    const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(t, _mm_movehdup_ps(t)));
}

// One row, 8 blocks per step; a last partial group runs on zero-padded
// copies of its blocks and activation scales (zero scales add exactly
// nothing). The order depends only on n, so a row's result never depends on
// its neighbours.
template <class B>
LUGH_VNNI_INLINE float row(int64_t n, const B* w, const ActivationRow& x) {
    const int64_t nb = n / kBlock, full = nb / 8;
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    __m256 acc_min = _mm256_setzero_ps();
    for (int64_t g = 0; g < full; ++g) {
        // 2 KiB ahead: streaming from memory on a busy machine the hardware
        // prefetchers fall behind.
        const char* ahead = reinterpret_cast<const char*>(w + 8 * g) + 2048;
        for (size_t off = 0; off < 8 * sizeof(B); off += 64) _mm_prefetch(ahead + off, _MM_HINT_T0);
        group_step(w + 8 * g, x.groups[g], x.scale + 8 * g, x.sum_dx + 8 * g, acc, acc_min);
    }
    if (const int64_t rest = nb - 8 * full; rest > 0) {
        B tail[8] = {};
        float xs[8] = {}, sums[8] = {};
        __builtin_memcpy(tail, w + 8 * full, static_cast<size_t>(rest) * sizeof(B));
        __builtin_memcpy(xs, x.scale + 8 * full, static_cast<size_t>(rest) * sizeof(float));
        __builtin_memcpy(sums, x.sum_dx + 8 * full, static_cast<size_t>(rest) * sizeof(float));
        group_step(tail, x.groups[full], xs, sums, acc, acc_min);
    }
    return hsum(_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])), acc_min));
}

template <class B>
LUGH_VNNI float dot(int64_t n, const void* w, const void* x) {
    return row(n, static_cast<const B*>(w), activation_row(x, n));
}

}  // namespace

float dot_q4_0_vnni(int64_t n, const void* w, const void* x) { return dot<BlockQ4_0>(n, w, x); }
float dot_q4_1_vnni(int64_t n, const void* w, const void* x) { return dot<BlockQ4_1>(n, w, x); }
float dot_q5_0_vnni(int64_t n, const void* w, const void* x) { return dot<BlockQ5_0>(n, w, x); }
float dot_q5_1_vnni(int64_t n, const void* w, const void* x) { return dot<BlockQ5_1>(n, w, x); }
float dot_iq4_nl_vnni(int64_t n, const void* w, const void* x) { return dot<BlockIQ4_NL>(n, w, x); }
float dot_q8_0_vnni(int64_t n, const void* w, const void* x) { return dot<BlockQ8_0>(n, w, x); }

}  // namespace lugh::cpu::matmul
#endif
