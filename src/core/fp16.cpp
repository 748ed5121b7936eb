// Row converters of the C API. The compiler vectorises these loops; the
// kernels that need more speed carry their own SIMD conversions.
#include "core/fp16.hpp"

#include "lugh/ggml/ggml.h"

using namespace lugh::core;

extern "C" {

float ggml_fp16_to_fp32(ggml_fp16_t h) { return fp16_to_fp32(h); }
ggml_fp16_t ggml_fp32_to_fp16(float f) { return fp32_to_fp16(f); }
float ggml_bf16_to_fp32(ggml_bf16_t h) { return bf16_to_fp32(h.bits); }
ggml_bf16_t ggml_fp32_to_bf16(float f) { return ggml_bf16_t{fp32_to_bf16(f)}; }

void ggml_fp16_to_fp32_row(const ggml_fp16_t* x, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i) y[i] = fp16_to_fp32(x[i]);
}
void ggml_fp32_to_fp16_row(const float* x, ggml_fp16_t* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i) y[i] = fp32_to_fp16(x[i]);
}
void ggml_bf16_to_fp32_row(const ggml_bf16_t* x, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i) y[i] = bf16_to_fp32(x[i].bits);
}
void ggml_fp32_to_bf16_row(const float* x, ggml_bf16_t* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i) y[i].bits = fp32_to_bf16(x[i]);
}
void ggml_fp32_to_bf16_row_ref(const float* x, ggml_bf16_t* y, int64_t n) { ggml_fp32_to_bf16_row(x, y, n); }

}  // extern "C"
