// Row conversions between float and each storage type, plus the checked
// entry point behind ggml_quantize_chunk.
//
// Quantization follows upstream's reference rounding exactly for finite input,
// so files Lugh writes match files written elsewhere bit for bit. A block that
// holds a NaN or an infinity gets a NaN scale: the whole block reads back as NaN
// (no undefined float-to-int conversions, and the damage stays visible).
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::quant {

// The scalar reference conversions of each block type, k elements (a whole
// number of blocks: 32 or 256 elements, see blocks.hpp / blocks_k.hpp).
// Dequantization gives exactly upstream ggml's floats; quantization exactly
// the bytes of upstream's reference quantizer (no importance matrix).
void quantize_row_q8_0(const float* x, void* y, int64_t k);
void dequantize_row_q8_0(const void* x, float* y, int64_t k);
void quantize_row_q4_0(const float* x, void* y, int64_t k);
void dequantize_row_q4_0(const void* x, float* y, int64_t k);
void quantize_row_q4_1(const float* x, void* y, int64_t k);
void dequantize_row_q4_1(const void* x, float* y, int64_t k);
void quantize_row_q5_0(const float* x, void* y, int64_t k);
void dequantize_row_q5_0(const void* x, float* y, int64_t k);
void quantize_row_q5_1(const float* x, void* y, int64_t k);
void dequantize_row_q5_1(const void* x, float* y, int64_t k);
void quantize_row_q2_k(const float* x, void* y, int64_t k);
void dequantize_row_q2_k(const void* x, float* y, int64_t k);
void quantize_row_q3_k(const float* x, void* y, int64_t k);
void dequantize_row_q3_k(const void* x, float* y, int64_t k);
void quantize_row_q4_k(const float* x, void* y, int64_t k);
void dequantize_row_q4_k(const void* x, float* y, int64_t k);
void quantize_row_q5_k(const float* x, void* y, int64_t k);
void dequantize_row_q5_k(const void* x, float* y, int64_t k);
void quantize_row_q6_k(const float* x, void* y, int64_t k);
void dequantize_row_q6_k(const void* x, float* y, int64_t k);
void quantize_row_q8_k(const float* x, void* y, int64_t k);
void dequantize_row_q8_k(const void* x, float* y, int64_t k);
void quantize_row_iq4_nl(const float* x, void* y, int64_t k);
void dequantize_row_iq4_nl(const void* x, float* y, int64_t k);
void quantize_row_iq4_xs(const float* x, void* y, int64_t k);
void dequantize_row_iq4_xs(const void* x, float* y, int64_t k);

using ToFloatFn = void (*)(const void* x, float* y, int64_t k);
using FromFloatFn = void (*)(const float* x, void* y, int64_t k);

// nullptr when the type has no float conversion (integer or unknown types).
ToFloatFn to_float_fn(ggml_type type);
FromFloatFn from_float_fn(ggml_type type);

// Convert nrows rows of n_per_row floats, starting at element `start` of src
// (a whole number of rows), into dst at the matching row. Returns the bytes
// written. Throws lugh::Error, naming `caller`, for a type without a
// conversion, a row length that is not a whole number of blocks, negative
// counts or a start inside a row.
size_t quantize_rows(ggml_type type, const float* src, void* dst, int64_t start, int64_t nrows,
                     int64_t n_per_row, const char* caller);

}  // namespace lugh::quant
