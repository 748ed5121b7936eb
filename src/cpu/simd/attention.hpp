// Attention scores of a few query rows against many short key rows, in one
// call: what flash_attn_ext does when a work item has fewer query rows than
// make the blocked GEMM worth its packing (one query head per KV head, at one
// token), and for the same reason its weighting of transposed values (each
// value channel a "key" over the positions). A dot product call per key, for
// head widths of 16 to 128, would spend more on the call and the final sum
// than on the products.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lugh::cpu::simd {

// scores[r * n + j] = sum over i < d of key_j[i] * q[r * d + i], for r < rows
// and j < n; key j starts at keys + j * ldk (elements). Each sum is taken in
// a fixed order for a given d and SIMD target.
void attention_scores_f16(size_t n, size_t d, const uint16_t* keys, size_t ldk, const float* q, size_t rows,
                          float* scores);
void attention_scores_f32(size_t n, size_t d, const float* keys, size_t ldk, const float* q, size_t rows,
                          float* scores);

}  // namespace lugh::cpu::simd
