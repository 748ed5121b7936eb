// Every block-quantized weight type read as one integer form, which the
// quantized GEMM's packing and the scalar row dots use: along a row, groups
// of `group` elements (32, or 16 for the K-quants with 16-element
// sub-blocks); each element an unsigned 8-bit code u; each group a float
// scale s and either an integer zero point z (value = s * (u - z)) or a
// float minimum beta (value = s * u + beta). For example Q4_0 is u = c,
// s = d, z = 8; Q8_0 is u = q + 128, z = 128; Q4_K is u = c, s = d * sc,
// beta = -dmin * m. s and beta are exact in float (an fp16 step times a
// small integer).
#pragma once

#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::cpu::matmul {

struct QuantScheme {
    int group;          // elements per scale: 32 or 16
    bool has_min;       // value = s * u + beta; else s * (u - zero)
    int zero;           // the zero point (zero-point types)
    bool small_codes;   // every code is below 128
    bool k_activations; // upstream quantizes b per 256 (Q8_K) for this type, else per 32 (Q8_0)
};

// Group g of a row of the type: `group` codes, its scale and (minimum
// types) beta.
using DecodeGroupFn = void (*)(const char* row, int64_t g, uint8_t* codes, float* scale, float* beta);

struct IntegerForm {
    QuantScheme scheme;
    DecodeGroupFn decode;
};

// The integer form of a weight type; nullptr for a type without one.
const IntegerForm* integer_form(ggml_type type);

}  // namespace lugh::cpu::matmul
