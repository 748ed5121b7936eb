// The block types of issue 11 without any outside file: each quantized
// element must come back as the level of its block's grid nearest the input
// (the grid read from the stored scales as docs/weights.md describes it, so
// the check is independent of the quantizer), random rows must stay within
// each type's error budget, and the block edge cases (zeros, an outlier,
// subnormals, values near the fp16 limit, NaN and infinity) behave as
// documented. Rows several blocks long and odd row counts go through
// ggml_quantize_chunk and the C++ API.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/fp16.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/quant.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"
#include "quant_test_util.hpp"

namespace {

using lugh::core::fp16_to_fp32;
namespace q = lugh::quant;

// Half an fp16 step at v: the most fp16 rounding moves a value (2^-25 once subnormal).
float half_fp16_step(float v) { return std::fmax(std::fabs(v) * (1.0f / 2048.0f), std::ldexp(1.0f, -25)); }

// The levels one element can take: step·(c + bias) − offset for codes c in
// [lo, hi], or step·table[c] when table is set.
struct Grid {
    float step = 0;
    float bias = 0;
    float offset = 0;
    int lo = 0, hi = 0;
    const int8_t* table = nullptr;
    // Types that choose codes with the unrounded scale (and minimum) may
    // pick a code that is not the nearest for the stored fp16 values: by how
    // much the step (offset) used can differ from the stored one.
    float step_err = 0, offset_err = 0;
    float level(int c) const {
        return table ? step * static_cast<float>(table[c]) : step * (static_cast<float>(c) + bias) - offset;
    }
};

// Grid of element e of the block at `block` (an independent reading of the
// layouts in docs/weights.md).
Grid grid_of(ggml_type t, const unsigned char* block, int e) {
    Grid g;
    switch (t) {
        case GGML_TYPE_Q8_0: {
            const auto* b = reinterpret_cast<const q::BlockQ8_0*>(block);
            g.step = fp16_to_fp32(b->d), g.lo = -128, g.hi = 127;
            g.step_err = half_fp16_step(g.step);
            break;
        }
        case GGML_TYPE_Q4_0:
        case GGML_TYPE_Q5_0: {
            uint16_t d;
            std::memcpy(&d, block, 2);
            const int half = t == GGML_TYPE_Q4_0 ? 8 : 16;
            g.step = fp16_to_fp32(d), g.bias = static_cast<float>(-half), g.lo = 0, g.hi = 2 * half - 1;
            g.step_err = half_fp16_step(g.step);
            break;
        }
        case GGML_TYPE_Q4_1:
        case GGML_TYPE_Q5_1: {
            uint16_t dm[2];
            std::memcpy(dm, block, 4);
            g.step = fp16_to_fp32(dm[0]), g.offset = -fp16_to_fp32(dm[1]);
            g.lo = 0, g.hi = t == GGML_TYPE_Q4_1 ? 15 : 31;
            g.step_err = half_fp16_step(g.step), g.offset_err = half_fp16_step(g.offset);
            break;
        }
        case GGML_TYPE_IQ4_NL: {
            const auto* b = reinterpret_cast<const q::BlockIQ4_NL*>(block);
            g.step = fp16_to_fp32(b->d), g.lo = 0, g.hi = 15, g.table = q::kIq4nlValues;
            g.step_err = half_fp16_step(g.step);
            break;
        }
        case GGML_TYPE_Q2_K: {
            const auto* b = reinterpret_cast<const q::BlockQ2_K*>(block);
            const uint8_t sc = b->scales[e / 16];
            g.step = fp16_to_fp32(b->d) * static_cast<float>(sc & 15);
            g.offset = fp16_to_fp32(b->dmin) * static_cast<float>(sc >> 4);
            g.lo = 0, g.hi = 3;
            break;
        }
        case GGML_TYPE_Q3_K: {
            const auto* b = reinterpret_cast<const q::BlockQ3_K*>(block);
            g.step = fp16_to_fp32(b->d) * static_cast<float>(q::q3k_scale(b->scales, e / 16) - 32);
            g.lo = -4, g.hi = 3;
            break;
        }
        case GGML_TYPE_Q4_K:
        case GGML_TYPE_Q5_K: {
            // Same header in both: d, dmin, 12 scale bytes.
            const auto* b = reinterpret_cast<const q::BlockQ4_K*>(block);
            uint8_t sc, m;
            q::k4_scale_min(b->scales, e / 32, &sc, &m);
            g.step = fp16_to_fp32(b->d) * static_cast<float>(sc);
            g.offset = fp16_to_fp32(b->dmin) * static_cast<float>(m);
            g.lo = 0, g.hi = t == GGML_TYPE_Q4_K ? 15 : 31;
            break;
        }
        case GGML_TYPE_Q6_K: {
            const auto* b = reinterpret_cast<const q::BlockQ6_K*>(block);
            g.step = fp16_to_fp32(b->d) * static_cast<float>(b->scales[e / 16]);
            g.lo = -32, g.hi = 31;
            break;
        }
        case GGML_TYPE_Q8_K: {
            const auto* b = reinterpret_cast<const q::BlockQ8_K*>(block);
            g.step = b->d, g.lo = -128, g.hi = 127;
            break;
        }
        case GGML_TYPE_IQ4_XS: {
            const auto* b = reinterpret_cast<const q::BlockIQ4_XS*>(block);
            const float scale = static_cast<float>(q::iq4xs_scale(*b, e / 32) - 32);
            g.step = fp16_to_fp32(b->d) * scale;
            g.lo = 0, g.hi = 15, g.table = q::kIq4nlValues;
            g.step_err = half_fp16_step(fp16_to_fp32(b->d)) * std::fabs(scale);
            break;
        }
        default: ADD_FAILURE() << "no grid for " << ggml_type_name(t);
    }
    return g;
}

const ggml_type kNewTypes[] = {GGML_TYPE_Q4_1, GGML_TYPE_Q5_0, GGML_TYPE_Q5_1, GGML_TYPE_Q2_K,
                               GGML_TYPE_Q3_K, GGML_TYPE_Q4_K, GGML_TYPE_Q5_K, GGML_TYPE_Q6_K,
                               GGML_TYPE_Q8_K, GGML_TYPE_IQ4_NL, GGML_TYPE_IQ4_XS};

std::vector<unsigned char> quantize(ggml_type t, const std::vector<float>& x, int64_t n_per_row) {
    std::vector<unsigned char> out(ggml_row_size(t, n_per_row) * (x.size() / static_cast<size_t>(n_per_row)));
    EXPECT_EQ(ggml_quantize_chunk(t, x.data(), out.data(), 0, static_cast<int64_t>(x.size()) / n_per_row,
                                  n_per_row, nullptr),
              out.size());
    return out;
}

std::vector<float> dequantize(ggml_type t, const std::vector<unsigned char>& bytes, size_t n) {
    std::vector<float> y(n);
    ggml_get_type_traits(t)->to_float(bytes.data(), y.data(), static_cast<int64_t>(n));
    return y;
}

// Every element comes back as (one of) the nearest levels of its grid, up
// to the rounding the type's quantizer allows itself. Returns the number of
// violations (each reported).
int check_nearest_level(ggml_type t, const std::vector<float>& x) {
    const int64_t blck = ggml_blck_size(t);
    const auto bytes = quantize(t, x, static_cast<int64_t>(x.size()));
    const auto y = dequantize(t, bytes, x.size());
    int bad = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        const unsigned char* block = bytes.data() + (i / blck) * ggml_type_size(t);
        const Grid g = grid_of(t, block, static_cast<int>(i % blck));
        float nearest = std::numeric_limits<float>::infinity();
        float span = 0;
        for (int c = g.lo; c <= g.hi; ++c) {
            nearest = std::fmin(nearest, std::fabs(x[i] - g.level(c)));
            span = std::fmax(span, std::fabs(g.level(c)));
        }
        // Float rounding of the code arithmetic, and twice the code's reach
        // times the scale's rounding (the chosen and the nearest code each
        // move by that much).
        float code_max = 127.0f;
        if (!g.table) code_max = std::fmax(std::fabs(g.lo + g.bias), std::fabs(g.hi + g.bias));
        const float slack = 2e-6f * (std::fabs(x[i]) + span) + 2.0f * (code_max * g.step_err + g.offset_err);
        if (!(std::fabs(y[i] - x[i]) <= nearest + slack) && bad++ < 5)
            ADD_FAILURE() << ggml_type_name(t) << " element " << i << ": x " << x[i] << " back " << y[i]
                          << ", nearest level at " << nearest << " (slack " << slack << ")";
    }
    return bad;
}

