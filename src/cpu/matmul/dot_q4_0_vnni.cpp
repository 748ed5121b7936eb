// Q4_0 weight rows against a prepared activation row with AVX512-VNNI on
// 256-bit vectors: the kernel behind Q4_0 matrix-vector products.
//
// Eight blocks (256 weights) per step. Each pair of blocks costs a 32-byte
// load of their nibbles (two 16-byte loads), a shift and two ANDs to split
// low and high nibbles, two vpdpbusd (unsigned codes times signed
// activations) started from the prepared offset corrections, one convert,
// one permute to spread the pair's two scales over its lanes and one FMA.
// The 8 weight scales of a step are gathered as bits in two registers,
// converted by one instruction and multiplied by the activation scales
// once. The activation side needs no shuffles: ActivationGroup is laid out
// for these lanes.
//
// Measured on Zen 4 (bench/dot_bench.cpp): the loop is bound by how many
// instructions it issues, not by one unit, so the design counts
// instructions. Tried and not faster: a 512-bit form (two pairs per
// register, nibbles gathered by vpermt2b; half the instructions, but Zen 4
// splits 512-bit operations in two: from 7% slower to 6% faster). Slower:
// gathering the scales with word permutes (vpermt2w is slow there), and
// reducing 4 pairs to 8 block sums with horizontal adds before converting.
#if defined(__x86_64__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "cpu/matmul/dot.hpp"
#include "quant/blocks.hpp"

#define LUGH_VNNI __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))
#define LUGH_VNNI_INLINE LUGH_VNNI __attribute__((always_inline)) inline

namespace lugh::cpu::matmul {

namespace {

using quant::BlockQ4_0;
using quant::kBlock;

// The two blocks' 4-bit codes as 32 bytes: block 0's 16 bytes, then block 1's.
LUGH_VNNI_INLINE __m256i load_nibbles(const BlockQ4_0* w) {
    const __m128i q0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w[0].qs));
    return _mm256_inserti128_si256(_mm256_castsi128_si256(q0), _mm_loadu_si128(reinterpret_cast<const __m128i*>(w[1].qs)), 1);
}

// A pair's integer dot from its offset corrections: lanes 0..3 hold partial
// sums of block 0, 4..7 of block 1; as floats.
LUGH_VNNI_INLINE __m256 pair_dot(const BlockQ4_0* w, const int8_t* codes, const int32_t* offset) {
    const __m256i mask = _mm256_set1_epi8(0x0f);
    const __m256i nibbles = load_nibbles(w);
    const __m256i low = _mm256_and_si256(nibbles, mask);
    const __m256i high = _mm256_and_si256(_mm256_srli_epi16(nibbles, 4), mask);
    __m256i p = _mm256_load_si256(reinterpret_cast<const __m256i*>(offset));
    p = _mm256_dpbusd_epi32(p, low, _mm256_load_si256(reinterpret_cast<const __m256i*>(codes)));
    p = _mm256_dpbusd_epi32(p, high, _mm256_load_si256(reinterpret_cast<const __m256i*>(codes + 32)));
    return _mm256_cvtepi32_ps(p);
}

// The fp16 bits of blocks i .. i+3 packed low to high.
LUGH_VNNI_INLINE long long scale_bits(const BlockQ4_0* w) {
    return static_cast<long long>(uint64_t(w[0].d) | uint64_t(w[1].d) << 16 | uint64_t(w[2].d) << 32 |
                                  uint64_t(w[3].d) << 48);
}

// The 8 blocks' weight scales times their activation scales (xs).
LUGH_VNNI_INLINE __m256 group_scales(const BlockQ4_0* w, const float* xs) {
    const __m128i bits = _mm_insert_epi64(_mm_cvtsi64_si128(scale_bits(w)), scale_bits(w + 4), 1);
    return _mm256_mul_ps(_mm256_cvtph_ps(bits), _mm256_loadu_ps(xs));
}

// Scale i in lanes 0..3 and scale i+1 in lanes 4..7.
LUGH_VNNI_INLINE __m256 spread(__m256 scales, int i) {
    return _mm256_permutevar8x32_ps(scales, _mm256_set_epi32(i + 1, i + 1, i + 1, i + 1, i, i, i, i));
}

// Eight blocks, pair j into acc[j].
LUGH_VNNI_INLINE void group_step(const BlockQ4_0* w, const ActivationGroup& a, const float* xs, __m256 (&acc)[4]) {
    const __m256 s = group_scales(w, xs);
    for (int j = 0; j < 4; ++j)
        acc[j] = _mm256_fmadd_ps(pair_dot(w + 2 * j, a.codes[j], a.offset[j]), spread(s, 2 * j), acc[j]);
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
LUGH_VNNI_INLINE float q4_row(int64_t n, const BlockQ4_0* w, const ActivationRow& x) {
    const int64_t nb = n / kBlock, full = nb / 8;
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int64_t g = 0; g < full; ++g) group_step(w + 8 * g, x.groups[g], x.scale + 8 * g, acc);
    if (const int64_t rest = nb - 8 * full; rest > 0) {
        BlockQ4_0 tail[8] = {};
        float xs[8] = {};
        __builtin_memcpy(tail, w + 8 * full, static_cast<size_t>(rest) * sizeof(BlockQ4_0));
        __builtin_memcpy(xs, x.scale + 8 * full, static_cast<size_t>(rest) * sizeof(float));
        group_step(tail, x.groups[full], xs, acc);
    }
    return hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
}

}  // namespace

LUGH_VNNI float dot_q4_0_vnni(int64_t n, const void* w, const void* x) {
    return q4_row(n, static_cast<const BlockQ4_0*>(w), activation_row(x, n));
}

}  // namespace lugh::cpu::matmul
#endif
