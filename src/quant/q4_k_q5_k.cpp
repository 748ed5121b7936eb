// Q4_K and Q5_K: super-blocks of 256 codes in 8 sub-blocks of 32, each with
// a 6-bit scale and a 6-bit min on the block's fp16 steps d and dmin:
// x = (d·scale)·q − dmin·min. Q4_K's codes are 4 bits; Q5_K adds a fifth bit
// (qh[l] bit s for element l of sub-block s). Sub-blocks 2p and 2p+1 are the
// low and high nibbles of qs[32p .. 32p+31]. Quantization: k_quant_fit.hpp.
#include "core/fp16.hpp"
#include "quant/blocks_k.hpp"
#include "quant/k_quant_fit.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

namespace {

// The fifth bit of element l of sub-block s (none in Q4_K).
int fifth_bit(const BlockQ4_K&, int, int) { return 0; }
int fifth_bit(const BlockQ5_K& b, int s, int l) { return (b.qh[l] >> s) & 1; }
void set_fifth_bits(BlockQ4_K&, const uint8_t*) {}
void set_fifth_bits(BlockQ5_K& b, const uint8_t* codes) {
    for (int l = 0; l < 32; ++l) {
        uint8_t bits = 0;
        for (int s = 0; s < 8; ++s) bits = static_cast<uint8_t>(bits | ((codes[32 * s + l] >> 4) << s));
        b.qh[l] = bits;
    }
}

template <class Block>
void dequantize_k(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const Block*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, y += kSuperBlock) {
        const Block& b = x[i];
        const float d = core::fp16_to_fp32(b.d);
        const float dmin = core::fp16_to_fp32(b.dmin);
        for (int s = 0; s < 8; ++s) {
            uint8_t sc, m;
            k4_scale_min(b.scales, s, &sc, &m);
            const float step = d * static_cast<float>(sc);
            const float offset = dmin * static_cast<float>(m);
            const uint8_t* q = b.qs + 32 * (s / 2);
            const int shift = 4 * (s % 2);
            for (int l = 0; l < 32; ++l) {
                const int code = ((q[l] >> shift) & 0x0f) | (fifth_bit(b, s, l) << 4);
                y[32 * s + l] = step * static_cast<float>(code) - offset;
            }
        }
    }
}

template <class Block>
void quantize_k(const float* x, void* out, int64_t k, int nmax, const MinSearch& search) {
    auto* y = static_cast<Block*>(out);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, x += kSuperBlock) {
        Block& b = y[i];
        uint8_t codes[kSuperBlock];
        fit_k_block(x, nmax, search, &b.d, &b.dmin, b.scales, codes);
        for (int p = 0; p < 4; ++p)
            for (int l = 0; l < 32; ++l)
                b.qs[32 * p + l] =
                    static_cast<uint8_t>((codes[64 * p + l] & 0x0f) | ((codes[64 * p + 32 + l] & 0x0f) << 4));
        set_fifth_bits(b, codes);
    }
}

}  // namespace

void quantize_row_q4_k(const float* x, void* out, int64_t k) {
    quantize_k<BlockQ4_K>(x, out, k, 15, MinSearch{-1.0f, 0.1f, 20, false});
}
void dequantize_row_q4_k(const void* in, float* y, int64_t k) { dequantize_k<BlockQ4_K>(in, y, k); }

void quantize_row_q5_k(const float* x, void* out, int64_t k) {
    quantize_k<BlockQ5_K>(x, out, k, 31, MinSearch{-0.5f, 0.1f, 15, false});
}
void dequantize_row_q5_k(const void* in, float* y, int64_t k) { dequantize_k<BlockQ5_K>(in, y, k); }

}  // namespace lugh::quant
