// mul_mat. F32/F16 a with packed rows and more than a few rows of b go to the
// blocked SIMD GEMM (src/cpu/simd/gemm.hpp). Otherwise (BF16, strided
// operands, matrix-vector products) the result is cut into tiles of kBlockM rows of a
// by kBlockN rows of b within one batch; threads take contiguous runs of tiles.
// Each tile converts (F16/BF16) its block of a once and reuses it across the
// rows of b, so a block of a stays in cache.
#include "cpu/matmul.hpp"

#include <algorithm>
#include <cstring>

#include "core/fp16.hpp"
#include "cpu/half_input.hpp"
#include "cpu/kernels.hpp"
#include "cpu/row_ops.hpp"
#include "cpu/simd/gemm.hpp"
#include "quant/matmul_quant.hpp"

namespace lugh::cpu {

namespace {
constexpr int64_t kBlockM = 16;
constexpr int64_t kBlockN = 64;

size_t round64(size_t n) { return (n + 63) & ~size_t{63}; }
}  // namespace

size_t matmul_work_bytes(const ggml_tensor* a, const ggml_tensor* b) {
    if (quant::prefers_row_dots(a, b)) return quant::quant_matmul_work_bytes(a, b);
    const size_t k = static_cast<size_t>(a->ne[0]);
    // Tiled path: a block of converted rows of a and one row of b. GEMM path
    // for F16 a: one flag per row of b (round it to F16 or not).
    const size_t tiled = round64(static_cast<size_t>(kBlockM) * k * sizeof(float)) + round64(k * sizeof(float));
    return a->type == GGML_TYPE_F16 ? std::max(tiled, round64(static_cast<size_t>(b->ne[1]))) : tiled;
}

namespace {

// Row stride of t in elements when its rows are packed and the stride is a
// whole number of elements; 0 otherwise.
size_t row_stride_elements(const ggml_tensor* t) {
    const size_t es = ggml_type_size(t->type);
    if (!rows_packed(t) || t->nb[1] % es != 0) return 0;
    return t->nb[1] / es;
}

// The blocked SIMD GEMM (src/cpu/simd/gemm.hpp) for F32 or F16 a, packed
// rows everywhere and at least a few rows of b (below that, packing a costs
// more than the dot products). Returns false when it does not apply.
bool matmul_gemm(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args) {
    if (a->type != GGML_TYPE_F32 && a->type != GGML_TYPE_F16) return false;
    if (b->type != GGML_TYPE_F32 || dst->type != GGML_TYPE_F32) return false;
    const size_t lda = row_stride_elements(a), ldb = row_stride_elements(b), ldd = row_stride_elements(dst);
    const int64_t K = a->ne[0], M = a->ne[1], N = b->ne[1];
    if (lda == 0 || ldb == 0 || ldd == 0 || N < 4 || M < 4) return false;
    const int64_t B2 = b->ne[2], B3 = b->ne[3];
    const int64_t r2 = B2 / a->ne[2], r3 = B3 / a->ne[3];
    const int64_t batches = B2 * B3;
    // Many small products (attention heads): one thread per product. Few
    // large ones: every thread takes a share of each. Either way each output
    // element is computed the same way, whatever the thread count.
    const bool per_batch = batches >= 2 * args.nth;
    int64_t q0 = 0, q1 = batches;
    if (per_batch) split_rows(batches, args.ith, args.nth, &q0, &q1);
    for (int64_t q = q0; q < q1; ++q) {
        const int64_t i2 = q % B2, i3 = q / B2;
        const char* pa = row_ptr(a, 0, i2 / r2, i3 / r3);
        const auto* pb = reinterpret_cast<const float*>(row_ptr(b, 0, i2, i3));
        auto* pd = reinterpret_cast<float*>(row_ptr(dst, 0, i2, i3));
        const int ith = per_batch ? 0 : args.ith, nth = per_batch ? 1 : args.nth;
        if (a->type == GGML_TYPE_F32) {
            simd::gemm_f32(M, N, K, reinterpret_cast<const float*>(pa), lda, pb, ldb, pd, ldd, ith, nth);
            continue;
        }
        uint8_t* round_b = nullptr;   // which rows of b to round to F16 (cpu/half_input.hpp)
        if (rounds_b_to_f16(a, dst)) {
            round_b = static_cast<uint8_t*>(args.work);
            for (int64_t n = 0; n < N; ++n) round_b[n] = row_fits_f16(pb + n * ldb, K, sizeof(float)) ? 1 : 0;
        }
        simd::gemm_f16_f32(M, N, K, reinterpret_cast<const uint16_t*>(pa), lda, pb, ldb, pd, ldd, ith, nth, round_b);
    }
    return true;
}

}  // namespace

void matmul(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args) {
    // Quantized weights, and matrix-vector products: row dot products (src/quant).
    if (quant::prefers_row_dots(a, b)) return quant::quant_matmul(a, b, dst, args.ith, args.nth, args.work);
    if (matmul_gemm(a, b, dst, args)) return;
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
        const int64_t m0 = mb * kBlockM, m1 = m0 + kBlockM < M ? m0 + kBlockM : M;
        if (mb_batch != converted) {
            for (int64_t m = m0; m < m1; ++m) {
                const char* src = row_ptr(a, m, i2 / r2, i3 / r3);
                if (a_f32) {
                    rows_a[m - m0] = reinterpret_cast<const float*>(src);
                    continue;
                }
                float* to = a_block + (m - m0) * K;
                if (a->type == GGML_TYPE_F16)
                    f16_to_f32_row(K, reinterpret_cast<const uint16_t*>(src), to);
                else
                    bf16_to_f32_row(K, reinterpret_cast<const uint16_t*>(src), to);
                rows_a[m - m0] = to;
            }
            converted = mb_batch;
        }
        const int64_t n0 = nb * kBlockN, n1 = n0 + kBlockN < N ? n0 + kBlockN : N;
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
                *reinterpret_cast<float*>(drow + m * dst->nb[0]) = dot_f32(K, rows_a[m - m0], y);
        }
    }
}

size_t mul_mat_work_bytes(const ggml_tensor* dst) { return matmul_work_bytes(dst->src[0], dst->src[1]); }

void compute_mul_mat(ggml_tensor* dst, const KernelArgs& args) { matmul(dst->src[0], dst->src[1], dst, args); }

}  // namespace lugh::cpu