double rms_error(ggml_type t, const std::vector<float>& x) {
    const auto y = dequantize(t, quantize(t, x, static_cast<int64_t>(x.size())), x.size());
    double s = 0;
    for (size_t i = 0; i < x.size(); ++i) s += (double(y[i]) - x[i]) * (double(y[i]) - x[i]);
    return std::sqrt(s / static_cast<double>(x.size()));
}

}  // namespace

TEST(Formats, TraitsOfEveryNewType) {
    const struct {
        ggml_type t;
        size_t block_bytes;
        int64_t elements;
    } rows[] = {{GGML_TYPE_Q4_1, sizeof(q::BlockQ4_1), 32},     {GGML_TYPE_Q5_0, sizeof(q::BlockQ5_0), 32},
                {GGML_TYPE_Q5_1, sizeof(q::BlockQ5_1), 32},     {GGML_TYPE_Q2_K, sizeof(q::BlockQ2_K), 256},
                {GGML_TYPE_Q3_K, sizeof(q::BlockQ3_K), 256},    {GGML_TYPE_Q4_K, sizeof(q::BlockQ4_K), 256},
                {GGML_TYPE_Q5_K, sizeof(q::BlockQ5_K), 256},    {GGML_TYPE_Q6_K, sizeof(q::BlockQ6_K), 256},
                {GGML_TYPE_Q8_K, sizeof(q::BlockQ8_K), 256},    {GGML_TYPE_IQ4_NL, sizeof(q::BlockIQ4_NL), 32},
                {GGML_TYPE_IQ4_XS, sizeof(q::BlockIQ4_XS), 256}};
    for (const auto& r : rows) {
        const ggml_type_traits* tr = ggml_get_type_traits(r.t);
        SCOPED_TRACE(tr->type_name);
        EXPECT_EQ(tr->type_size, r.block_bytes);
        EXPECT_EQ(tr->blck_size, r.elements);
        EXPECT_TRUE(tr->is_quantized);
        EXPECT_EQ(tr->blck_size_interleave, 0);
        EXPECT_EQ(tr->to_float, q::to_float_fn(r.t));
        EXPECT_EQ(tr->from_float_ref, q::from_float_fn(r.t));
        EXPECT_NE(tr->to_float, nullptr);
        EXPECT_NE(tr->from_float_ref, nullptr);
        EXPECT_FALSE(ggml_quantize_requires_imatrix(r.t));
    }
}

