// The block layouts of the quantized types, fixed by the GGUF file format.
//
// Both hold 32 elements per block behind one IEEE half-precision scale d:
//   Q8_0: d, then 32 signed bytes q;            value = q * d
//   Q4_0: d, then 16 bytes of 4-bit codes c;    value = (c - 8) * d
//         byte j holds element j in its low nibble and element j + 16 in its
//         high nibble (the order upstream files use).
#pragma once

#include <cstdint>

namespace lugh::quant {

constexpr int kBlock = 32;   // elements per block for both types

struct BlockQ8_0 {
    uint16_t d;              // fp16 bits
    int8_t qs[kBlock];
};

struct BlockQ4_0 {
    uint16_t d;              // fp16 bits
    uint8_t qs[kBlock / 2];
};

static_assert(sizeof(BlockQ8_0) == 34, "Q8_0 block layout is fixed by the file format");
static_assert(sizeof(BlockQ4_0) == 18, "Q4_0 block layout is fixed by the file format");

}  // namespace lugh::quant
