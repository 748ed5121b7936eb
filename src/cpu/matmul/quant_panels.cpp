// Packing the quantized GEMM's operands (see quant_panels.hpp): each weight
// type decodes a group of one row into its integer form; the packer
// interleaves 32 rows.
#include "cpu/matmul/quant_panels.hpp"

#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"

namespace lugh::cpu::matmul {

namespace {

using quant::BlockQ8_0;
using quant::BlockQ8_K;

// Codes, scale and sum of the codes of group g (`group` elements) of an
// activation row.
struct ActGroup {
    const int8_t* codes;
    float d;
};

ActGroup act_group(const QuantScheme& q, const void* row, int64_t g) {
    const int64_t first = g * q.group;
    if (q.k_activations) {
        const auto& b = static_cast<const BlockQ8_K*>(row)[first / 256];
        return {b.qs + first % 256, b.d};
    }
    const auto& b = static_cast<const BlockQ8_0*>(row)[first / 32];
    return {b.qs + first % 32, core::fp16_to_fp32(b.d)};
}

}  // namespace

const QuantScheme* gemm_scheme(ggml_type type) {
    const IntegerForm* f = integer_form(type);
    return f ? &f->scheme : nullptr;
}

void pack_weight_panel(ggml_type type, const QuantScheme& q, const char* const rows[kPanelRows], int64_t k,
                       uint8_t* out) {
    const DecodeGroupFn decode = integer_form(type)->decode;
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

void pack_act_panel(const QuantScheme& q, const void* const xq[], int nr, int64_t k, uint8_t* out) {
    const int64_t groups = k / q.group;
    const int steps = q.group / 4;
    for (int64_t g = 0; g < groups; ++g) {
        auto* dx = reinterpret_cast<float*>(out + static_cast<size_t>(q.group) * nr);
        auto* side = dx + nr;   // int32 offsets or float sums, one per row
        for (int j = 0; j < nr; ++j) {
            int32_t sum = 0;
            float d = 0.0f;
            if (xq[j]) {
                const ActGroup a = act_group(q, xq[j], g);
                for (int st = 0; st < steps; ++st) std::memcpy(out + (st * nr + j) * 4, a.codes + 4 * st, 4);
                for (int i = 0; i < q.group; ++i) sum += a.codes[i];
                d = a.d;
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
