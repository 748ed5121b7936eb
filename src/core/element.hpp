// Reading and writing single elements and whole tensors, for any plain type
// (F32, F16, BF16, I8, I16, I32) and any strides. Every access is checked:
// the tensor must have data and the index must lie inside its shape.
#pragma once

#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::core {

float get_f32(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, const char* caller);
void set_f32(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, float v, const char* caller);
int32_t get_i32(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, const char* caller);
void set_i32(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, int32_t v, const char* caller);

// Flat index i in row-major order over the tensor's own shape.
float get_f32_flat(const ggml_tensor* t, int64_t i, const char* caller);
void set_f32_flat(const ggml_tensor* t, int64_t i, float v, const char* caller);
int32_t get_i32_flat(const ggml_tensor* t, int64_t i, const char* caller);
void set_i32_flat(const ggml_tensor* t, int64_t i, int32_t v, const char* caller);

// Every element.
void fill_f32(ggml_tensor* t, float v, const char* caller);
void fill_i32(ggml_tensor* t, int32_t v, const char* caller);
void fill_zero(ggml_tensor* t, const char* caller);

// Copy n floats in/out, in row-major order (n must equal nelements).
void write_f32(ggml_tensor* t, const float* values, int64_t n, const char* caller);
void read_f32(const ggml_tensor* t, float* out, int64_t n, const char* caller);

// Throws unless t has data (a metadata-only tensor has none until a backend gives it some).
void require_data(const ggml_tensor* t, const char* caller);

}  // namespace lugh::core
