// The quantized GEMM tile on AVX512-VNNI: 32 rows of a (two vectors of 16
// rows) by NR rows of b. Per 4 values of k, two 64-byte loads of weight
// codes and NR broadcasts of 4 activation codes feed 2 x NR vpdpbusd, each
// adding 4 products into every row's int32 lane; after a group (8 or 4 such
// steps) each of the 2 x NR integer sums is converted and multiplied into
// its float accumulator by (weight scales x activation scale). The 2 x NR
// integer and 2 x NR float accumulators stay in registers (NR = 6: 24 of the
// 32 zmm).
#if defined(__x86_64__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <cstring>

#include "cpu/matmul/gemm_quant_kernels.hpp"

#define LUGH_VNNI512 __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq,avx512vnni")))

namespace lugh::cpu::matmul {

namespace {

constexpr int kNR = 6;

LUGH_VNNI512 inline __m512i broadcast4(const uint8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

template <int G, bool MIN>
LUGH_VNNI512 void tile_vnni512(const uint8_t* w, const uint8_t* x, int64_t groups, float* dst, size_t ldd, int mv,
                               int nv) {
    constexpr int NR = kNR, S = G / 4;
    const QuantScheme q{G, MIN, 0, false};
    const size_t wgb = weight_group_bytes(q), xgb = act_group_bytes(q, NR);
    __m512 f0[NR], f1[NR];
#pragma GCC unroll 8
    for (int j = 0; j < NR; ++j) f0[j] = f1[j] = _mm512_setzero_ps();
    for (int64_t g = 0; g < groups; ++g) {
        const auto* dx = reinterpret_cast<const float*>(x + G * NR);
        const auto* side = dx + NR;
        __m512i i0[NR], i1[NR];
#pragma GCC unroll 8
        for (int j = 0; j < NR; ++j) {
            if constexpr (MIN) {
                i0[j] = i1[j] = _mm512_setzero_si512();
            } else {
                i0[j] = i1[j] = _mm512_set1_epi32(reinterpret_cast<const int32_t*>(side)[j]);
            }
        }
#pragma GCC unroll 8
        for (int s = 0; s < S; ++s) {
            const __m512i a0 = _mm512_load_si512(w + s * 128);
            const __m512i a1 = _mm512_load_si512(w + s * 128 + 64);
#pragma GCC unroll 8
            for (int j = 0; j < NR; ++j) {
                const __m512i b = broadcast4(x + (s * NR + j) * 4);
                i0[j] = _mm512_dpbusd_epi32(i0[j], a0, b);
                i1[j] = _mm512_dpbusd_epi32(i1[j], a1, b);
            }
        }
        const __m512 ws0 = _mm512_load_ps(w + G * kPanelRows);
        const __m512 ws1 = _mm512_load_ps(w + G * kPanelRows + 64);
#pragma GCC unroll 8
        for (int j = 0; j < NR; ++j) {
            const __m512 d = _mm512_set1_ps(dx[j]);
            f0[j] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i0[j]), _mm512_mul_ps(ws0, d), f0[j]);
            f1[j] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i1[j]), _mm512_mul_ps(ws1, d), f1[j]);
        }
        if constexpr (MIN) {
            const __m512 wb0 = _mm512_load_ps(w + G * kPanelRows + 128);
            const __m512 wb1 = _mm512_load_ps(w + G * kPanelRows + 192);
#pragma GCC unroll 8
            for (int j = 0; j < NR; ++j) {
                const __m512 sx = _mm512_set1_ps(side[j]);
                f0[j] = _mm512_fmadd_ps(wb0, sx, f0[j]);
                f1[j] = _mm512_fmadd_ps(wb1, sx, f1[j]);
            }
        }
        w += wgb;
        x += xgb;
    }
    const __mmask16 k0 = mv >= 16 ? 0xffff : static_cast<__mmask16>((1u << mv) - 1u);
    const __mmask16 k1 = mv >= 32 ? 0xffff : mv <= 16 ? 0 : static_cast<__mmask16>((1u << (mv - 16)) - 1u);
#pragma GCC unroll 8
    for (int j = 0; j < NR; ++j) {   // a fixed loop, so the accumulators never need an address
        if (j >= nv) break;
        _mm512_mask_storeu_ps(dst + j * ldd, k0, f0[j]);
        _mm512_mask_storeu_ps(dst + j * ldd + 16, k1, f1[j]);
    }
}

}  // namespace

QuantGemmKernels avx512_quant_gemm_kernels() {
    QuantGemmKernels k{"avx512vnni", kNR, {}};
    k.set<32, false>(tile_vnni512<32, false>);
    k.set<32, true>(tile_vnni512<32, true>);
    k.set<16, false>(tile_vnni512<16, false>);
    k.set<16, true>(tile_vnni512<16, true>);
    return k;
}

}  // namespace lugh::cpu::matmul
#endif
