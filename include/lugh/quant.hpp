// Converting floats to and from Lugh's storage types (F32, F16, BF16, Q8_0, Q4_0).
//
//     std::vector<float> w(4096 * 32);
//     auto q = lugh::quant::quantize(lugh::Type::Q4_0, w, 4096);   // 32 rows of 4096
//     std::vector<float> back = lugh::quant::dequantize(lugh::Type::Q4_0, q.data(), w.size());
//
// Q8_0 and Q4_0 follow upstream ggml's reference rounding bit for bit. Errors
// (a type without a conversion, a row that is not a whole number of blocks)
// throw lugh::Error.
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
size_t quantize(Type type, const float* src, void* dst, int64_t nrows, int64_t n_per_row);
// n elements (a whole number of blocks) of `type` back to floats.
std::vector<float> dequantize(Type type, const void* src, int64_t n);
void dequantize(Type type, const void* src, float* dst, int64_t n);

}  // namespace lugh::quant