TEST(Formats, EveryElementComesBackAsItsNearestLevel) {
    for (ggml_type t : kNewTypes) {
        // Several blocks of normal values at three scales, plus a row with a
        // shifted mean (the minimum-carrying types use their offset then).
        for (float scale : {1.0f, 1e-3f, 300.0f}) {
            auto x = quanttest::randn(1024, 11, scale);
            EXPECT_EQ(check_nearest_level(t, x), 0) << ggml_type_name(t) << " scale " << scale;
        }
        auto shifted = quanttest::randn(512, 12);
        for (float& v : shifted) v += 3.0f;
        EXPECT_EQ(check_nearest_level(t, shifted), 0) << ggml_type_name(t) << " shifted";
    }
}

TEST(Formats, RandomRowsStayWithinTheirErrorBudget) {
    // RMS error on N(0, 1) rows of 4096, against a budget per type: the
    // uniform-rounding error step/√12 of a grid spanning ±3σ in the type's
    // levels per element (2^bits), times 1.5 for the scales' own rounding
    // and the worst blocks. Measured values are well inside (see the test
    // log when it fails).
    const struct {
        ggml_type t;
        double bits;
    } budget[] = {{GGML_TYPE_Q4_1, 4}, {GGML_TYPE_Q5_0, 5}, {GGML_TYPE_Q5_1, 5}, {GGML_TYPE_Q2_K, 2},
                  {GGML_TYPE_Q3_K, 3}, {GGML_TYPE_Q4_K, 4}, {GGML_TYPE_Q5_K, 5}, {GGML_TYPE_Q6_K, 6},
                  {GGML_TYPE_Q8_K, 8}, {GGML_TYPE_IQ4_NL, 4}, {GGML_TYPE_IQ4_XS, 4}};
    const auto x = quanttest::randn(4096, 21);
    for (const auto& b : budget) {
        const double bound = 1.5 * (6.0 / std::exp2(b.bits)) / std::sqrt(12.0);
        const double rms = rms_error(b.t, x);
        EXPECT_LE(rms, bound) << ggml_type_name(b.t);
        EXPECT_GT(rms, 0.0) << ggml_type_name(b.t);   // not an identity
    }
}

TEST(Formats, ZeroBlocksReadBackAsZeros) {
    for (ggml_type t : kNewTypes) {
        std::vector<float> x(512, 0.0f);
        for (size_t i = 256; i < 512; ++i) x[i] = 1e-20f * static_cast<float>(i % 7);   // below every type's zero threshold
        const auto y = dequantize(t, quantize(t, x, 512), x.size());
        for (size_t i = 0; i < 256; ++i) ASSERT_EQ(y[i], 0.0f) << ggml_type_name(t) << " element " << i;
        for (size_t i = 256; i < 512; ++i) ASSERT_LE(std::fabs(y[i]), 1e-19f) << ggml_type_name(t) << " element " << i;
    }
}

