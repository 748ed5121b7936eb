// The tiled mul_mat path, for what neither the row dots nor the float GEMM
// take (BF16 weights with several rows of b, strided operands): the result
// is cut into tiles of kBlockM rows of a by kBlockN rows of b within one
// batch; threads take contiguous runs of tiles. Each tile converts (F16/BF16)
// its block of a once and reuses it across the rows of b, so a block of a
// stays in cache.
#include <algorithm>

#include "core/fp16.hpp"
#include "cpu/half_input.hpp"
#include "cpu/matmul/mul_mat.hpp"
#include "cpu/simd/convert.hpp"
#include "cpu/simd/dot.hpp"

namespace lugh::cpu::matmul {

namespace {
constexpr int64_t kBlockM = 16;
constexpr int64_t kBlockN = 64;

size_t round64(size_t n) { return (n + 63) & ~size_t{63}; }
}  // namespace

// A block of converted rows of a and one row of b.
size_t tiled_work_bytes(const ggml_tensor* a) {
    const size_t k = static_cast<size_t>(a->ne[0]);
    return round64(static_cast<size_t>(kBlockM) * k * sizeof(float)) + round64(k * sizeof(float));
}

void tiled(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args) {
    const int64_t K = a->ne[0], M = a->ne[1], N = b->ne[1];
    const int64_t B2 = b->ne[2], B3 = b->ne[3];
    const int64_t r2 = B2 / a->ne[2], r3 = B3 / a->ne[3];
    const int64_t m_blocks = (M + kBlockM - 1) / kBlockM, n_blocks = (N + kBlockN - 1) / kBlockN;
    const int64_t n_tiles = B2 * B3 * m_blocks * n_blocks;
    auto* a_block = static_cast<float*>(args.work);
    auto* b_row = reinterpret_cast<float*>(static_cast<char*>(args.work) +
                                           round64(static_cast<size_t>(kBlockM * K) * sizeof(float)));
    const bool a_f32 = a->type == GGML_TYPE_F32;
    const bool b_packed = rows_packed(b);
    const bool round_b = rounds_b_to_f16(a, dst);

    int64_t t0, t1;
    split_rows(n_tiles, args.ith, args.nth, &t0, &t1);
    // Tiles are numbered n-block fastest, so consecutive tiles of one thread
    // share their block of a (converted once per run of tiles).
    int64_t converted = -1;
    const float* rows_a[kBlockM];
    for (int64_t t = t0; t < t1; ++t) {
        const int64_t nb = t % n_blocks;
        const int64_t mb_batch = t / n_blocks;   // (batch, m-block)
        const int64_t mb = mb_batch % m_blocks;
        const int64_t batch = mb_batch / m_blocks;
        const int64_t i2 = batch % B2, i3 = batch / B2;
        const int64_t m0 = mb * kBlockM, m1 = std::min(m0 + kBlockM, M);
        if (mb_batch != converted) {
            for (int64_t m = m0; m < m1; ++m) {
                const char* src = row_ptr(a, m, i2 / r2, i3 / r3);
                if (a_f32) {
                    rows_a[m - m0] = reinterpret_cast<const float*>(src);
                    continue;
                }
                float* to = a_block + (m - m0) * K;
                if (a->type == GGML_TYPE_F16)
                    simd::f16_to_f32_row(static_cast<size_t>(K), to, reinterpret_cast<const uint16_t*>(src));
                else
                    simd::bf16_to_f32_row(static_cast<size_t>(K), to, reinterpret_cast<const uint16_t*>(src));
                rows_a[m - m0] = to;
            }
            converted = mb_batch;
        }
        const int64_t n0 = nb * kBlockN, n1 = std::min(n0 + kBlockN, N);
        for (int64_t n = n0; n < n1; ++n) {
            const char* brow = row_ptr(b, n, i2, i3);
            const float* y;
            if (b_packed) {
                y = reinterpret_cast<const float*>(brow);
            } else {
                for (int64_t k = 0; k < K; ++k) b_row[k] = *reinterpret_cast<const float*>(brow + k * b->nb[0]);
                y = b_row;
            }
            if (round_b && row_fits_f16(y, K, sizeof(float))) {
                for (int64_t k = 0; k < K; ++k) b_row[k] = core::fp16_to_fp32(core::fp32_to_fp16(y[k]));
                y = b_row;
            }
            char* drow = row_ptr(dst, n, i2, i3);
            for (int64_t m = m0; m < m1; ++m)
                *reinterpret_cast<float*>(drow + m * dst->nb[0]) = simd::dot_f32(static_cast<size_t>(K), rows_a[m - m0], y);
        }
    }
}

}  // namespace lugh::cpu::matmul
