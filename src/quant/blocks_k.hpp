// The block layouts of the 256-element "super-block" types (upstream ggml's
// K-quants and IQ4_XS), fixed by the GGUF file format byte for byte, and the
// small decoders (and one packer) of their packed fields that every reader
// and writer of these blocks (dequantization, dot products, quantization)
// shares.
//
// Element i of a block (0..255) lives here (docs/weights.md has the tables):
//   Q2_K  2-bit code in qs[32·(i/128) + i%32], bits 2·((i%128)/32);
//         sub-block i/16: scale = scales[s] & 15, min = scales[s] >> 4;
//         x = d·scale·q − dmin·min
//   Q3_K  low 2 bits as Q2_K; high bit in hmask[i%32], bit i/32 (set: +0,
//         clear: −4); 6-bit scale per 16 (q3k_scale);
//         x = d·(scale − 32)·(q_low − (high ? 0 : 4))
//   Q4_K  4-bit code in qs[32·(i/64) + i%32], low nibble if (i%64) < 32;
//         6-bit scale and min per 32 (k4_scale_min); x = d·sc·q − dmin·m
//   Q5_K  as Q4_K plus a fifth bit in qh[i%32], bit i/32 (+16)
//   Q6_K  low 4 bits in ql[64·(i/128) + i%32 + 32·(((i%128)/32) & 1)], high
//         nibble if (i%128) >= 64; high 2 bits in qh[32·(i/128) + i%32], bits
//         2·((i%128)/32); int8 scale per 16; x = d·scale·(q − 32)
//   Q8_K  float d, int8 q; x = d·q (the activation type of the K-quant dot
//         products; bsums[k] = sum of q over elements 16k..16k+15)
//   IQ4_XS eight IQ4_NL-like sub-blocks of 32 (nibbles as in blocks.hpp) with
//         a 6-bit scale each (iq4xs_scale); x = d·(scale − 32)·kIq4nlValues[q]
#pragma once

#include <cstdint>

namespace lugh::quant {

constexpr int kSuperBlock = 256;   // elements per block of every type in this file
constexpr int kScaleBytes = 12;    // Q3_K/Q4_K/Q5_K: 16 or 2×8 six-bit numbers, packed

struct BlockQ2_K {
    uint8_t scales[kSuperBlock / 16];   // per 16: low nibble scale, high nibble min
    uint8_t qs[kSuperBlock / 4];        // 2-bit codes
    uint16_t d;                         // fp16 step of the scales
    uint16_t dmin;                      // fp16 step of the mins
};

struct BlockQ3_K {
    uint8_t hmask[kSuperBlock / 8];     // high bit of each code
    uint8_t qs[kSuperBlock / 4];        // low 2 bits of each code
    uint8_t scales[kScaleBytes];        // 16 six-bit scales (q3k_scale)
    uint16_t d;                         // fp16
};

struct BlockQ4_K {
    uint16_t d;                         // fp16 step of the scales
    uint16_t dmin;                      // fp16 step of the mins
    uint8_t scales[kScaleBytes];        // 8 six-bit scales and 8 six-bit mins (k4_scale_min)
    uint8_t qs[kSuperBlock / 2];        // 4-bit codes
};

struct BlockQ5_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[kScaleBytes];
    uint8_t qh[kSuperBlock / 8];        // fifth bits
    uint8_t qs[kSuperBlock / 2];        // low 4 bits
};

struct BlockQ6_K {
    uint8_t ql[kSuperBlock / 2];        // low 4 bits
    uint8_t qh[kSuperBlock / 4];        // high 2 bits
    int8_t scales[kSuperBlock / 16];    // one signed 8-bit scale per 16
    uint16_t d;                         // fp16
};

struct BlockQ8_K {
    float d;                            // float32, not fp16
    int8_t qs[kSuperBlock];
    int16_t bsums[kSuperBlock / 16];    // sums of qs in groups of 16
};

