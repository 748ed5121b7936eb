// Blocked, packed GEMM (see gemm.hpp), compiled per Highway target.
//
// Loop nest per thread, over the thread's share [m0, m1) x [n0, n1):
//   for each n block (NC columns of the result):
//     for each K block (KC):           pack b's block: panels of NR, [k][NR]
//       for each m block (MC):         pack a's block: panels of MR, [k][MR]
//         for each NR panel of b:      (stays in L1)
//           for each MR panel of a:    (streams from L2)
//             micro-kernel: an MR x NR tile of dst, in registers, over KC.
// The tile accumulates in registers: starting from zero on the first K block
// and from dst on later ones, so each element's sum runs over k in order.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/gemm.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <algorithm>
#include <cstring>

#include "core/fp16.hpp"
#include "cpu/simd/convert-inl.h"
#include "cpu/simd/dot.hpp"
#include "cpu/simd/gemm.hpp"
#include "cpu/simd/pack_buffer.hpp"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<float>;

// Register tile: MR = two vectors of m, NR broadcast values of n. 2*NR
// accumulators plus two a vectors must fit the register file.
#if HWY_TARGET == HWY_AVX3
constexpr size_t kNR = 12;  // 24 of 32 zmm accumulate
#elif HWY_TARGET == HWY_SCALAR
constexpr size_t kNR = 4;
#else
constexpr size_t kNR = 6;  // 12 of 16 registers accumulate
#endif
constexpr size_t kKC = 256;   // K block: a's and b's panels of KC rows
constexpr size_t kMCPanels = 8;  // m block = 8 panels of MR
constexpr size_t kNC = 3072;  // n block: b's packed block stays in L2/L3

HWY_INLINE size_t mr_of(DF d) { return 2 * hn::Lanes(d); }

// tile[j*ldc + i] (+)= sum over k of pa[k*MR + i] * pb[k*NR + j].
HWY_INLINE void micro_kernel(size_t kc, const float* HWY_RESTRICT pa, const float* HWY_RESTRICT pb, float* c,
                             size_t ldc, bool accumulate) {
    const DF d;
    const size_t N = hn::Lanes(d);
    using V = hn::VFromD<DF>;
    V c0[kNR], c1[kNR];
    if (accumulate) {
#pragma GCC unroll 16
        for (size_t j = 0; j < kNR; ++j) {
            c0[j] = hn::LoadU(d, c + j * ldc);
            c1[j] = hn::LoadU(d, c + j * ldc + N);
        }
    } else {
#pragma GCC unroll 16
        for (size_t j = 0; j < kNR; ++j) c0[j] = c1[j] = hn::Zero(d);
    }
    for (size_t k = 0; k < kc; ++k) {
        const V a0 = hn::Load(d, pa);
        const V a1 = hn::Load(d, pa + N);
#pragma GCC unroll 16
        for (size_t j = 0; j < kNR; ++j) {
            const V bj = hn::Set(d, pb[j]);
            c0[j] = hn::MulAdd(a0, bj, c0[j]);
            c1[j] = hn::MulAdd(a1, bj, c1[j]);
        }
        pa += 2 * N;
        pb += kNR;
    }
#pragma GCC unroll 16
    for (size_t j = 0; j < kNR; ++j) {
        hn::StoreU(c0[j], d, c + j * ldc);
        hn::StoreU(c1[j], d, c + j * ldc + N);
    }
}

// One row segment of a (kc values from k0) as floats into `out`.
HWY_INLINE void row_segment(const float* row, size_t kc, float* out) { std::memcpy(out, row, kc * sizeof(float)); }
HWY_INLINE void row_segment(const uint16_t* row, size_t kc, float* out) {
    const DF d;
    const size_t N = hn::Lanes(d);
    size_t k = 0;
    for (; k + N <= kc; k += N) hn::Store(load_f16(d, row + k), d, out + k);
    for (; k < kc; ++k) out[k] = core::fp16_to_fp32(row[k]);
}

// Pack rows [r0, r0 + rows) x columns [k0, k0 + kc) of a row-major matrix into
// panels of `width` rows, each stored k-major ([k][width]); rows past `limit`
// are zero so edge tiles need no special kernel.
template <typename T>
HWY_INLINE void pack_panels(const T* src, size_t ld, size_t r0, size_t rows, size_t limit, size_t k0, size_t kc,
                            size_t width, float* out, float* scratch) {
    for (size_t p = 0; p < rows; p += width) {
        float* panel = out + p * kc;
        for (size_t i = 0; i < width; ++i) {
            const size_t r = r0 + p + i;
            if (r < limit) {
                row_segment(src + r * ld + k0, kc, scratch);
                for (size_t k = 0; k < kc; ++k) panel[k * width + i] = scratch[k];
            } else {
                for (size_t k = 0; k < kc; ++k) panel[k * width + i] = 0.0f;
            }
        }
    }
}

