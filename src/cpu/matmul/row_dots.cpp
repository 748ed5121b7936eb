#include "cpu/matmul/row_dots.hpp"

#include <algorithm>

#include "core/type_traits.hpp"
#include "cpu/half_input.hpp"
#include "cpu/kernels.hpp"
#include "cpu/matmul/dot.hpp"
#include "cpu/simd/convert.hpp"

namespace lugh::cpu::matmul {

namespace {

// Rows of b converted together; each weight row is then read once per chunk.
constexpr int64_t kChunkN = 32;

size_t round64(size_t n) { return (n + 63) & ~size_t(63); }

// x rounded to F16 into h, when it fits (see cpu/half_input.hpp).
bool round_to_f16(const float* x, uint16_t* h, int64_t k) {
    if (!row_fits_f16(x, k, sizeof(float))) return false;
    simd::f32_to_f16_row(static_cast<size_t>(k), h, x);
    return true;
}

// The scratch of one thread: converted rows of b, and one row of floats
// (a strided row of b gathered; for float weights, `chunk` of them).
struct Scratch {
    char* converted;    // quantized weights: chunk rows of act_row_bytes
    uint16_t* half;     // F16 weights: chunk rows of K halves
    float* gathered;
    Scratch(const ggml_tensor* a, int64_t chunk, void* work) {
        const int64_t K = a->ne[0];
        char* base = static_cast<char*>(work);
        if (core::type_info(a->type)->quantized) {
            converted = base;
            half = nullptr;
            gathered = reinterpret_cast<float*>(base + static_cast<size_t>(chunk) * act_row_bytes(a->type, K));
        } else {
            converted = nullptr;
            gathered = reinterpret_cast<float*>(base);
            half = reinterpret_cast<uint16_t*>(base + round64(static_cast<size_t>(chunk * K) * sizeof(float)));
        }
    }
};

}  // namespace

size_t row_dots_work_bytes(const ggml_tensor* a, const ggml_tensor* b) {
    const size_t k = static_cast<size_t>(a->ne[0]);
    const size_t rows = static_cast<size_t>(std::min<int64_t>(b->ne[1], kChunkN));
    if (core::type_info(a->type)->quantized)
        return rows * act_row_bytes(a->type, a->ne[0]) + round64(k * sizeof(float));
    return round64(rows * k * sizeof(float)) + rows * k * sizeof(uint16_t);
}

void row_dots(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, int ith, int nth, void* work) {
    const int64_t K = a->ne[0], M = a->ne[1], N = b->ne[1];
    const int64_t B2 = b->ne[2], B3 = b->ne[3];
    const int64_t r2 = B2 / a->ne[2], r3 = B3 / a->ne[3];
    const bool quantized = core::type_info(a->type)->quantized;
    const DotKernels& kern = dot_kernels();
    const FloatDotFn dot_float = a->type == GGML_TYPE_F16 ? kern.f16 : a->type == GGML_TYPE_BF16 ? kern.bf16 : kern.f32;
    const RowDotFn dot_quant = quantized ? row_dot(kern, a->type) : nullptr;
    const size_t xrow = quantized ? act_row_bytes(a->type, K) : 0;
    const int64_t chunk = std::min<int64_t>(N, kChunkN);
    const bool b_packed = rows_packed(b);
    // F16 weights at the default precision: b rounded to F16 (cpu/half_input.hpp).
    const bool half_b = rounds_b_to_f16(a, dst);
    const Scratch s(a, chunk, work);
    bool row_half[kChunkN];
    const float* xf[kChunkN];

    int64_t m0, m1;   // this thread's rows of a: contiguous and balanced
    split_rows(M, ith, nth, &m0, &m1);
    if (m0 >= m1) return;

    for (int64_t i3 = 0; i3 < B3; ++i3) {
        for (int64_t i2 = 0; i2 < B2; ++i2) {
            for (int64_t n0 = 0; n0 < N; n0 += kChunkN) {
                const int64_t n1 = std::min(N, n0 + kChunkN);
                for (int64_t n = n0; n < n1; ++n) {
                    const int64_t j = n - n0;
                    const char* row = row_ptr(b, n, i2, i3);
                    const float* x = reinterpret_cast<const float*>(row);
                    if (!b_packed) {
                        float* to = quantized ? s.gathered : s.gathered + j * K;
                        for (int64_t k = 0; k < K; ++k) to[k] = *reinterpret_cast<const float*>(row + k * b->nb[0]);
                        x = to;
                    }
                    xf[j] = x;
                    if (half_b) row_half[j] = round_to_f16(x, s.half + j * K, K);
                    if (quantized) quantize_act_row(a->type, x, K, s.converted + j * xrow);
                }
                for (int64_t m = m0; m < m1; ++m) {
                    const char* w = row_ptr(a, m, i2 / r2, i3 / r3);
                    for (int64_t n = n0; n < n1; ++n) {
                        const int64_t j = n - n0;
                        float v;
                        if (quantized) v = dot_quant(K, w, s.converted + j * xrow);
                        else if (half_b && row_half[j]) v = kern.f16_f16(K, w, s.half + j * K);
                        else v = dot_float(K, w, xf[j]);
                        *reinterpret_cast<float*>(row_ptr(dst, n, i2, i3) + m * dst->nb[0]) = v;
                    }
                }
            }
        }
    }
}

}  // namespace lugh::cpu::matmul
