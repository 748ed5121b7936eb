// Scalar dot kernels and run-time selection of the best set.
#include "quant/dot.hpp"

#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"

namespace lugh::quant {

namespace {

float dot_q8_0_q8_0_scalar(int64_t n, const void* wv, const void* xv) {
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

float dot_q4_0_q8_0_scalar(int64_t n, const void* wv, const void* xv) {
    const auto* w = static_cast<const BlockQ4_0*>(wv);
    const auto* x = static_cast<const BlockQ8_0*>(xv);
    float sum = 0.0f;
    for (int64_t b = 0; b < n / kBlock; ++b) {
        int32_t acc = 0;
        for (int j = 0; j < kBlock / 2; ++j) {
            acc += ((w[b].qs[j] & 0x0f) - 8) * int32_t(x[b].qs[j]);
            acc += ((w[b].qs[j] >> 4) - 8) * int32_t(x[b].qs[j + kBlock / 2]);
        }
        sum += static_cast<float>(acc) * (core::fp16_to_fp32(w[b].d) * core::fp16_to_fp32(x[b].d));
    }
    return sum;
}

float dot_q4_0_act_scalar(int64_t n, const void* wv, const ActivationRow& x) {
    const auto* w = static_cast<const BlockQ4_0*>(wv);
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

void dot_q4_0_act_rows_scalar(int64_t n, const void* w, size_t row_bytes, int64_t nrows, const ActivationRow& x,
                              float* out) {
    for (int64_t r = 0; r < nrows; ++r)
        out[r] = dot_q4_0_act_scalar(n, static_cast<const char*>(w) + r * row_bytes, x);
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

void prepare_activation(const void* q8, int64_t n, float* scale, int32_t* offset_sum, ActivationGroup* groups) {
    const auto* x = static_cast<const BlockQ8_0*>(q8);
    const int64_t nb = n / kBlock;
    for (int64_t b = 0; b < nb; ++b) {
        int32_t s = 0;
        for (int j = 0; j < kBlock; ++j) s += x[b].qs[j];
        scale[b] = core::fp16_to_fp32(x[b].d);
        offset_sum[b] = -8 * s;
    }
    for (int64_t g = 0; g < activation_groups(n); ++g) {
        ActivationGroup& out = groups[g];
        std::memset(&out, 0, sizeof out);
        for (int i = 0; i < 8 && 8 * g + i < nb; ++i) {
            const int64_t b = 8 * g + i;
            int8_t* pair = out.codes[i / 2];
            std::memcpy(pair + 16 * (i % 2), x[b].qs, 16);
            std::memcpy(pair + 32 + 16 * (i % 2), x[b].qs + 16, 16);
            out.offset[i / 2][4 * (i % 2)] = offset_sum[b];
        }
    }
}

DotKernels scalar_dot_kernels() {
    return {"scalar", dot_q8_0_q8_0_scalar, dot_q4_0_q8_0_scalar, dot_q4_0_act_scalar,
            dot_q4_0_act_rows_scalar, dot_f32_scalar, dot_f16_scalar, dot_bf16_scalar, dot_f16_f16_scalar};
}

std::vector<DotKernels> runnable_dot_kernels() {
    std::vector<DotKernels> out{scalar_dot_kernels()};
#if defined(__x86_64__)
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    if (avx2) out.push_back(avx2_dot_kernels());
    if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni") &&
        __builtin_cpu_supports("avx512bw"))
        out.push_back(avx512vnni_dot_kernels());
#endif
    return out;
}

const DotKernels& dot_kernels() {
    static const DotKernels best = runnable_dot_kernels().back();
    return best;
}

}  // namespace lugh::quant
