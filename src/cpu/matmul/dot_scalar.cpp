// The scalar row dots: the reference the vector sets are tested against,
// and the set CPUs without AVX2 run.
#include "core/fp16.hpp"
#include "cpu/matmul/dot.hpp"
#include "quant/blocks.hpp"

namespace lugh::cpu::matmul {

namespace {

using quant::BlockQ4_0;
using quant::BlockQ8_0;
using quant::kBlock;

float dot_q8_0_scalar(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ8_0*>(wv);
    const auto* x = static_cast<const BlockQ8_0*>(xv);
    float sum = 0.0f;
    for (int64_t b = 0; b < n / kBlock; ++b) {
        int32_t acc = 0;
        for (int j = 0; j < kBlock; ++j) acc += int32_t(w[b].qs[j]) * int32_t(x[b].qs[j]);
        sum += static_cast<float>(acc) * (core::fp16_to_fp32(w[b].d) * core::fp16_to_fp32(x[b].d));
    }
    return sum;
}

// Q4_0 codes used unsigned; the prepared row's offset sums bring back the -8.
float dot_q4_0_scalar(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ4_0*>(wv);
    const ActivationRow x = activation_row(xv, n);
    const auto* xq = static_cast<const BlockQ8_0*>(x.q8);
    float sum = 0.0f;
    for (int64_t b = 0; b < n / kBlock; ++b) {
        int32_t acc = x.offset_sum[b];
        for (int j = 0; j < kBlock / 2; ++j) {
            acc += (w[b].qs[j] & 0x0f) * int32_t(xq[b].qs[j]);
            acc += (w[b].qs[j] >> 4) * int32_t(xq[b].qs[j + kBlock / 2]);
        }
        sum += static_cast<float>(acc) * (core::fp16_to_fp32(w[b].d) * x.scale[b]);
    }
    return sum;
}

float dot_f32_scalar(int64_t n, const void* wv, const float* x) {
    const auto* w = static_cast<const float*>(wv);
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += w[i] * x[i];
    return sum;
}

float dot_f16_scalar(int64_t n, const void* wv, const float* x) {
    const auto* w = static_cast<const uint16_t*>(wv);
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += core::fp16_to_fp32(w[i]) * x[i];
    return sum;
}

float dot_f16_f16_scalar(int64_t n, const void* wv, const uint16_t* x) {
    const auto* w = static_cast<const uint16_t*>(wv);
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += core::fp16_to_fp32(w[i]) * core::fp16_to_fp32(x[i]);
    return sum;
}

float dot_bf16_scalar(int64_t n, const void* wv, const float* x) {
    const auto* w = static_cast<const uint16_t*>(wv);
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += core::bf16_to_fp32(w[i]) * x[i];
    return sum;
}

}  // namespace

DotKernels scalar_dot_kernels() {
    return {"scalar", dot_q8_0_scalar, dot_q4_0_scalar, dot_f32_scalar, dot_f16_scalar, dot_bf16_scalar,
            dot_f16_f16_scalar};
}

}  // namespace lugh::cpu::matmul