inline size_t round_up(size_t x, size_t to) { return (x + to - 1) / to * to; }

template <typename TA>
void gemm_impl(size_t M, size_t N, size_t K, const TA* a, size_t lda, const float* b, size_t ldb, float* dst,
               size_t ldd, int ith, int nth) {
    const DF d;
    const size_t MR = mr_of(d);
    const size_t NR = kNR;
    if (M == 0 || N == 0) return;

    // The thread's share: whole tiles of the larger dimension, so the operand
    // packed twice (by every thread) is the smaller one.
    size_t m0 = 0, m1 = M, n0 = 0, n1 = N;
    const size_t parts = static_cast<size_t>(nth), part = static_cast<size_t>(ith);
    if (N >= M) {
        const size_t tiles = (N + NR - 1) / NR;
        n0 = std::min(N, tiles * part / parts * NR);
        n1 = std::min(N, tiles * (part + 1) / parts * NR);
    } else {
        const size_t tiles = (M + MR - 1) / MR;
        m0 = std::min(M, tiles * part / parts * MR);
        m1 = std::min(M, tiles * (part + 1) / parts * MR);
    }
    if (m0 >= m1 || n0 >= n1) return;

    if (K == 0) {
        for (size_t n = n0; n < n1; ++n) std::fill(dst + n * ldd + m0, dst + n * ldd + m1, 0.0f);
        return;
    }

    const size_t MC = kMCPanels * MR;
    const size_t nc_max = std::min(kNC, round_up(n1 - n0, NR));
    PackBuffers& buf = thread_pack_buffers(MC * kKC + nc_max * kKC + kKC + NR * MR);
    float* pa = buf.data();
    float* pb = pa + MC * kKC;
    float* scratch = pb + nc_max * kKC;  // one converted row segment
    float* edge = scratch + kKC;         // one MR x NR tile for the edges

    for (size_t jc = n0; jc < n1; jc += kNC) {
        const size_t nc = std::min(kNC, n1 - jc);
        for (size_t pc = 0; pc < K; pc += kKC) {
            const size_t kc = std::min(kKC, K - pc);
            const bool accumulate = pc > 0;
            pack_panels(b, ldb, jc, round_up(nc, NR), n1, pc, kc, NR, pb, scratch);
            for (size_t ic = m0; ic < m1; ic += MC) {
                const size_t mc = std::min(MC, m1 - ic);
                pack_panels(a, lda, ic, round_up(mc, MR), m1, pc, kc, MR, pa, scratch);
                for (size_t jr = 0; jr < nc; jr += NR) {
                    const size_t nr = std::min(NR, nc - jr);
                    for (size_t ir = 0; ir < mc; ir += MR) {
                        const size_t mr = std::min(MR, mc - ir);
                        float* c = dst + (jc + jr) * ldd + ic + ir;
                        const float* panel_a = pa + ir * kc;
                        const float* panel_b = pb + jr * kc;
                        if (mr == MR && nr == NR) {
                            micro_kernel(kc, panel_a, panel_b, c, ldd, accumulate);
                            continue;
                        }
                        // Edge tile: run the full kernel on a copy, keep the valid part.
                        if (accumulate)
                            for (size_t j = 0; j < nr; ++j) std::memcpy(edge + j * MR, c + j * ldd, mr * sizeof(float));
                        micro_kernel(kc, panel_a, panel_b, edge, MR, accumulate);
                        for (size_t j = 0; j < nr; ++j) std::memcpy(c + j * ldd, edge + j * MR, mr * sizeof(float));
                    }
                }
            }
        }
    }
}

void gemm_f32_impl(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb,
                   float* dst, size_t ldd, int ith, int nth) {
    gemm_impl(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth);
}

void gemm_f16_f32_impl(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                       float* dst, size_t ldd, int ith, int nth) {
    gemm_impl(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth);
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {


void gemm_f32(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb, float* dst,
              size_t ldd, int ith, int nth) {
    LUGH_SIMD_DISPATCH(gemm_f32_impl)(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth);
}

void gemm_f16_f32(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                  float* dst, size_t ldd, int ith, int nth) {
    LUGH_SIMD_DISPATCH(gemm_f16_f32_impl)(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth);
}

}  // namespace lugh::cpu::simd
#endif
