#include "cpu/matmul/activation.hpp"

#include <cstring>

#include "core/fp16.hpp"
#include "cpu/matmul/integer_form.hpp"
#include "cpu/matmul/quantize_q8_k.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

namespace lugh::cpu::matmul {

namespace {

size_t round64(size_t n) { return (n + 63) & ~size_t{63}; }
size_t q8_bytes(int64_t k) { return static_cast<size_t>(k / quant::kBlock) * sizeof(quant::BlockQ8_0); }

// A q8_0_grouped row: groups first (64-byte aligned), then the blocks, the
// scales, the offset sums and the float sums.
struct Layout {
    size_t groups = 0, q8, scale, offset, sum_dx, end;
    explicit Layout(int64_t k) {
        const size_t nb = static_cast<size_t>(k / quant::kBlock);
        q8 = static_cast<size_t>(activation_groups(k)) * sizeof(ActivationGroup);
        scale = q8 + round64(q8_bytes(k));
        offset = scale + round64(nb * sizeof(float));
        sum_dx = offset + round64(nb * sizeof(int32_t));
        end = sum_dx + round64(nb * sizeof(float));
    }
};

// Fill the side data and groups of a grouped row from its Q8_0 blocks.
void prepare(const void* q8, int64_t k, int zero, float* scale, int32_t* offset_sum, float* sum_dx,
             ActivationGroup* groups) {
    const auto* x = static_cast<const quant::BlockQ8_0*>(q8);
    const int64_t nb = k / quant::kBlock;
    for (int64_t b = 0; b < nb; ++b) {
        int32_t s = 0;
        for (int j = 0; j < quant::kBlock; ++j) s += x[b].qs[j];
        scale[b] = core::fp16_to_fp32(x[b].d);
        offset_sum[b] = -zero * s;
        sum_dx[b] = scale[b] * static_cast<float>(s);
    }
    for (int64_t g = 0; g < activation_groups(k); ++g) {
        ActivationGroup& out = groups[g];
        std::memset(&out, 0, sizeof out);
        for (int i = 0; i < 8 && 8 * g + i < nb; ++i) {
            const int64_t b = 8 * g + i;
            int8_t* pair = out.codes[i / 2];
            std::memcpy(pair + 16 * (i % 2), x[b].qs, 16);
            std::memcpy(pair + 32 + 16 * (i % 2), x[b].qs + 16, 16);
            out.offset[i / 2][4 * (i % 2)] = offset_sum[b];
        }
    }
}

}  // namespace

ActFormat act_format(ggml_type weights) {
    const IntegerForm* f = integer_form(weights);
    return f && f->scheme.k_activations ? ActFormat::q8_k : ActFormat::q8_0_grouped;
}

size_t act_row_bytes(ggml_type weights, int64_t k) {
    switch (act_format(weights)) {
        case ActFormat::q8_0_grouped: return Layout(k).end;
        case ActFormat::q8_k: return round64(static_cast<size_t>(k / quant::kSuperBlock) * sizeof(quant::BlockQ8_K));
    }
    return 0;
}

ActGroup act_group(const void* blocks, bool k_blocks, int64_t g, int group) {
    const int64_t first = g * group;
    if (k_blocks) {
        const auto& b = static_cast<const quant::BlockQ8_K*>(blocks)[first / quant::kSuperBlock];
        return {b.qs + first % quant::kSuperBlock, b.d};
    }
    const auto& b = static_cast<const quant::BlockQ8_0*>(blocks)[first / quant::kBlock];
    return {b.qs + first % quant::kBlock, core::fp16_to_fp32(b.d)};
}

ActivationRow activation_row(const void* row, int64_t k) {
    const Layout l(k);
    const char* base = static_cast<const char*>(row);
    return {base + l.q8, reinterpret_cast<const float*>(base + l.scale),
            reinterpret_cast<const int32_t*>(base + l.offset), reinterpret_cast<const float*>(base + l.sum_dx),
            reinterpret_cast<const ActivationGroup*>(base)};
}

void quantize_act_row(ggml_type weights, const float* x, int64_t k, void* out) {
    switch (act_format(weights)) {
        case ActFormat::q8_k: return quantize_act_q8_k(x, out, k);
        case ActFormat::q8_0_grouped: break;
    }
    const Layout l(k);
    char* base = static_cast<char*>(out);
    quant::quantize_row_q8_0(x, base + l.q8, k);
    const IntegerForm& f = *integer_form(weights);
    prepare(base + l.q8, k, f.scheme.has_min ? 0 : f.scheme.zero, reinterpret_cast<float*>(base + l.scale),
            reinterpret_cast<int32_t*>(base + l.offset), reinterpret_cast<float*>(base + l.sum_dx),
            reinterpret_cast<ActivationGroup*>(base));
}

}  // namespace lugh::cpu::matmul
