// Row helpers the CPU kernels call for block-quantized tensors: GET_ROWS
// (dequantize a row) and CPY from F32 (quantize a row), for every block
// type. Strided rows are handled one block (32 or 256 elements) at a time,
// so no scratch memory is needed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::quant {

// n elements (whole blocks) of a `type` row to floats at dst, dst_stride bytes apart.
void dequantize_row_to(ggml_type type, const void* row, char* dst, size_t dst_stride, int64_t n);
// n floats at src, src_stride bytes apart, quantized into the `type` row at dst.
void quantize_row_from(ggml_type type, const char* src, size_t src_stride, void* dst, int64_t n);

}  // namespace lugh::quant
