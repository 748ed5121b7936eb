#include "quant/matmul_quant.hpp"

#include <algorithm>

#include "cpu/half_input.hpp"
#include "cpu/simd/convert.hpp"
#include "quant/dot.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

namespace {

// Rows of b prepared together; each weight row is then read once per chunk.
constexpr int64_t kChunkN = 32;
// Q4_0 weight rows read together against one activation row. Groups of 4
// are 25% faster while the weights sit in cache, but streaming them from
// memory the interleaved row streams ran at half the speed of one row at a
// time (measured on Zen 4, 1 and 2 threads), and streaming is the case that
// matters for matrix-vector products: so one row per pass.
constexpr int64_t kRowGroup = 1;

const char* row_at(const ggml_tensor* t, int64_t i1, int64_t i2, int64_t i3) {
    return static_cast<const char*>(t->data) + i1 * t->nb[1] + i2 * t->nb[2] + i3 * t->nb[3];
}

size_t q8_row_bytes(int64_t k) { return static_cast<size_t>(k / 32) * 34; }
size_t round64(size_t n) { return (n + 63) & ~size_t(63); }

bool b_rows_packed(const ggml_tensor* b) { return b->ne[0] <= 1 || b->nb[0] == sizeof(float); }

// x rounded to F16 into h, when it fits (see cpu/half_input.hpp).
bool round_to_f16(const float* x, uint16_t* h, int64_t k) {
    if (!cpu::row_fits_f16(x, k, sizeof(float))) return false;
    cpu::simd::f32_to_f16_row(static_cast<size_t>(k), h, x);
    return true;
}

}  // namespace

size_t quant_matmul_work_bytes(const ggml_tensor* a, const ggml_tensor* b) {
    const size_t k = static_cast<size_t>(a->ne[0]);
    const size_t rows = static_cast<size_t>(std::min<int64_t>(b->ne[1], kChunkN));
    // Gathered strided rows of b, and for F16 weights the rows rounded to F16.
    if (!ggml_is_quantized(a->type)) return round64(rows * k * sizeof(float)) + rows * k * sizeof(uint16_t);
    // The Q8_0 rows, their side data (a float scale and an int32 offset sum
    // per block, and for Q4_0 the rows laid out in groups of 8 blocks), one F32
    // row for gathering a strided row of b, and slack to align the pairs.
    return round64(rows * q8_row_bytes(a->ne[0])) + round64(rows * (k / 32) * 8) + round64(k * sizeof(float)) +
           rows * static_cast<size_t>(activation_groups(a->ne[0])) * sizeof(ActivationGroup) + 64;
}

void quant_matmul(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, int ith, int nth, void* work) {
    const int64_t K = a->ne[0], M = a->ne[1], N = b->ne[1];
    const int64_t B2 = b->ne[2], B3 = b->ne[3];
    const int64_t r2 = B2 / a->ne[2], r3 = B3 / a->ne[3];
    const bool quantized = ggml_is_quantized(a->type);
    const bool q4 = a->type == GGML_TYPE_Q4_0;
    const DotKernels& kern = dot_kernels();
    const VecDotFloatFn dot_float = a->type == GGML_TYPE_F16 ? kern.f16 : a->type == GGML_TYPE_BF16 ? kern.bf16 : kern.f32;
    const size_t xrow = q8_row_bytes(K);
    const int64_t nblk = K / 32, chunk = std::min<int64_t>(N, kChunkN);
    const bool b_packed = b_rows_packed(b);
    // F16 weights at the default precision: b rounded to F16 (see ggml_prec).
    const bool half_b = cpu::rounds_b_to_f16(a, dst);
    auto* xh = reinterpret_cast<uint16_t*>(static_cast<char*>(work) + round64(static_cast<size_t>(chunk * K) * sizeof(float)));
    bool row_half[kChunkN];

    // Scratch: quantized weights: Q8_0 rows | scales | offset sums | one
    // gather row | groups (64-byte aligned); float weights: up to `chunk`
    // gathered rows of b.
    auto* xq = static_cast<char*>(work);
    auto* scales = reinterpret_cast<float*>(xq + round64(static_cast<size_t>(chunk) * xrow));
    auto* offsets = reinterpret_cast<int32_t*>(scales + chunk * nblk);
    auto* gather = quantized ? reinterpret_cast<float*>(reinterpret_cast<char*>(scales) +
                                                        round64(static_cast<size_t>(chunk * nblk) * 8))
                             : static_cast<float*>(work);
    const int64_t ngroups = activation_groups(K);
    auto* groups = reinterpret_cast<ActivationGroup*>(
        round64(reinterpret_cast<uintptr_t>(gather) + round64(static_cast<size_t>(K) * sizeof(float))));
    const float* xf[kChunkN];

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
                        float* to = quantized ? gather : gather + (n - n0) * K;
                        for (int64_t k = 0; k < K; ++k) to[k] = *reinterpret_cast<const float*>(row + k * b->nb[0]);
                        x = to;
                    }
                    xf[n - n0] = x;
                    if (half_b) row_half[n - n0] = round_to_f16(x, xh + (n - n0) * K, K);
                    if (!quantized) continue;
                    quantize_row_q8_0(x, xq + (n - n0) * xrow, K);
                    if (q4)
                        prepare_activation(xq + (n - n0) * xrow, K, scales + (n - n0) * nblk, offsets + (n - n0) * nblk,
                                           groups + (n - n0) * ngroups);
                }
                if (q4) {
                    // Groups of rows share each activation block (the kernel
                    // gives every row the same bits however rows are grouped).
                    float out[kRowGroup];
                    for (int64_t m = m0; m < m1; m += kRowGroup) {
                        const int64_t rows = std::min(kRowGroup, m1 - m);
                        const char* w = row_at(a, m, i2 / r2, i3 / r3);
                        for (int64_t n = n0; n < n1; ++n) {
                            const int64_t j = n - n0;
                            kern.q4_0_act_rows(K, w, a->nb[1], rows,
                                               ActivationRow{xq + j * xrow, scales + j * nblk, offsets + j * nblk, groups + j * ngroups},
                                               out);
                            for (int64_t r = 0; r < rows; ++r)
                                *reinterpret_cast<float*>(static_cast<char*>(dst->data) + (m + r) * dst->nb[0] +
                                                          n * dst->nb[1] + i2 * dst->nb[2] + i3 * dst->nb[3]) = out[r];
                        }
                    }
                    continue;
                }
                for (int64_t m = m0; m < m1; ++m) {
                    const char* w = row_at(a, m, i2 / r2, i3 / r3);
                    for (int64_t n = n0; n < n1; ++n) {
                        char* d = static_cast<char*>(dst->data) + m * dst->nb[0] + n * dst->nb[1] + i2 * dst->nb[2] +
                                  i3 * dst->nb[3];
                        const int64_t j = n - n0;
                        float v;
                        if (half_b && row_half[j]) v = kern.f16_f16(K, w, xh + j * K);
                        else if (!quantized) v = dot_float(K, w, xf[j]);
                        else v = kern.q8_0_q8_0(K, w, xq + j * xrow);
                        *reinterpret_cast<float*>(d) = v;
                    }
                }
            }
        }
    }
}

}  // namespace lugh::quant
