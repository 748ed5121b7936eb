// IQ4_NL and IQ4_XS: 4-bit indices into a fixed non-uniform grid
// (kIq4nlValues). IQ4_NL has one fp16 scale per 32 elements; IQ4_XS has
// super-blocks of 256 with a 6-bit scale per 32 on one fp16 step.
//
// Reference quantization (upstream's, as llama-quantize writes files): each
// group of 32 gets a scale by fit_grid_scale (weights x²); IQ4_NL stores it as
// fp16 and picks every index again with it; IQ4_XS sets d = m/−32 from the
// scale of largest magnitude m, rounds each group's scale to −32..31 on it,
// and picks the group's indices again with the rounded scale.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"
#include "quant/reference_math.hpp"
#include "quant/rows.hpp"
#include "quant/scale_search.hpp"

namespace lugh::quant {

namespace {

constexpr int kGridTries = 7;   // candidate scales (127 ± t)/max, t = −7..7

// Twice the midpoint between level j−1 and level j (j = 1..15), and the
// levels as floats: exact small integers, converted once.
struct GridTables {
    float twice_mid[16] = {};
    float level[16] = {};
    constexpr GridTables() {
        for (int j = 0; j < 16; ++j) {
            level[j] = static_cast<float>(kIq4nlValues[j]);
            if (j > 0) twice_mid[j] = static_cast<float>(kIq4nlValues[j - 1] + kIq4nlValues[j]);
        }
    }
};
constexpr GridTables kGrid;

// The grid index nearest v, ties to the larger value: level j is taken once
// 2v reaches the sum of it and the one below (exact in float). A branchless
// binary search over the 16 levels; NaN gives 0.
int nearest_grid_index(float v) {
    const float v2 = v + v;
    int idx = 0;
    for (int step = 8; step > 0; step /= 2) idx = v2 >= kGrid.twice_mid[idx + step] ? idx + step : idx;
    return idx;
}

// Σ w·q·x and Σ w·q² over a group for the indices id·x picks, w = x².
void grid_sums(const float* x, float id, uint8_t* L, float* sumqx, float* sumq2) {
    float qx = 0.0f, q2 = 0.0f;
    for (int j = 0; j < 32; ++j) {
        const int l = nearest_grid_index(id * x[j]);
        if (L) L[j] = static_cast<uint8_t>(l);
        const float q = kGrid.level[l];
        const float w = x[j] * x[j];
        qx += w * q * x[j];
        q2 += w * q * q;
    }
    *sumqx = qx;
    *sumq2 = q2;
}

// The best scale for one group of 32 (0 for a zero group): start from
// max/127, then try 15 candidates around it and keep the largest
// sumqx²/sumq2, the scale being sumqx/sumq2.
float fit_grid_scale(const float* x) {
    float amax;
    const float max = largest_magnitude(x, 32, &amax);
    if (amax < kGroupMaxEps) return 0.0f;
    const float lowest = static_cast<float>(kIq4nlValues[0]);
    float sumqx, sumq2;
    grid_sums(x, 1.0f / (-max / lowest), nullptr, &sumqx, &sumq2);
    float d = sumq2 > 0.0f ? sumqx / sumq2 : 0.0f;
    float best = d * sumqx;
    for (int t = -kGridTries; t <= kGridTries; ++t) {
        grid_sums(x, static_cast<float>(t + kIq4nlValues[0]) / max, nullptr, &sumqx, &sumq2);
        if (sumq2 > 0.0f && sumqx * sumqx > best * sumq2) {
            d = sumqx / sumq2;
            best = d * sumqx;
        }
    }
    return d;
}

// 32 indices for step d (0: index of the level nearest 0), packed as Q4_0's nibbles.
void encode_iq4_32(const float* x, float d, uint8_t* qs) {
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    for (int j = 0; j < 16; ++j)
        qs[j] = static_cast<uint8_t>(nearest_grid_index(id * x[j]) | (nearest_grid_index(id * x[j + 16]) << 4));
}

// 32 elements from 16 bytes of indices (nibble order as Q4_0) at step d.
inline void decode_iq4_32(const uint8_t* qs, float d, float* y) {
    for (int j = 0; j < 16; ++j) {
        y[j] = d * static_cast<float>(kIq4nlValues[qs[j] & 0x0f]);
        y[j + 16] = d * static_cast<float>(kIq4nlValues[qs[j] >> 4]);
    }
}
}  // namespace

void quantize_row_iq4_nl(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockIQ4_NL*>(out);
    for (int64_t i = 0; i < k / kBlock; ++i, x += kBlock) {
        if (!all_finite(x, kBlock)) {  // see rows.hpp: a NaN scale poisons the block
            y[i].d = core::fp32_to_fp16(NAN);
            std::memset(y[i].qs, 0, sizeof y[i].qs);
            continue;
        }
        const float d = fit_grid_scale(x);
        y[i].d = core::fp32_to_fp16(d);
        encode_iq4_32(x, d, y[i].qs);   // with the unrounded scale, as upstream
    }
}

void quantize_row_iq4_xs(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockIQ4_XS*>(out);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, x += kSuperBlock) {
        BlockIQ4_XS& b = y[i];
        std::memset(&b, 0, sizeof b);
        if (!all_finite(x, kSuperBlock)) {  // see rows.hpp: a NaN scale poisons the block
            b.d = core::fp32_to_fp16(NAN);
            continue;
        }
        float scales[8];
        for (int ib = 0; ib < 8; ++ib) scales[ib] = fit_grid_scale(x + 32 * ib);
        float amax;
        const float max_scale = largest_magnitude(scales, 8, &amax);
        const float d = -max_scale / 32.0f;   // −0 for an all-zero block, as upstream
        b.d = core::fp32_to_fp16(d);
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        for (int ib = 0; ib < 8; ++ib) {
            const int l = std::max(-32, std::min(31, nearest_int(id * scales[ib])));
            encode_iq4_32(x + 32 * ib, d * static_cast<float>(l), b.qs + 16 * ib);
            const int stored = l + 32;
            b.scales_l[ib / 2] |= static_cast<uint8_t>((stored & 0x0f) << (4 * (ib % 2)));
            b.scales_h |= static_cast<uint16_t>((stored >> 4) << (2 * ib));
        }
    }
}

void dequantize_row_iq4_nl(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockIQ4_NL*>(in);
    for (int64_t i = 0; i < k / kBlock; ++i) decode_iq4_32(x[i].qs, core::fp16_to_fp32(x[i].d), y + i * kBlock);
}

void dequantize_row_iq4_xs(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockIQ4_XS*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, y += kSuperBlock) {
        const float d = core::fp16_to_fp32(x[i].d);
        for (int ib = 0; ib < 8; ++ib)
            decode_iq4_32(x[i].qs + 16 * ib, d * static_cast<float>(iq4xs_scale(x[i], ib) - 32), y + 32 * ib);
    }
}

}  // namespace lugh::quant
