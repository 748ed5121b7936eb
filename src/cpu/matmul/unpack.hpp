// Rows of block-quantized weights unpacked into their integer form
// (integer_form.hpp) for the quantized GEMM's packing: every code as one
// byte in element order, and each group's scale (and minimum).
#pragma once

#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::cpu::matmul {

// k elements of one row: codes[k], scales[k / group], betas[k / group]
// (minimum types only; untouched otherwise).
using UnpackRowFn = void (*)(const char* row, int64_t k, uint8_t* codes, float* scales, float* betas);

// The unpacker of a type for the kernel level allowed now (AVX2 where
// available, else the integer form's group decoder one group at a time).
UnpackRowFn unpack_row(ggml_type type);
// The portable one (tests compare the others with it).
UnpackRowFn unpack_row_scalar(ggml_type type);
#if defined(__x86_64__)
UnpackRowFn unpack_row_avx2(ggml_type type);   // unpack_avx2.cpp; nullptr for a type it lacks
#endif

}  // namespace lugh::cpu::matmul
