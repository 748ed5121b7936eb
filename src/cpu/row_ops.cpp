#include "cpu/row_ops.hpp"

#include <cmath>
#include <limits>

#include "core/fp16.hpp"

namespace lugh::cpu {

void add_row_f32(int64_t n, const float* a, const float* b, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = a[i] + b[i];
}
void sub_row_f32(int64_t n, const float* a, const float* b, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = a[i] - b[i];
}
void mul_row_f32(int64_t n, const float* a, const float* b, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = a[i] * b[i];
}
void div_row_f32(int64_t n, const float* a, const float* b, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = a[i] / b[i];
}
void scale_row_f32(int64_t n, const float* x, float s, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = x[i] * s;
}

double sum_row_f32(int64_t n, const float* x) {
    double s = 0.0;
    for (int64_t i = 0; i < n; ++i) s += x[i];
    return s;
}

float max_row_f32(int64_t n, const float* x) {
    float m = -std::numeric_limits<float>::infinity();
    for (int64_t i = 0; i < n; ++i) m = x[i] > m ? x[i] : m;
    return m;
}

float dot_f32(int64_t n, const float* a, const float* b) {
    // Eight independent partial sums (the compiler can keep them in vector
    // lanes), combined in a fixed order.
    float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k) s[k] += a[i + k] * b[i + k];
    float tail = 0.0f;
    for (; i < n; ++i) tail += a[i] * b[i];
    return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7])) + tail;
}

void softmax_row_f32(int64_t n, const float* x, float* dst) {
    const float m = max_row_f32(n, x);
    if (m == -std::numeric_limits<float>::infinity()) {
        for (int64_t i = 0; i < n; ++i) dst[i] = 0.0f;
        return;
    }
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        const float e = std::exp(x[i] - m);
        dst[i] = e;
        sum += e;
    }
    scale_row_f32(n, dst, static_cast<float>(1.0 / sum), dst);
}

void rms_norm_row_f32(int64_t n, const float* x, float eps, float* dst) {
    double ss = 0.0;
    for (int64_t i = 0; i < n; ++i) ss += static_cast<double>(x[i]) * x[i];
    const double mean = n > 0 ? ss / static_cast<double>(n) : 0.0;
    scale_row_f32(n, x, static_cast<float>(1.0 / std::sqrt(mean + eps)), dst);
}

void norm_row_f32(int64_t n, const float* x, float eps, float* dst) {
    const double mean = n > 0 ? sum_row_f32(n, x) / static_cast<double>(n) : 0.0;
    double var = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        const double d = x[i] - mean;
        var += d * d;
    }
    var = n > 0 ? var / static_cast<double>(n) : 0.0;
    const float inv = static_cast<float>(1.0 / std::sqrt(var + eps));
    const float m = static_cast<float>(mean);
    for (int64_t i = 0; i < n; ++i) dst[i] = (x[i] - m) * inv;
}

void silu_row_f32(int64_t n, const float* x, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = x[i] / (1.0f + std::exp(-x[i]));
}

void gelu_row_f32(int64_t n, const float* x, float* dst) {
    constexpr float kSqrt2OverPi = 0.79788456080286535588f;
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i];
        dst[i] = 0.5f * v * (1.0f + std::tanh(kSqrt2OverPi * v * (1.0f + 0.044715f * v * v)));
    }
}

void exp_row_f32(int64_t n, const float* x, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = std::exp(x[i]);
}

void f16_to_f32_row(int64_t n, const uint16_t* x, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = core::fp16_to_fp32(x[i]);
}
void bf16_to_f32_row(int64_t n, const uint16_t* x, float* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = core::bf16_to_fp32(x[i]);
}
void f32_to_f16_row(int64_t n, const float* x, uint16_t* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = core::fp32_to_fp16(x[i]);
}
void f32_to_bf16_row(int64_t n, const float* x, uint16_t* dst) {
    for (int64_t i = 0; i < n; ++i) dst[i] = core::fp32_to_bf16(x[i]);
}

}  // namespace lugh::cpu
