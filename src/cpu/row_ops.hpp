// Per-row primitives on raw pointers: the inner loops of the kernels,
// implemented by the SIMD primitives of src/cpu/simd/ (row_ops.cpp).
// n may be 0. dst may equal an input (in-place ops), never partially overlap it.
#pragma once

#include <cstdint>

namespace lugh::cpu {

void add_row_f32(int64_t n, const float* a, const float* b, float* dst);
void sub_row_f32(int64_t n, const float* a, const float* b, float* dst);
void mul_row_f32(int64_t n, const float* a, const float* b, float* dst);
void div_row_f32(int64_t n, const float* a, const float* b, float* dst);
void scale_row_f32(int64_t n, const float* x, float s, float* dst);

// Sum in double, in a fixed order (deterministic; see simd/reduce-inl.h).
double sum_row_f32(int64_t n, const float* x);
float max_row_f32(int64_t n, const float* x);
float dot_f32(int64_t n, const float* a, const float* b);

// dst = softmax(x) over n values (x may equal dst). A row of all -inf gives zeros.
void softmax_row_f32(int64_t n, const float* x, float* dst);
void rms_norm_row_f32(int64_t n, const float* x, float eps, float* dst);
void norm_row_f32(int64_t n, const float* x, float eps, float* dst);

void silu_row_f32(int64_t n, const float* x, float* dst);
void gelu_row_f32(int64_t n, const float* x, float* dst);
void exp_row_f32(int64_t n, const float* x, float* dst);

// Type conversions of n packed values.
void f16_to_f32_row(int64_t n, const uint16_t* x, float* dst);
void bf16_to_f32_row(int64_t n, const uint16_t* x, float* dst);
void f32_to_f16_row(int64_t n, const float* x, uint16_t* dst);
void f32_to_bf16_row(int64_t n, const float* x, uint16_t* dst);

}  // namespace lugh::cpu
