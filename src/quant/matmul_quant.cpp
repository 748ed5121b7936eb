#include "quant/matmul_quant.hpp"

#include <algorithm>

#include "quant/dot.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

namespace {

// Rows of b quantized together; each weight row is then read once per chunk.
constexpr int64_t kChunkN = 32;

const char* row_at(const ggml_tensor* t, int64_t i1, int64_t i2, int64_t i3) {
    return static_cast<const char*>(t->data) + i1 * t->nb[1] + i2 * t->nb[2] + i3 * t->nb[3];
}

size_t q8_row_bytes(int64_t k) { return static_cast<size_t>(k / 32) * 34; }

}  // namespace

size_t quant_matmul_work_bytes(const ggml_tensor* a, const ggml_tensor* b) {
    const size_t k = static_cast<size_t>(a->ne[0]);
    const size_t rows = static_cast<size_t>(std::min<int64_t>(b->ne[1], kChunkN));
    // The Q8_0 rows, plus one F32 row for gathering a strided row of b.
    return ((rows * q8_row_bytes(a->ne[0]) + 63) & ~size_t(63)) + k * sizeof(float);
}

void quant_matmul(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, int ith, int nth, void* work) {
    const int64_t K = a->ne[0], M = a->ne[1], N = b->ne[1];
    const int64_t B2 = b->ne[2], B3 = b->ne[3];
    const int64_t r2 = B2 / a->ne[2], r3 = B3 / a->ne[3];
    const VecDotFn dot = a->type == GGML_TYPE_Q8_0 ? dot_kernels().q8_0_q8_0 : dot_kernels().q4_0_q8_0;
    const size_t xrow = q8_row_bytes(K);
    auto* xq = static_cast<char*>(work);
    auto* gather = reinterpret_cast<float*>(xq + ((std::min<int64_t>(N, kChunkN) * xrow + 63) & ~size_t(63)));
    const bool b_packed = b->ne[0] <= 1 || b->nb[0] == sizeof(float);

    // This thread's rows of a: contiguous and balanced.
    const int64_t per = M / nth, extra = M % nth;
    const int64_t m0 = ith * per + std::min<int64_t>(ith, extra);
    const int64_t m1 = m0 + per + (ith < extra ? 1 : 0);
    if (m0 >= m1) return;

    for (int64_t i3 = 0; i3 < B3; ++i3) {
        for (int64_t i2 = 0; i2 < B2; ++i2) {
            for (int64_t n0 = 0; n0 < N; n0 += kChunkN) {
                const int64_t n1 = std::min(N, n0 + kChunkN);
                for (int64_t n = n0; n < n1; ++n) {
                    const char* row = row_at(b, n, i2, i3);
                    const float* x = reinterpret_cast<const float*>(row);
                    if (!b_packed) {
                        for (int64_t k = 0; k < K; ++k) gather[k] = *reinterpret_cast<const float*>(row + k * b->nb[0]);
                        x = gather;
                    }
                    quantize_row_q8_0(x, xq + (n - n0) * xrow, K);
                }
                for (int64_t m = m0; m < m1; ++m) {
                    const char* w = row_at(a, m, i2 / r2, i3 / r3);
                    for (int64_t n = n0; n < n1; ++n) {
                        char* d = static_cast<char*>(dst->data) + m * dst->nb[0] + n * dst->nb[1] + i2 * dst->nb[2] +
                                  i3 * dst->nb[3];
                        *reinterpret_cast<float*>(d) = dot(K, w, xq + (n - n0) * xrow);
                    }
                }
            }
        }
    }
}

}  // namespace lugh::quant
