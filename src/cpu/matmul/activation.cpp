#include "cpu/matmul/activation.hpp"

#include <cstring>

#include "core/fp16.hpp"
#include "cpu/matmul/quantize_q8_k.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

namespace lugh::cpu::matmul {

namespace {

size_t round64(size_t n) { return (n + 63) & ~size_t{63}; }
size_t q8_bytes(int64_t k) { return static_cast<size_t>(k / quant::kBlock) * sizeof(quant::BlockQ8_0); }

// A q8_0_grouped row: groups first (64-byte aligned), then the blocks, the
// scales and the offset sums.
struct Layout {
    size_t groups = 0, q8, scale, offset, end;
    explicit Layout(int64_t k) {
        const size_t nb = static_cast<size_t>(k / quant::kBlock);
        q8 = static_cast<size_t>(activation_groups(k)) * sizeof(ActivationGroup);
        scale = q8 + round64(q8_bytes(k));
        offset = scale + round64(nb * sizeof(float));
        end = offset + round64(nb * sizeof(int32_t));
    }
};

}  // namespace

size_t act_row_bytes(ActFormat format, int64_t k) {
    switch (format) {
        case ActFormat::q8_0: return round64(q8_bytes(k));
        case ActFormat::q8_0_grouped: return Layout(k).end;
        case ActFormat::q8_1: return round64(q8_bytes(k)) + round64(static_cast<size_t>(k / quant::kBlock) * sizeof(float));
        case ActFormat::q8_k: return round64(static_cast<size_t>(k / quant::kSuperBlock) * sizeof(quant::BlockQ8_K));
    }
    return 0;
}

const float* q8_1_sums(const void* row, int64_t k) {
    return reinterpret_cast<const float*>(static_cast<const char*>(row) + round64(q8_bytes(k)));
}

const void* q8_0_blocks(ActFormat format, const void* row, int64_t k) {
    return format == ActFormat::q8_0_grouped ? activation_row(row, k).q8 : row;
}

ActivationRow activation_row(const void* row, int64_t k) {
    const Layout l(k);
    const char* base = static_cast<const char*>(row);
    return {base + l.q8, reinterpret_cast<const float*>(base + l.scale),
            reinterpret_cast<const int32_t*>(base + l.offset), reinterpret_cast<const ActivationGroup*>(base)};
}

void quantize_act_row(ActFormat format, const float* x, int64_t k, void* out) {
    switch (format) {
        case ActFormat::q8_0: return quant::quantize_row_q8_0(x, out, k);
        case ActFormat::q8_k: return quantize_act_q8_k(x, out, k);
        case ActFormat::q8_1: {
            quant::quantize_row_q8_0(x, out, k);
            const auto* blocks = static_cast<const quant::BlockQ8_0*>(out);
            auto* sums = const_cast<float*>(q8_1_sums(out, k));
            for (int64_t b = 0; b < k / quant::kBlock; ++b) {
                int32_t s = 0;
                for (int j = 0; j < quant::kBlock; ++j) s += blocks[b].qs[j];
                sums[b] = core::fp16_to_fp32(blocks[b].d) * static_cast<float>(s);
            }
            return;
        }
        case ActFormat::q8_0_grouped: break;
    }
    const Layout l(k);
    char* base = static_cast<char*>(out);
    quant::quantize_row_q8_0(x, base + l.q8, k);
    prepare_activation(base + l.q8, k, reinterpret_cast<float*>(base + l.scale),
                       reinterpret_cast<int32_t*>(base + l.offset), reinterpret_cast<ActivationGroup*>(base));
}

void prepare_activation(const void* q8, int64_t k, float* scale, int32_t* offset_sum, ActivationGroup* groups) {
    const auto* x = static_cast<const quant::BlockQ8_0*>(q8);
    const int64_t nb = k / quant::kBlock;
    for (int64_t b = 0; b < nb; ++b) {
        int32_t s = 0;
        for (int j = 0; j < quant::kBlock; ++j) s += x[b].qs[j];
        scale[b] = core::fp16_to_fp32(x[b].d);
        offset_sum[b] = -8 * s;
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

}  // namespace lugh::cpu::matmul