TEST(Formats, OneHugeValueKeepsItsBlockOnTheGrid) {
    for (ggml_type t : kNewTypes) {
        auto x = quanttest::randn(512, 31);
        x[77] = 5000.0f;
        x[300] = -5000.0f;
        EXPECT_EQ(check_nearest_level(t, x), 0) << ggml_type_name(t);
        const auto y = dequantize(t, quantize(t, x, 512), x.size());
        EXPECT_NEAR(y[77], 5000.0f, 5000.0f * 0.05f) << ggml_type_name(t);
        EXPECT_NEAR(y[300], -5000.0f, 5000.0f * 0.05f) << ggml_type_name(t);
    }
}

TEST(Formats, ValuesNearTheFp16LimitStayFinite) {
    // Scales and minimums are fp16: ±60000 in a block must still fit them.
    for (ggml_type t : kNewTypes) {
        auto x = quanttest::randn(512, 41, 20000.0f);
        for (float& v : x) v = std::fmax(-60000.0f, std::fmin(60000.0f, v));
        x[5] = 60000.0f;
        x[260] = -60000.0f;
        const auto y = dequantize(t, quantize(t, x, 512), x.size());
        for (size_t i = 0; i < y.size(); ++i) ASSERT_TRUE(std::isfinite(y[i])) << ggml_type_name(t) << " " << i;
        EXPECT_EQ(check_nearest_level(t, x), 0) << ggml_type_name(t);
    }
}

TEST(Formats, SubnormalInputReadsBackFiniteAndTiny) {
    for (ggml_type t : kNewTypes) {
        auto x = quanttest::randn(512, 51, 1e-39f);   // float subnormals: no fp16 scale can hold them
        const auto y = dequantize(t, quantize(t, x, 512), x.size());
        for (size_t i = 0; i < y.size(); ++i) {
            ASSERT_TRUE(std::isfinite(y[i])) << ggml_type_name(t) << " " << i;
            ASSERT_LE(std::fabs(y[i] - x[i]), 1e-37f) << ggml_type_name(t) << " " << i;
        }
    }
}

TEST(Formats, NonFiniteBlockReadsBackAsNaNAndLeavesNeighboursAlone) {
    for (ggml_type t : kNewTypes) {
        const int64_t blck = ggml_blck_size(t);
        for (float bad : {NAN, INFINITY, -INFINITY}) {
            auto x = quanttest::randn(static_cast<size_t>(3 * blck), 61);
            x[static_cast<size_t>(blck + 5)] = bad;   // block 1
            const auto bytes = quantize(t, x, 3 * blck);
            const auto y = dequantize(t, bytes, x.size());
            for (int64_t j = blck; j < 2 * blck; ++j) ASSERT_TRUE(std::isnan(y[j])) << ggml_type_name(t) << " " << j;
            // Blocks 0 and 2 are exactly what they are on their own.
            std::vector<float> alone(x.begin(), x.begin() + blck);
            alone.insert(alone.end(), x.begin() + 2 * blck, x.end());
            const auto ref = quantize(t, alone, blck);
            const size_t bb = ggml_type_size(t);
            EXPECT_EQ(std::memcmp(bytes.data(), ref.data(), bb), 0) << ggml_type_name(t);
            EXPECT_EQ(std::memcmp(bytes.data() + 2 * bb, ref.data() + bb, bb), 0) << ggml_type_name(t);
        }
    }
}

TEST(Formats, CppQuantizeRefusesNonFiniteValuesNamingThem) {
    auto x = quanttest::randn(3 * 256, 71);
    x[256 + 17] = NAN;
    try {
        lugh::quant::quantize(lugh::Type::Q4_K, x, 256);
        ADD_FAILURE() << "NaN accepted";
    } catch (const lugh::Error& e) {
        EXPECT_STREQ(e.what(), "lugh: lugh::quant::quantize: row 1, element 17 is NaN; q4_K cannot store NaN or infinity");
    }
    x[256 + 17] = -INFINITY;
    EXPECT_THROW(lugh::quant::quantize(lugh::Type::IQ4_NL, x, 256), lugh::Error);
    // Float types store them as they are.
    const auto f = lugh::quant::quantize(lugh::Type::F16, x, 256);
    const auto back = lugh::quant::dequantize(lugh::Type::F16, f.data(), static_cast<int64_t>(x.size()));
    EXPECT_EQ(back[256 + 17], -INFINITY);
}

