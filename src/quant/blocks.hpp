// The block layouts of the 32-element quantized types, fixed by the GGUF file
// format (upstream ggml's structs, byte for byte). Each block holds 32
// consecutive elements of a row behind IEEE half-precision scales (fp16 bits).
//
//   Q8_0   d, 32 × int8 q                          x = q·d
//   Q4_0   d, 16 bytes of 4-bit codes c            x = (c − 8)·d
//   Q4_1   d, m, 16 bytes of 4-bit codes c         x = c·d + m
//   Q5_0   d, qh (32 fifth bits), 16 bytes of c    x = (c − 16)·d, c = low 4 | fifth << 4
//   Q5_1   d, m, qh, 16 bytes of c                 x = c·d + m
//   IQ4_NL d, 16 bytes of 4-bit indices i          x = d·kIq4nlValues[i]
//
// Nibble order (every 4-bit type): byte j holds element j in its low nibble
// and element j + 16 in its high nibble. Fifth bits: bit j of the
// little-endian u32 qh belongs to element j.
//
// The 256-element "K" types are in blocks_k.hpp.
#pragma once

#include <cstdint>

namespace lugh::quant {

constexpr int kBlock = 32;   // elements per block of every type in this file

struct BlockQ8_0 {
    uint16_t d;              // fp16 bits
    int8_t qs[kBlock];
};

struct BlockQ4_0 {
    uint16_t d;              // fp16 bits
    uint8_t qs[kBlock / 2];
};

struct BlockQ4_1 {
    uint16_t d;              // fp16 step
    uint16_t m;              // fp16 offset (the block's minimum)
    uint8_t qs[kBlock / 2];
};

struct BlockQ5_0 {
    uint16_t d;              // fp16 bits
    uint8_t qh[4];           // fifth bit of element j at bit j (little-endian u32)
    uint8_t qs[kBlock / 2];
};

struct BlockQ5_1 {
    uint16_t d;              // fp16 step
    uint16_t m;              // fp16 offset
    uint8_t qh[4];
    uint8_t qs[kBlock / 2];
};

struct BlockIQ4_NL {
    uint16_t d;              // fp16 bits
    uint8_t qs[kBlock / 2];  // indices into kIq4nlValues
};

// The 16 levels of IQ4_NL and IQ4_XS: a non-uniform grid, denser near zero.
constexpr int8_t kIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

// Q5_0 / Q5_1: code j (0..31) of a block, from its nibble and its fifth bit.
inline int q5_code(const uint8_t* qs, const uint8_t* qh, int j) {
    const uint32_t high = qh[j / 8] >> (j % 8) & 1u;   // bit j of the little-endian u32
    const int low = j < kBlock / 2 ? qs[j] & 0x0f : qs[j - kBlock / 2] >> 4;
    return low | static_cast<int>(high << 4);
}

// The inverse: 32 codes (0..31) into qs and qh.
inline void pack_q5_codes(const int* codes, uint8_t* qs, uint8_t* qh) {
    for (int j = 0; j < 4; ++j) qh[j] = 0;
    for (int j = 0; j < kBlock / 2; ++j) qs[j] = static_cast<uint8_t>((codes[j] & 0x0f) | ((codes[j + kBlock / 2] & 0x0f) << 4));
    for (int j = 0; j < kBlock; ++j) qh[j / 8] = static_cast<uint8_t>(qh[j / 8] | ((codes[j] >> 4) & 1) << (j % 8));
}

static_assert(sizeof(BlockQ8_0) == 34, "Q8_0 block layout is fixed by the file format");
static_assert(sizeof(BlockQ4_0) == 18, "Q4_0 block layout is fixed by the file format");
static_assert(sizeof(BlockQ4_1) == 20, "Q4_1 block layout is fixed by the file format");
static_assert(sizeof(BlockQ5_0) == 22, "Q5_0 block layout is fixed by the file format");
static_assert(sizeof(BlockQ5_1) == 24, "Q5_1 block layout is fixed by the file format");
static_assert(sizeof(BlockIQ4_NL) == 18, "IQ4_NL block layout is fixed by the file format");

}  // namespace lugh::quant
