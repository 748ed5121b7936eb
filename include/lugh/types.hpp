// lugh::Type: the element types of tensors, numbered as upstream ggml (and
// GGUF files) number them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lugh {

enum class Type : int {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,   // blocks of 32 elements: fp16 scale + 16 bytes of 4-bit values
    Q4_1 = 3,   // blocks of 32: fp16 scale and minimum + 4-bit values
    Q5_0 = 6,   // blocks of 32: fp16 scale + 5-bit values
    Q5_1 = 7,   // blocks of 32: fp16 scale and minimum + 5-bit values
    Q8_0 = 8,   // blocks of 32 elements: fp16 scale + 32 int8 values
    Q2_K = 10,  // K-quants: super-blocks of 256 with 6/4-bit sub-block scales
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,  // blocks of 256: float scale + int8 (activations of K-quant products)
    IQ4_NL = 20,   // blocks of 32: fp16 scale + 4-bit indices into a fixed grid
    IQ4_XS = 23,   // the IQ4_NL grid in super-blocks of 256 with 6-bit scales
    I8 = 24,
    I16 = 25,
    I32 = 26,
    BF16 = 30,
};

const char* type_name(Type type);          // "f32", "f16", "q4_K", ... (upstream's names)
size_t type_size(Type type);               // bytes of one block
int64_t block_size(Type type);             // elements of one block (1 unless quantized)
size_t row_size(Type type, int64_t n);     // bytes of n elements (n a multiple of the block size)
bool is_quantized(Type type);

}  // namespace lugh
