// The quantized GEMM tile on 256-bit vectors: a weight panel's 32 rows in
// two passes of 16 (two vectors of 8 rows) by NR rows of b. The integer dot
// of 4 codes per lane is AVX-VNNI's vpdpbusd where the CPU has it;
// otherwise maddubs (unsigned x signed bytes, pairs summed into saturating
// int16) then madd by ones into int32: exact while codes stay below 128
// (|pair| <= 2 * 127 * 128); larger codes (Q8_0's shifted ones) are split
// into nibbles, each dotted on its own and the high one weighted by 16.
#if defined(__x86_64__)
#include <immintrin.h>

#include <cstring>

#include "cpu/matmul/gemm_quant_kernels.hpp"

#define LUGH_AVX2 __attribute__((target("avx2,fma,f16c")))
#define LUGH_AVXVNNI __attribute__((target("avx2,fma,f16c,avxvnni")))

namespace lugh::cpu::matmul {

namespace {

constexpr int kNR = 3;

enum class Dot { vnni, small, split };

template <Dot kDot>
struct Dot4;

template <>
struct Dot4<Dot::vnni> {
    LUGH_AVXVNNI static inline __m256i add(__m256i acc, __m256i a, __m256i b) { return _mm256_dpbusd_avx_epi32(acc, a, b); }
};

template <>
struct Dot4<Dot::small> {
    LUGH_AVX2 static inline __m256i add(__m256i acc, __m256i a, __m256i b) {
        const __m256i pairs = _mm256_maddubs_epi16(a, b);
        return _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
    }
};

template <>
struct Dot4<Dot::split> {
    LUGH_AVX2 static inline __m256i add(__m256i acc, __m256i a, __m256i b) {
        const __m256i nib = _mm256_set1_epi8(0x0f);
        const __m256i lo = _mm256_and_si256(a, nib), hi = _mm256_and_si256(_mm256_srli_epi16(a, 4), nib);
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(lo, b), _mm256_set1_epi16(1)));
        return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(hi, b), _mm256_set1_epi16(16)));
    }
};

LUGH_AVX2 inline __m256i broadcast4(const uint8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

// Rows 16h .. 16h+15 of the panel.
template <int G, bool MIN, Dot kDot>
LUGH_AVX2 __attribute__((always_inline)) inline void half_tile(const uint8_t* w, const uint8_t* x, int64_t groups,
                                                               float* dst, size_t ldd, int mv, int nv, int h) {
    constexpr int NR = kNR, S = G / 4;
    const QuantScheme q{G, MIN, 0, false};
    const size_t wgb = weight_group_bytes(q), xgb = act_group_bytes(q, NR);
    __m256 f0[NR], f1[NR];
#pragma GCC unroll 8
    for (int j = 0; j < NR; ++j) f0[j] = f1[j] = _mm256_setzero_ps();
    w += 64 * h;
    for (int64_t g = 0; g < groups; ++g) {
        const auto* dx = reinterpret_cast<const float*>(x + G * NR);
        const auto* side = dx + NR;
        __m256i i0[NR], i1[NR];
#pragma GCC unroll 8
        for (int j = 0; j < NR; ++j) {
            if constexpr (MIN) i0[j] = i1[j] = _mm256_setzero_si256();
            else i0[j] = i1[j] = _mm256_set1_epi32(reinterpret_cast<const int32_t*>(side)[j]);
        }
#pragma GCC unroll 8
        for (int s = 0; s < S; ++s) {
            const __m256i a0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(w + s * 128));
            const __m256i a1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(w + s * 128 + 32));
#pragma GCC unroll 8
            for (int j = 0; j < NR; ++j) {
                const __m256i b = broadcast4(x + (s * NR + j) * 4);
                i0[j] = Dot4<kDot>::add(i0[j], a0, b);
                i1[j] = Dot4<kDot>::add(i1[j], a1, b);
            }
        }
        const float* ws = reinterpret_cast<const float*>(w + G * kPanelRows - 64 * h) + 16 * h;
        const __m256 ws0 = _mm256_load_ps(ws), ws1 = _mm256_load_ps(ws + 8);
#pragma GCC unroll 8
        for (int j = 0; j < NR; ++j) {
            const __m256 d = _mm256_set1_ps(dx[j]);
            f0[j] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i0[j]), _mm256_mul_ps(ws0, d), f0[j]);
            f1[j] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i1[j]), _mm256_mul_ps(ws1, d), f1[j]);
        }
        if constexpr (MIN) {
            const __m256 wb0 = _mm256_load_ps(ws + kPanelRows), wb1 = _mm256_load_ps(ws + kPanelRows + 8);
#pragma GCC unroll 8
            for (int j = 0; j < NR; ++j) {
                const __m256 sx = _mm256_set1_ps(side[j]);
                f0[j] = _mm256_fmadd_ps(wb0, sx, f0[j]);
                f1[j] = _mm256_fmadd_ps(wb1, sx, f1[j]);
            }
        }
        w += wgb;
        x += xgb;
    }
    // Lanes m0 .. m0+15 of the tile; store the valid ones.
    const int m0 = 16 * h;
    alignas(32) float lanes[16];
#pragma GCC unroll 8
    for (int j = 0; j < NR; ++j) {
        if (j >= nv) break;
        _mm256_store_ps(lanes, f0[j]);
        _mm256_store_ps(lanes + 8, f1[j]);
        for (int m = 0; m < 16 && m0 + m < mv; ++m) dst[j * ldd + m0 + m] = lanes[m];
    }
}

template <int G, bool MIN, Dot kDot>
LUGH_AVX2 void tile_avx2(const uint8_t* w, const uint8_t* x, int64_t groups, float* dst, size_t ldd, int mv, int nv) {
    half_tile<G, MIN, kDot>(w, x, groups, dst, ldd, mv, nv, 0);
    if (mv > 16) half_tile<G, MIN, kDot>(w, x, groups, dst, ldd, mv, nv, 1);
}

template <int G, bool MIN>
LUGH_AVXVNNI void tile_avxvnni(const uint8_t* w, const uint8_t* x, int64_t groups, float* dst, size_t ldd, int mv,
                               int nv) {
    half_tile<G, MIN, Dot::vnni>(w, x, groups, dst, ldd, mv, nv, 0);
    if (mv > 16) half_tile<G, MIN, Dot::vnni>(w, x, groups, dst, ldd, mv, nv, 1);
}

template <int G, bool MIN>
void set_maddubs(QuantGemmKernels& k) {
    k.tile[G == 16][MIN][0] = tile_avx2<G, MIN, Dot::split>;
    k.tile[G == 16][MIN][1] = tile_avx2<G, MIN, Dot::small>;
}

}  // namespace

QuantGemmKernels avx2_quant_gemm_kernels(bool vnni) {
    QuantGemmKernels k{"avx2", kNR, {}};
    if (vnni) {
        k.name = "avxvnni";
        k.set<32, false>(tile_avxvnni<32, false>);
        k.set<32, true>(tile_avxvnni<32, true>);
        k.set<16, false>(tile_avxvnni<16, false>);
        k.set<16, true>(tile_avxvnni<16, true>);
        return k;
    }
    set_maddubs<32, false>(k);
    set_maddubs<32, true>(k);
    set_maddubs<16, false>(k);
    set_maddubs<16, true>(k);
    return k;
}

}  // namespace lugh::cpu::matmul
#endif
