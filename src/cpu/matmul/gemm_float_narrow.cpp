// The float GEMM for products with few rows of b and many of a (prompt
// processing: tokens x weight rows), compiled per Highway target.
//
// The blocked kernel (gemm_float.cpp) packs a's rows transposed so that a
// vector holds MR rows of a; with few rows of b that packing is a large
// share of the work. Here the vector lanes run along b's rows instead: b's
// rows are packed once per block of NW of them ([k][NW], cheap, b is
// small), and a is read as it is stored, one broadcast element at a time
// (F16 rows widened to F32 first, without transposing). A tile of kMR rows
// of a by NW rows of b stays in registers over the whole of K.
//
// Each output is the same chain of fused multiply-adds over k = 0..K-1 from
// zero as in the blocked kernel, so the two give the same bits and the
// choice between them never changes a result.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/matmul/gemm_float_narrow.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <algorithm>
#include <type_traits>

#include "cpu/matmul/gemm_float.hpp"
#include "cpu/matmul/gemm_float-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::matmul {
namespace HWY_NAMESPACE {

// Tile: kMR rows of a (broadcast) by kNV vectors of b's rows; kMR * kNV
// accumulators plus kNV b vectors and one broadcast must fit the registers.
constexpr size_t kMR = 6;
#if HWY_TARGET == HWY_AVX3
constexpr size_t kNV = 4;   // 24 of 32 zmm accumulate
#elif HWY_TARGET == HWY_SCALAR
constexpr size_t kNV = 1;
#else
constexpr size_t kNV = 2;   // 12 of 16 registers accumulate
#endif

// b rows n0 .. n0+NW-1 (those < N; the rest zeros) as a [K][NW] panel,
// rows flagged in round_b rounded to binary16 (through `rounded`, K floats).
void pack_b(const float* b, size_t ldb, size_t N, size_t K, size_t n0, size_t NW, const uint8_t* round_b,
            float* rounded, float* panel) {
    for (size_t j = 0; j < NW; ++j) {
        const size_t n = n0 + j;
        if (n >= N) {
            for (size_t k = 0; k < K; ++k) panel[k * NW + j] = 0.0f;
            continue;
        }
        const float* row = row_as_floats(b + n * ldb, K, round_b && round_b[n], rounded);
        for (size_t k = 0; k < K; ++k) panel[k * NW + j] = row[k];
    }
}

// dst[(n0 + j) * ldd + m0 + i] = sum_k rows[i][k] * panel[k * NW + j] for
// i < mv, j < nv.
HWY_INLINE void tile(const float* const* rows, const float* panel, size_t K, float* dst, size_t ldd, size_t mv,
                     size_t nv) {
    const DF d;
    const size_t L = hn::Lanes(d), NW = kNV * L;
    using V = hn::VFromD<DF>;
    V acc[kMR][kNV];
#pragma GCC unroll 8
    for (size_t i = 0; i < kMR; ++i)
#pragma GCC unroll 8
        for (size_t v = 0; v < kNV; ++v) acc[i][v] = hn::Zero(d);
    for (size_t k = 0; k < K; ++k) {
        V bv[kNV];
#pragma GCC unroll 8
        for (size_t v = 0; v < kNV; ++v) bv[v] = hn::Load(d, panel + k * NW + v * L);
#pragma GCC unroll 8
        for (size_t i = 0; i < kMR; ++i) {
            const V ai = hn::Set(d, rows[i][k]);
#pragma GCC unroll 8
            for (size_t v = 0; v < kNV; ++v) acc[i][v] = hn::MulAdd(ai, bv[v], acc[i][v]);
        }
    }
    HWY_ALIGN float lanes[kNV * HWY_MAX_BYTES / sizeof(float)];
#pragma GCC unroll 8
    for (size_t i = 0; i < kMR; ++i) {
        if (i >= mv) break;
#pragma GCC unroll 8
        for (size_t v = 0; v < kNV; ++v) hn::Store(acc[i][v], d, lanes + v * L);
        for (size_t j = 0; j < nv; ++j) dst[j * ldd + i] = lanes[j];
    }
}

template <typename TA>
void narrow_impl(size_t M, size_t N, size_t K, const TA* a, size_t lda, const float* b, size_t ldb, float* dst,
                 size_t ldd, int ith, int nth, const uint8_t* round_b) {
    const DF d;
    const size_t NW = kNV * hn::Lanes(d);
    // The thread's rows of a: whole tiles.
    const size_t tiles = (M + kMR - 1) / kMR;
    const size_t t0 = tiles * static_cast<size_t>(ith) / static_cast<size_t>(nth);
    const size_t t1 = tiles * static_cast<size_t>(ith + 1) / static_cast<size_t>(nth);
    if (t0 >= t1 || N == 0) return;
    const size_t m_begin = t0 * kMR, m_end = std::min(M, t1 * kMR);
    if (K == 0) {
        zero_result(dst, ldd, 0, N, m_begin, m_end);
        return;
    }
    // Scratch: the b panel, a row of zeros (rows past M), a rounded row of
    // b, and kMR widened rows (F16 a).
    const size_t widened = std::is_same_v<TA, float> ? 0 : kMR * K;
    PackBuffers& buf = thread_pack_buffers(NW * K + 2 * K + widened);
    float* panel = buf.data();
    float* zeros = panel + NW * K;
    float* rounded = zeros + K;
    float* wide = rounded + K;
    std::fill(zeros, zeros + K, 0.0f);
    for (size_t n0 = 0; n0 < N; n0 += NW) {
        pack_b(b, ldb, N, K, n0, NW, round_b, rounded, panel);
        const size_t nv = std::min(NW, N - n0);
        for (size_t m0 = m_begin; m0 < m_end; m0 += kMR) {
            const size_t mv = std::min(kMR, m_end - m0);
            const float* rows[kMR];
            for (size_t i = 0; i < kMR; ++i) {
                float* scratch = std::is_same_v<TA, float> ? nullptr : wide + i * K;   // F32 rows are read in place
                rows[i] = i < mv ? row_as_floats(a + (m0 + i) * lda, K, false, scratch) : zeros;
            }
            tile(rows, panel, K, dst + n0 * ldd + m0, ldd, mv, nv);
        }
    }
}

void gemm_f32_narrow_impl(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb,
                          float* dst, size_t ldd, int ith, int nth) {
    narrow_impl(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth, nullptr);
}

void gemm_f16_f32_narrow_impl(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                              float* dst, size_t ldd, int ith, int nth, const uint8_t* round_b) {
    narrow_impl(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth, round_b);
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::matmul
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::matmul {

void gemm_f32_narrow(size_t M, size_t N, size_t K, const float* a, size_t lda, const float* b, size_t ldb, float* dst,
                     size_t ldd, int ith, int nth) {
    LUGH_SIMD_DISPATCH(gemm_f32_narrow_impl)(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth);
}

void gemm_f16_f32_narrow(size_t M, size_t N, size_t K, const uint16_t* a, size_t lda, const float* b, size_t ldb,
                         float* dst, size_t ldd, int ith, int nth, const uint8_t* round_b) {
    LUGH_SIMD_DISPATCH(gemm_f16_f32_narrow_impl)(M, N, K, a, lda, b, ldb, dst, ldd, ith, nth, round_b);
}

}  // namespace lugh::cpu::matmul
#endif
