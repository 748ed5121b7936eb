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
    Q8_0 = 8,   // blocks of 32 elements: fp16 scale + 32 int8 values
    I8 = 24,
    I16 = 25,
    I32 = 26,
    BF16 = 30,
};

const char* type_name(Type type);          // "f32", "f16", ...
size_t type_size(Type type);               // bytes of one block
int64_t block_size(Type type);             // elements of one block (1 unless quantized)
size_t row_size(Type type, int64_t n);     // bytes of n elements (n a multiple of the block size)
bool is_quantized(Type type);

}  // namespace lugh
