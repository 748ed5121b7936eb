// Scalar dot kernels and run-time selection of the best set.
#include "quant/dot.hpp"

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

}  // namespace

DotKernels scalar_dot_kernels() { return {"scalar", dot_q8_0_q8_0_scalar, dot_q4_0_q8_0_scalar}; }

std::vector<DotKernels> runnable_dot_kernels() {
    std::vector<DotKernels> out{scalar_dot_kernels()};
#if defined(__x86_64__)
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    if (avx2) out.push_back(avx2_dot_kernels());
    if (avx2 && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni") &&
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
