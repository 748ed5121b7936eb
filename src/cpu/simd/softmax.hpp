// Softmax of one F32 row, optionally scaled and masked (upstream soft_max_ext).
#pragma once

#include <cstddef>

namespace lugh::cpu::simd {

// dst[i] = exp(w[i] - max w) / sum_j exp(w[j] - max w), w[i] = src[i]*scale +
// slope*mask[i] (mask may be null). The sum is accumulated in double. A row
// whose w are all -inf gives all zeros. dst may equal src.
void softmax_row(size_t n, float* dst, const float* src, float scale, const float* mask, float slope);

}  // namespace lugh::cpu::simd
