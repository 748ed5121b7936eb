// The integer form of each block type (see integer_form.hpp): decoders of
// one group of one row, following the block layouts in quant/blocks*.hpp.
#include "cpu/matmul/integer_form.hpp"

#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"

namespace lugh::cpu::matmul {

namespace {

using namespace lugh::quant;

template <typename Block>
const Block& block_at(const char* row, int64_t i) {
    return reinterpret_cast<const Block*>(row)[i];
}

float half(uint16_t h) { return core::fp16_to_fp32(h); }

// 32 nibbles in element order: byte j has element j low, j + 16 high.
void nibbles(const uint8_t* qs, uint8_t* codes) {
    for (int j = 0; j < 16; ++j) {
        codes[j] = qs[j] & 0x0f;
        codes[j + 16] = qs[j] >> 4;
    }
}

void fifth_bits(const uint8_t* qh4, uint8_t* codes) {
    uint32_t qh;
    std::memcpy(&qh, qh4, 4);
    for (int j = 0; j < 32; ++j) codes[j] |= static_cast<uint8_t>(((qh >> j) & 1u) << 4);
}

void decode_q8_0(const char* row, int64_t g, uint8_t* codes, float* s, float*) {
    const auto& b = block_at<BlockQ8_0>(row, g);
    for (int i = 0; i < 32; ++i) codes[i] = static_cast<uint8_t>(b.qs[i] + 128);   // -128..127 -> 0..255
    *s = half(b.d);
}

void decode_q4_0(const char* row, int64_t g, uint8_t* codes, float* s, float*) {
    const auto& b = block_at<BlockQ4_0>(row, g);
    nibbles(b.qs, codes);
    *s = half(b.d);
}

void decode_q4_1(const char* row, int64_t g, uint8_t* codes, float* s, float* beta) {
    const auto& b = block_at<BlockQ4_1>(row, g);
    nibbles(b.qs, codes);
    *s = half(b.d);
    *beta = half(b.m);
}

void decode_q5_0(const char* row, int64_t g, uint8_t* codes, float* s, float*) {
    const auto& b = block_at<BlockQ5_0>(row, g);
    nibbles(b.qs, codes);
    fifth_bits(b.qh, codes);
    *s = half(b.d);
}

void decode_q5_1(const char* row, int64_t g, uint8_t* codes, float* s, float* beta) {
    const auto& b = block_at<BlockQ5_1>(row, g);
    nibbles(b.qs, codes);
    fifth_bits(b.qh, codes);
    *s = half(b.d);
    *beta = half(b.m);
}

void decode_iq4_nl(const char* row, int64_t g, uint8_t* codes, float* s, float*) {
    const auto& b = block_at<BlockIQ4_NL>(row, g);
    nibbles(b.qs, codes);
    for (int i = 0; i < 32; ++i) codes[i] = static_cast<uint8_t>(kIq4nlValues[codes[i]] + 128);
    *s = half(b.d);
}

// K-quants: group g of a row is sub-block g % per_block of super-block g / per_block.
void decode_q2_k(const char* row, int64_t g, uint8_t* codes, float* s, float* beta) {
    const auto& b = block_at<BlockQ2_K>(row, g / 16);
    const int sub = static_cast<int>(g % 16);   // elements 16 sub .. 16 sub + 15
    for (int i = 0; i < 16; ++i) {
        const int e = 16 * sub + i, h = e / 128, shift = 2 * ((e % 128) / 32);
        codes[i] = (b.qs[32 * h + e % 32] >> shift) & 3;
    }
    *s = half(b.d) * static_cast<float>(b.scales[sub] & 0x0f);
    *beta = -half(b.dmin) * static_cast<float>(b.scales[sub] >> 4);
}

void decode_q3_k(const char* row, int64_t g, uint8_t* codes, float* s, float*) {
    const auto& b = block_at<BlockQ3_K>(row, g / 16);
    const int sub = static_cast<int>(g % 16);
    for (int i = 0; i < 16; ++i) {
        const int e = 16 * sub + i, h = e / 128, shift = 2 * ((e % 128) / 32);
        const int low = (b.qs[32 * h + e % 32] >> shift) & 3;
        const int high = (b.hmask[e % 32] >> (e / 32)) & 1;
        codes[i] = static_cast<uint8_t>(low + 4 * high);   // value (u - 4) * s
    }
    *s = half(b.d) * static_cast<float>(q3k_scale(b.scales, sub) - 32);
}

void decode_q4_k(const char* row, int64_t g, uint8_t* codes, float* s, float* beta) {
    const auto& b = block_at<BlockQ4_K>(row, g / 8);
    const int sub = static_cast<int>(g % 8);
    uint8_t sc, m;
    k4_scale_min(b.scales, sub, &sc, &m);
    const uint8_t* q = b.qs + 32 * (sub / 2);
    for (int i = 0; i < 32; ++i) codes[i] = (q[i] >> (4 * (sub % 2))) & 0x0f;
    *s = half(b.d) * static_cast<float>(sc);
    *beta = -half(b.dmin) * static_cast<float>(m);
}

void decode_q5_k(const char* row, int64_t g, uint8_t* codes, float* s, float* beta) {
    const auto& b = block_at<BlockQ5_K>(row, g / 8);
    const int sub = static_cast<int>(g % 8);
    uint8_t sc, m;
    k4_scale_min(b.scales, sub, &sc, &m);
    const uint8_t* q = b.qs + 32 * (sub / 2);
    for (int i = 0; i < 32; ++i)
        codes[i] = static_cast<uint8_t>(((q[i] >> (4 * (sub % 2))) & 0x0f) | (((b.qh[i] >> sub) & 1) << 4));
    *s = half(b.d) * static_cast<float>(sc);
    *beta = -half(b.dmin) * static_cast<float>(m);
}

void decode_q6_k(const char* row, int64_t g, uint8_t* codes, float* s, float*) {
    const auto& b = block_at<BlockQ6_K>(row, g / 16);
    const int sub = static_cast<int>(g % 16);
    for (int i = 0; i < 16; ++i) {
        const int e = 16 * sub + i, h = e / 128, grp = (e % 128) / 32, l = e % 32;
        const int low = (b.ql[64 * h + 32 * (grp & 1) + l] >> (grp >= 2 ? 4 : 0)) & 0x0f;
        const int high = (b.qh[32 * h + l] >> (2 * grp)) & 3;
        codes[i] = static_cast<uint8_t>(low | (high << 4));   // value (u - 32) * s
    }
    *s = half(b.d) * static_cast<float>(b.scales[sub]);
}

void decode_iq4_xs(const char* row, int64_t g, uint8_t* codes, float* s, float*) {
    const auto& b = block_at<BlockIQ4_XS>(row, g / 8);
    const int sub = static_cast<int>(g % 8);
    nibbles(b.qs + 16 * sub, codes);
    for (int i = 0; i < 32; ++i) codes[i] = static_cast<uint8_t>(kIq4nlValues[codes[i]] + 128);
    *s = half(b.d) * static_cast<float>(iq4xs_scale(b, sub) - 32);
}

struct Entry {
    ggml_type type;
    IntegerForm form;
};

//                                   group  min   zero small  Q8_K
const Entry kForms[] = {
    {GGML_TYPE_Q8_0, {{32, false, 128, false, false}, decode_q8_0}},
    {GGML_TYPE_Q4_0, {{32, false, 8, true, false}, decode_q4_0}},
    {GGML_TYPE_Q4_1, {{32, true, 0, true, false}, decode_q4_1}},
    {GGML_TYPE_Q5_0, {{32, false, 16, true, false}, decode_q5_0}},
    {GGML_TYPE_Q5_1, {{32, true, 0, true, false}, decode_q5_1}},
    {GGML_TYPE_IQ4_NL, {{32, false, 128, false, false}, decode_iq4_nl}},
    {GGML_TYPE_Q2_K, {{16, true, 0, true, true}, decode_q2_k}},
    {GGML_TYPE_Q3_K, {{16, false, 4, true, true}, decode_q3_k}},
    {GGML_TYPE_Q4_K, {{32, true, 0, true, true}, decode_q4_k}},
    {GGML_TYPE_Q5_K, {{32, true, 0, true, true}, decode_q5_k}},
    {GGML_TYPE_Q6_K, {{16, false, 32, true, true}, decode_q6_k}},
    {GGML_TYPE_IQ4_XS, {{32, false, 128, false, true}, decode_iq4_xs}},
};

}  // namespace

const IntegerForm* integer_form(ggml_type type) {
    for (const Entry& e : kForms)
        if (e.type == type) return &e.form;
    return nullptr;
}

}  // namespace lugh::cpu::matmul