struct BlockIQ4_XS {
    uint16_t d;                         // fp16
    uint16_t scales_h;                  // high 2 bits of the 8 scales
    uint8_t scales_l[kSuperBlock / 64]; // low 4 bits of the 8 scales
    uint8_t qs[kSuperBlock / 2];        // indices into kIq4nlValues
};

static_assert(sizeof(BlockQ2_K) == 84, "Q2_K block layout is fixed by the file format");
static_assert(sizeof(BlockQ3_K) == 110, "Q3_K block layout is fixed by the file format");
static_assert(sizeof(BlockQ4_K) == 144, "Q4_K block layout is fixed by the file format");
static_assert(sizeof(BlockQ5_K) == 176, "Q5_K block layout is fixed by the file format");
static_assert(sizeof(BlockQ6_K) == 210, "Q6_K block layout is fixed by the file format");
static_assert(sizeof(BlockQ8_K) == 292, "Q8_K block layout is fixed by the file format");
static_assert(sizeof(BlockIQ4_XS) == 136, "IQ4_XS block layout is fixed by the file format");

// Q4_K / Q5_K: the 6-bit scale and min of sub-block j (0..7). Sub-blocks 0..3
// keep theirs in the low 6 bits of bytes j and j+4; 4..7 in the nibbles of
// byte j+4, with their top 2 bits in the spare top bits of bytes j−4 and j.
inline void k4_scale_min(const uint8_t* scales, int j, uint8_t* sc, uint8_t* m) {
    if (j < 4) {
        *sc = scales[j] & 63;
        *m = scales[j + 4] & 63;
    } else {
        *sc = static_cast<uint8_t>((scales[j + 4] & 0x0f) | ((scales[j - 4] >> 6) << 4));
        *m = static_cast<uint8_t>((scales[j + 4] >> 4) | ((scales[j] >> 6) << 4));
    }
}

// The inverse of k4_scale_min: stores sc and m (each 0..63) for sub-block j,
// keeping the bits other sub-blocks own.
inline void set_k4_scale_min(uint8_t* scales, int j, uint8_t sc, uint8_t m) {
    if (j < 4) {
        scales[j] = static_cast<uint8_t>((scales[j] & 0xc0) | sc);
        scales[j + 4] = static_cast<uint8_t>((scales[j + 4] & 0xc0) | m);
    } else {
        scales[j + 4] = static_cast<uint8_t>((sc & 0x0f) | ((m & 0x0f) << 4));
        scales[j - 4] = static_cast<uint8_t>((scales[j - 4] & 0x3f) | ((sc >> 4) << 6));
        scales[j] = static_cast<uint8_t>((scales[j] & 0x3f) | ((m >> 4) << 6));
    }
}

// Q3_K: the scale of sub-block j (0..15) as stored, 0..63 (the value used is
// this minus 32). Low 4 bits: a nibble of bytes 0..7 (low for j < 8); top 2
// bits: bits 2·(j/4) of byte 8 + j%4.
inline int q3k_scale(const uint8_t* scales, int j) {
    const int low = j < 8 ? scales[j] & 0x0f : scales[j - 8] >> 4;
    const int high = (scales[8 + j % 4] >> (2 * (j / 4))) & 3;
    return low | (high << 4);
}

// IQ4_XS: the scale of sub-block ib (0..7) as stored, 0..63 (used minus 32).
inline int iq4xs_scale(const BlockIQ4_XS& b, int ib) {
    const int low = (b.scales_l[ib / 2] >> (4 * (ib % 2))) & 0x0f;
    const int high = (b.scales_h >> (2 * ib)) & 3;
    return low | (high << 4);
}

// Q2_K / Q3_K: 256 two-bit codes (0..3) into qs, element 128h + 32g + l at
// bits 2g of byte 32h + l.
inline void pack_2bit_codes(const uint8_t* codes, uint8_t* qs) {
    for (int h = 0; h < 2; ++h)
        for (int l = 0; l < 32; ++l) {
            const uint8_t* c = codes + 128 * h + l;
            qs[32 * h + l] = static_cast<uint8_t>(c[0] | (c[32] << 2) | (c[64] << 4) | (c[96] << 6));
        }
}

}  // namespace lugh::quant
