// Packing the quantized GEMM's operands (see quant_panels.hpp): each weight
// type decodes a group of one row into codes, a scale and a zero point or
// minimum; the packer interleaves 32 rows.
#include "cpu/matmul/quant_panels.hpp"

#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"

namespace lugh::cpu::matmul {

namespace {

using quant::BlockQ4_0;
using quant::BlockQ8_0;

// Group g of a row: `group` codes, the scale and (minimum types) beta.
using DecodeGroupFn = void (*)(const char* row, int64_t g, uint8_t* codes, float* scale, float* beta);

void decode_q8_0(const char* row, int64_t g, uint8_t* codes, float* scale, float*) {
    const auto& b = reinterpret_cast<const BlockQ8_0*>(row)[g];
    for (int i = 0; i < 32; ++i) codes[i] = static_cast<uint8_t>(b.qs[i] + 128);   // q in -128..127 -> 0..255
    *scale = core::fp16_to_fp32(b.d);
}

void decode_q4_0(const char* row, int64_t g, uint8_t* codes, float* scale, float*) {
    const auto& b = reinterpret_cast<const BlockQ4_0*>(row)[g];
    for (int i = 0; i < 16; ++i) {
        codes[i] = b.qs[i] & 0x0f;
        codes[i + 16] = b.qs[i] >> 4;
    }
    *scale = core::fp16_to_fp32(b.d);
}

struct TypeEntry {
    ggml_type type;
    QuantScheme scheme;
    DecodeGroupFn decode;
};

const TypeEntry kTypes[] = {
    {GGML_TYPE_Q8_0, {32, false, 128, false}, decode_q8_0},
    {GGML_TYPE_Q4_0, {32, false, 8, true}, decode_q4_0},
};

const TypeEntry* entry(ggml_type type) {
    for (const TypeEntry& e : kTypes)
        if (e.type == type) return &e;
    return nullptr;
}

}  // namespace

const QuantScheme* gemm_scheme(ggml_type type) {
    const TypeEntry* e = entry(type);
    return e ? &e->scheme : nullptr;
}

void pack_weight_panel(ggml_type type, const QuantScheme& q, const char* const rows[kPanelRows], int64_t k,
                       uint8_t* out) {
    const DecodeGroupFn decode = entry(type)->decode;
    const int64_t groups = k / q.group;
    const int steps = q.group / 4;
    uint8_t codes[32];
    for (int64_t g = 0; g < groups; ++g) {
        auto* scale = reinterpret_cast<float*>(out + static_cast<size_t>(q.group) * kPanelRows);
        float* beta = scale + kPanelRows;
        for (int m = 0; m < kPanelRows; ++m) {
            float s = 0.0f, b = 0.0f;
            if (rows[m]) decode(rows[m], g, codes, &s, &b);
            else std::memset(codes, 0, sizeof codes);
            for (int st = 0; st < steps; ++st) std::memcpy(out + (st * kPanelRows + m) * 4, codes + 4 * st, 4);
            scale[m] = s;
            if (q.has_min) beta[m] = b;
        }
        out += weight_group_bytes(q);
    }
}

void pack_act_panel(const QuantScheme& q, const void* const q8[], int nr, int64_t k, uint8_t* out) {
    const int64_t groups = k / q.group;
    const int steps = q.group / 4;
    for (int64_t g = 0; g < groups; ++g) {
        const int64_t block = g * q.group / 32;
        const int first = static_cast<int>(g * q.group % 32);   // 0, or 16 for the second half of a block
        auto* dx = reinterpret_cast<float*>(out + static_cast<size_t>(q.group) * nr);
        auto* side = dx + nr;   // int32 offsets or float sums, one per row
        for (int j = 0; j < nr; ++j) {
            int32_t sum = 0;
            float d = 0.0f;
            if (q8[j]) {
                const auto& b = static_cast<const BlockQ8_0*>(q8[j])[block];
                for (int st = 0; st < steps; ++st) std::memcpy(out + (st * nr + j) * 4, b.qs + first + 4 * st, 4);
                for (int i = 0; i < q.group; ++i) sum += b.qs[first + i];
                d = core::fp16_to_fp32(b.d);
            } else {
                for (int st = 0; st < steps; ++st) std::memset(out + (st * nr + j) * 4, 0, 4);
            }
            dx[j] = d;
            if (q.has_min) side[j] = d * static_cast<float>(sum);
            else reinterpret_cast<int32_t*>(side)[j] = -q.zero * sum;
        }
        out += act_group_bytes(q, nr);
    }
}

}  // namespace lugh::cpu::matmul
