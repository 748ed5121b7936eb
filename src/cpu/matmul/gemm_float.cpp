// The blocked, packed GEMM of float weights (see gemm_float.hpp), compiled
// per Highway target, and the choice between it and the narrow kernel.
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
#define HWY_TARGET_INCLUDE "cpu/matmul/gemm_float.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <algorithm>
#include <cstring>

#include "cpu/matmul/gemm_float.hpp"
#include "cpu/matmul/gemm_float-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::matmul {
namespace HWY_NAMESPACE {

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

// Rows i..i+3 of a 4-row group transposed into 4 consecutive floats of each
// k row of the panel ([k][width]); 128-bit shuffles where the target has them.
HWY_INLINE void transpose_4_rows(const float* const* rows, size_t kc, float* panel, size_t width) {
    size_t k = 0;
#if HWY_TARGET != HWY_SCALAR
    const hn::Full128<float> d4;
    for (; k + 4 <= kc; k += 4) {
        const auto r0 = hn::LoadU(d4, rows[0] + k), r1 = hn::LoadU(d4, rows[1] + k);
        const auto r2 = hn::LoadU(d4, rows[2] + k), r3 = hn::LoadU(d4, rows[3] + k);
        const auto t0 = hn::InterleaveLower(d4, r0, r1), t1 = hn::InterleaveLower(d4, r2, r3);
        const auto t2 = hn::InterleaveUpper(d4, r0, r1), t3 = hn::InterleaveUpper(d4, r2, r3);
        hn::StoreU(hn::ConcatLowerLower(d4, t1, t0), d4, panel + (k + 0) * width);
        hn::StoreU(hn::ConcatUpperUpper(d4, t1, t0), d4, panel + (k + 1) * width);
        hn::StoreU(hn::ConcatLowerLower(d4, t3, t2), d4, panel + (k + 2) * width);
        hn::StoreU(hn::ConcatUpperUpper(d4, t3, t2), d4, panel + (k + 3) * width);
    }
#endif
    for (; k < kc; ++k)
        for (size_t i = 0; i < 4; ++i) panel[k * width + i] = rows[i][k];
}

// Pack rows [r0, r0 + rows) x columns [k0, k0 + kc) of a row-major matrix into
// panels of `width` rows, each stored k-major ([k][width]); rows past `limit`
// read as zero so edge tiles need no special kernel. `zeros` holds kc zeros;
// `staging` has room for 4 rows of kc floats (F16 rows are widened there,
// and F32 rows flagged in `round_rows` are rounded through F16 there).
template <typename T>
HWY_INLINE void pack_panels(const T* src, size_t ld, size_t r0, size_t rows, size_t limit, size_t k0, size_t kc,
                            size_t width, float* out, const float* zeros, float* staging,
                            const uint8_t* round_rows = nullptr) {
    auto row_floats = [&](size_t r, size_t slot) -> const float* {
        if (r >= limit) return zeros;
        return row_as_floats(src + r * ld + k0, kc, round_rows && round_rows[r], staging + slot * kc);
    };
    for (size_t p = 0; p < rows; p += width) {
        float* panel = out + p * kc;
        size_t i = 0;
        for (; i + 4 <= width; i += 4) {
            const float* group[4];
            for (size_t g = 0; g < 4; ++g) group[g] = row_floats(r0 + p + i + g, g);
            transpose_4_rows(group, kc, panel + i, width);
        }
        for (; i < width; ++i) {  // widths that are not a multiple of 4 (NR = 6)
            const float* row = row_floats(r0 + p + i, 0);
            for (size_t k = 0; k < kc; ++k) panel[k * width + i] = row[k];
        }
    }
}

inline size_t round_up(size_t x, size_t to) { return (x + to - 1) / to * to; }

template <typename TA>
void gemm_impl(size_t M, size_t N, size_t K, const TA* a, size_t lda, const float* b, size_t ldb, float* dst,
               size_t ldd, int ith, int nth, const uint8_t* round_b = nullptr) {
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
        zero_result(dst, ldd, n0, n1, m0, m1);
        return;
    }

    const size_t MC = kMCPanels * MR;
    const size_t nc_max = std::min(kNC, round_up(n1 - n0, NR));
    PackBuffers& buf = thread_pack_buffers(MC * kKC + nc_max * kKC + 5 * kKC + NR * MR);
    float* pa = buf.data();
    float* pb = pa + MC * kKC;
    float* zeros = pb + nc_max * kKC;  // a row of zeros for rows past the edge
    float* staging = zeros + kKC;      // four widened F16 row segments
    float* edge = staging + 4 * kKC;   // one MR x NR tile for the edges
    std::fill(zeros, zeros + kKC, 0.0f);

    for (size_t jc = n0; jc < n1; jc += kNC) {
        const size_t nc = std::min(kNC, n1 - jc);
        for (size_t pc = 0; pc < K; pc += kKC) {
            const size_t kc = std::min(kKC, K - pc);
            const bool accumulate = pc > 0;
            pack_panels(b, ldb, jc, round_up(nc, NR), n1, pc, kc, NR, pb, zeros, staging, round_b);
            for (size_t ic = m0; ic < m1; ic += MC) {
                const size_t mc = std::min(MC, m1 - ic);
                pack_panels(a, lda, ic, round_up(mc, MR), m1, pc, kc, MR, pa, zeros, staging);
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
                       float* dst, size_t ldd, int ith, int nth, const uint8_t* round_b) {
    gemm_impl(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth, round_b);
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::matmul
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::matmul {

namespace {
// Few rows of b against many of a: the narrow kernel (no transposed packing of a).
bool narrow(size_t M, size_t N) { return N <= 128 && M >= N; }
}  // namespace

void gemm_f32_blocked(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb, float* dst,
                      size_t ldd, int ith, int nth) {
    LUGH_SIMD_DISPATCH(gemm_f32_impl)(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth);
}

void gemm_f16_f32_blocked(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                          float* dst, size_t ldd, int ith, int nth, const uint8_t* round_b) {
    LUGH_SIMD_DISPATCH(gemm_f16_f32_impl)(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth, round_b);
}

void gemm_f32(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb, float* dst,
              size_t ldd, int ith, int nth) {
    if (narrow(M, N)) return gemm_f32_narrow(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth);
    gemm_f32_blocked(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth);
}

void gemm_f16_f32(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                  float* dst, size_t ldd, int ith, int nth, const uint8_t* round_b) {
    if (narrow(M, N)) return gemm_f16_f32_narrow(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth, round_b);
    gemm_f16_f32_blocked(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth, round_b);
}

}  // namespace lugh::cpu::matmul
#endif
