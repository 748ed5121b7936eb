// Converting floats to and from Lugh's storage types: F32, F16, BF16 and the
// block types Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K,
// IQ4_NL, IQ4_XS (blocks of 32 or 256 elements; docs/weights.md).
//
//     std::vector<float> w(4096 * 32);
//     auto q = lugh::quant::quantize(lugh::Type::Q4_K, w, 4096);   // 32 rows of 4096
//     std::vector<float> back = lugh::quant::dequantize(lugh::Type::Q4_K, q.data(), w.size());
//
// Quantization writes exactly the bytes of upstream ggml's reference
// quantizer (the one llama-quantize uses without an importance matrix), and
// dequantization gives exactly ggml's floats. Errors (a type without a
// conversion, a row that is not a whole number of blocks, a NULL pointer, a
// NaN or infinity headed for a block type) throw lugh::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lugh/error.hpp"
#include "lugh/types.hpp"

namespace lugh::quant {

// Quantize values.size() / n_per_row rows; values.size() must be a multiple of n_per_row.
std::vector<unsigned char> quantize(Type type, const std::vector<float>& values, int64_t n_per_row);
// Quantize nrows rows of n_per_row floats into dst; returns the bytes written (row_size * nrows).
// Non-finite values are refused for block types (the error names the row and element).
size_t quantize(Type type, const float* src, void* dst, int64_t nrows, int64_t n_per_row);
// The index of the first NaN or infinity among n values, or -1 when all are finite.
int64_t find_non_finite(const float* values, int64_t n);
// n elements (a whole number of blocks) of `type` back to floats.
std::vector<float> dequantize(Type type, const void* src, int64_t n);
void dequantize(Type type, const void* src, float* dst, int64_t n);

}  // namespace lugh::quant