TEST(Formats, RowsOfSeveralBlocksAndOddRowCounts) {
    for (ggml_type t : kNewTypes) {
        SCOPED_TRACE(ggml_type_name(t));
        const int64_t row = 3 * 256, nrows = 5;   // three blocks of 256 (24 of 32) per row, five rows
        const auto x = quanttest::randn(static_cast<size_t>(row * nrows), 81);
        const size_t rb = ggml_row_size(t, row);
        const auto all = quantize(t, x, row);
        ASSERT_EQ(all.size(), rb * nrows);
        // Row by row through the trait gives the same bytes as the chunk.
        std::vector<unsigned char> one(rb);
        for (int64_t r = 0; r < nrows; ++r) {
            ggml_get_type_traits(t)->from_float_ref(x.data() + r * row, one.data(), row);
            EXPECT_EQ(std::memcmp(one.data(), all.data() + r * rb, rb), 0) << "row " << r;
        }
        // A chunk starting at row 3 lands at row 3 and touches nothing else.
        std::vector<unsigned char> part(all.size(), 0xA5);
        EXPECT_EQ(ggml_quantize_chunk(t, x.data(), part.data(), 3 * row, 2, row, nullptr), 2 * rb);
        EXPECT_EQ(std::memcmp(part.data() + 3 * rb, all.data() + 3 * rb, 2 * rb), 0);
        EXPECT_EQ(part[3 * rb - 1], 0xA5);
        // The C++ API agrees and reads back what the trait reads back.
        const auto cpp = lugh::quant::quantize(static_cast<lugh::Type>(t), x, row);
        EXPECT_EQ(cpp, all);
        EXPECT_EQ(lugh::quant::dequantize(static_cast<lugh::Type>(t), cpp.data(), static_cast<int64_t>(x.size())),
                  dequantize(t, all, x.size()));
    }
}

TEST(Formats, PartialBlocksAreRefused) {
    std::vector<float> x(512);
    EXPECT_THROW(lugh::quant::quantize(lugh::Type::Q4_K, x, 128), lugh::Error);   // half a super-block
    EXPECT_THROW(lugh::quant::dequantize(lugh::Type::IQ4_XS, x.data(), 300), lugh::Error);
    EXPECT_THROW(lugh::row_size(lugh::Type::Q6_K, 100), lugh::Error);
}

TEST(FormatsDeath, ChunkRefusesAPartialSuperBlock) {
    std::vector<float> x(512);
    std::vector<unsigned char> out(4096);
    EXPECT_DEATH(ggml_quantize_chunk(GGML_TYPE_Q5_K, x.data(), out.data(), 0, 2, 160, nullptr), "multiple of 256");
}

TEST(Formats, Q8_KMapsTheLargestMagnitudeToMinus127AndSumsGroups) {
    auto x = quanttest::randn(512, 91);
    x[3] = 9.0f;      // largest in block 0, positive
    x[400] = -7.5f;   // largest in block 1, negative
    std::vector<q::BlockQ8_K> b(2);
    q::quantize_row_q8_k(x.data(), b.data(), 512);
    EXPECT_EQ(b[0].qs[3], -127);
    EXPECT_FLOAT_EQ(b[0].d, -9.0f / 127.0f);
    EXPECT_EQ(b[1].qs[400 - 256], -127);
    EXPECT_FLOAT_EQ(b[1].d, 7.5f / 127.0f);
    for (const auto& blk : b)
        for (int g = 0; g < 16; ++g) {
            int sum = 0;
            for (int j = 0; j < 16; ++j) sum += blk.qs[16 * g + j];
            EXPECT_EQ(blk.bsums[g], sum);
        }
}

TEST(Formats, Iq4xsAllZeroBlockStoresNegativeZeroLikeUpstream) {
    // d = −max_scale/32 with max_scale 0 is −0: fp16 0x8000, indices 8 (the level 1 nearest 0).
    std::vector<float> x(256, 0.0f);
    q::BlockIQ4_XS b;
    q::quantize_row_iq4_xs(x.data(), &b, 256);
    EXPECT_EQ(b.d, 0x8000);
    for (uint8_t c : b.qs) EXPECT_EQ(c, 0x88);
    q::BlockIQ4_NL n;
    q::quantize_row_iq4_nl(x.data(), &n, 32);
    EXPECT_EQ(n.d, 0x0000);
    for (uint8_t c : n.qs) EXPECT_EQ(c, 0x88);
}
