// The scalar row dots: the reference the vector sets are tested against,
// and the set CPUs without AVX2 run.
#include "core/fp16.hpp"
#include "cpu/matmul/dot.hpp"
#include "cpu/matmul/integer_form.hpp"

namespace lugh::cpu::matmul {

namespace {

// Any block type through its integer form: per group, the exact integer
// dot of codes and activation codes, then s * dx * (dot - z * sum x) or
// s * dx * dot + beta * dx * sum x.
template <ggml_type kType>
float dot_scalar(int64_t n, const void* wv, const void* xv) {
    const IntegerForm& f = *integer_form(kType);
    const QuantScheme& q = f.scheme;
    const ActFormat format = act_format(kType);
    const bool k_blocks = format == ActFormat::q8_k;
    const void* blocks = k_blocks ? xv : activation_row(xv, n).q8;
    float sum = 0.0f;
    uint8_t codes[32];
    for (int64_t g = 0; g < n / q.group; ++g) {
        float s = 0.0f, beta = 0.0f;
        f.decode(static_cast<const char*>(wv), g, codes, &s, &beta);
        const ActGroup x = act_group(blocks, k_blocks, g, q.group);
        int32_t dot = 0, xsum = 0;
        for (int i = 0; i < q.group; ++i) {
            dot += codes[i] * x.codes[i];
            xsum += x.codes[i];
        }
        if (q.has_min) sum += s * x.d * static_cast<float>(dot) + beta * (x.d * static_cast<float>(xsum));
        else sum += s * x.d * static_cast<float>(dot - q.zero * xsum);
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

template <ggml_type... kTypes>
void set_quant(DotKernels& set) {
    ((set.quant[kTypes] = dot_scalar<kTypes>), ...);
}

DotKernels scalar_dot_kernels() {
    DotKernels set{"scalar", {}, dot_f32_scalar, dot_f16_scalar, dot_bf16_scalar, dot_f16_f16_scalar};
    set_quant<GGML_TYPE_Q8_0, GGML_TYPE_Q4_0, GGML_TYPE_Q4_1, GGML_TYPE_Q5_0, GGML_TYPE_Q5_1, GGML_TYPE_IQ4_NL,
              GGML_TYPE_Q2_K, GGML_TYPE_Q3_K, GGML_TYPE_Q4_K, GGML_TYPE_Q5_K, GGML_TYPE_Q6_K, GGML_TYPE_IQ4_XS>(set);
    return set;
}

}  // namespace lugh::cpu::matmul
