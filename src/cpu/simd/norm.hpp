// Normalisation of one F32 row. dst may equal src.
#pragma once

#include <cstddef>

namespace lugh::cpu::simd {

// dst[i] = src[i] / sqrt(mean(src^2) + eps)   (upstream rms_norm).
void rms_norm_row(size_t n, float* dst, const float* src, float eps);

// dst[i] = (src[i] - mean) / sqrt(variance + eps), variance = mean((src - mean)^2)   (upstream norm).
void norm_row(size_t n, float* dst, const float* src, float eps);

}  // namespace lugh::cpu::simd
