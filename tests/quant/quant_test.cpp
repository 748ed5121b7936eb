// Q8_0 / Q4_0 / F16 / BF16 conversions: error bounds derived from the block
// formats, exact round trips on the grid, non-finite and zero blocks, and the
// C API's argument checks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "lugh/ggml/ggml.h"
#include "lugh/quant.hpp"
#include "quant/blocks.hpp"

namespace {

std::vector<float> random_values(size_t n, float scale, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = dist(rng);
    return v;
}

std::vector<float> round_trip(ggml_type type, const std::vector<float>& x) {
    const auto* tr = ggml_get_type_traits(type);
    std::vector<unsigned char> q(ggml_row_size(type, static_cast<int64_t>(x.size())));
    const size_t bytes = ggml_quantize_chunk(type, x.data(), q.data(), 0, 1, static_cast<int64_t>(x.size()), nullptr);
    EXPECT_EQ(bytes, q.size());
    std::vector<float> y(x.size());
    tr->to_float(q.data(), y.data(), static_cast<int64_t>(x.size()));
    return y;
}

float block_amax(const std::vector<float>& x, size_t b) {
    float m = 0;
    for (size_t j = 0; j < 32; ++j) m = std::fmax(m, std::fabs(x[b * 32 + j]));
    return m;
}

// fp16 stores the scale with a relative error of at most 2^-11, or an
// absolute error of 2^-25 once it is subnormal (below 2^-14); codes reach 127
// (Q8_0) or 8 (Q4_0) times the scale.
constexpr float kHalfRel = 1.0f / 2048.0f;
float scale_error(float d) { return std::fmax(d * kHalfRel, std::ldexp(1.0f, -25)); }

}  // namespace

TEST(Quant, TraitsDescribeTheBlockLayouts) {
    const auto* q8 = ggml_get_type_traits(GGML_TYPE_Q8_0);
    EXPECT_STREQ(q8->type_name, "q8_0");
    EXPECT_EQ(q8->blck_size, 32);
    EXPECT_EQ(q8->type_size, 34u);
    EXPECT_TRUE(q8->is_quantized);
    EXPECT_NE(q8->to_float, nullptr);
    EXPECT_NE(q8->from_float_ref, nullptr);
    const auto* q4 = ggml_get_type_traits(GGML_TYPE_Q4_0);
    EXPECT_STREQ(q4->type_name, "q4_0");
    EXPECT_EQ(q4->type_size, 18u);
    for (ggml_type t : {GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16}) {
        const auto* tr = ggml_get_type_traits(t);
        EXPECT_EQ(tr->blck_size, 1);
        EXPECT_FALSE(tr->is_quantized);
        EXPECT_NE(tr->to_float, nullptr);
        EXPECT_NE(tr->from_float_ref, nullptr);
    }
    EXPECT_EQ(ggml_get_type_traits(GGML_TYPE_I32)->to_float, nullptr);
    EXPECT_EQ(ggml_get_type_traits(static_cast<ggml_type>(4))->type_name, nullptr);  // reserved number
    EXPECT_FALSE(ggml_quantize_requires_imatrix(GGML_TYPE_Q8_0));
    EXPECT_FALSE(ggml_quantize_requires_imatrix(GGML_TYPE_Q4_0));
    EXPECT_TRUE(ggml_is_quantized(GGML_TYPE_Q4_0));
    EXPECT_FALSE(ggml_is_quantized(GGML_TYPE_F16));
}

TEST(Quant, Q8_0ErrorWithinHalfAStepPerBlock) {
    for (float scale : {1e-3f, 1.0f, 300.0f}) {
        const auto x = random_values(32 * 129, scale, 7);
        const auto y = round_trip(GGML_TYPE_Q8_0, x);
        for (size_t b = 0; b < x.size() / 32; ++b) {
            const float d = block_amax(x, b) / 127.0f;
            const float bound = d * 0.5f + 127.0f * scale_error(d);
            for (size_t j = 0; j < 32; ++j)
                ASSERT_LE(std::fabs(x[b * 32 + j] - y[b * 32 + j]), bound) << "block " << b << " scale " << scale;
        }
    }
}

TEST(Quant, Q4_0ErrorWithinOneStepPerBlock) {
    for (float scale : {1e-3f, 1.0f, 300.0f}) {
        const auto x = random_values(32 * 129, scale, 11);
        const auto y = round_trip(GGML_TYPE_Q4_0, x);
        for (size_t b = 0; b < x.size() / 32; ++b) {
            // Step |d| = amax/8; the extreme opposite the signed max clamps to
            // code 15 (7 steps), one step short: the bound is a full step.
            const float d = block_amax(x, b) / 8.0f;
            const float bound = d + 8.0f * scale_error(d);
            for (size_t j = 0; j < 32; ++j)
                ASSERT_LE(std::fabs(x[b * 32 + j] - y[b * 32 + j]), bound) << "block " << b;
        }
    }
}

TEST(Quant, ValuesOnTheGridRoundTripExactly) {
    std::mt19937 rng(3);
    std::vector<float> q8(64), q4(64);
    for (size_t b = 0; b < 2; ++b) {
        const float d = b ? 0.0078125f : 3.25f;   // exact in fp16
        for (size_t j = 0; j < 32; ++j) {
            q8[b * 32 + j] = static_cast<float>(static_cast<int>(rng() % 255) - 127) * d;
            q4[b * 32 + j] = static_cast<float>(static_cast<int>(rng() % 16) - 8) * d;
        }
        q8[b * 32 + 5] = 127 * d;   // the block maximum fixes the scale at d
        q4[b * 32 + 9] = -8 * d;    // the signed extreme fixes the Q4_0 scale at d
    }
    EXPECT_EQ(round_trip(GGML_TYPE_Q8_0, q8), q8);
    EXPECT_EQ(round_trip(GGML_TYPE_Q4_0, q4), q4);
}

TEST(Quant, Q4_0NibbleOrderIsLowFirstHalfHighSecondHalf) {
    std::vector<float> x(32, 0.0f);
    x[0] = -8.0f;   // scale 1, code 0
    x[16] = 7.0f;   // code 15, in the high nibble of byte 0
    x[1] = 1.0f;    // code 9, low nibble of byte 1
    lugh::quant::BlockQ4_0 b;
    ggml_quantize_chunk(GGML_TYPE_Q4_0, x.data(), &b, 0, 1, 32, nullptr);
    EXPECT_EQ(ggml_fp16_to_fp32(b.d), 1.0f);
    EXPECT_EQ(b.qs[0], 0xF0);
    EXPECT_EQ(b.qs[1], 0x89);
    EXPECT_EQ(b.qs[2], 0x88);   // zeros are code 8
}

TEST(Quant, Q8_0LayoutScaleThenBytes) {
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j) x[j] = static_cast<float>(j - 16) * 0.5f;   // amax 8 -> d = 8/127
    lugh::quant::BlockQ8_0 b;
    ggml_quantize_chunk(GGML_TYPE_Q8_0, x.data(), &b, 0, 1, 32, nullptr);
    EXPECT_EQ(b.d, ggml_fp32_to_fp16(8.0f / 127.0f));
    EXPECT_EQ(b.qs[0], -127);
    for (int j = 0; j < 32; ++j) EXPECT_EQ(b.qs[j], static_cast<int8_t>(std::round(x[j] * (127.0f / 8.0f))));
}

TEST(Quant, Q8_0RoundsHalvesAwayFromZeroLikeRoundf) {
    std::vector<float> x(32);
    x[0] = 127.0f;   // scale exactly 1
    const float halves[] = {2.5f, -2.5f, 0.5f, -0.5f, 126.5f, -126.5f, 0.49999997f, -0.49999997f, 1.5f};
    for (size_t j = 0; j < sizeof halves / sizeof halves[0]; ++j) x[j + 1] = halves[j];
    lugh::quant::BlockQ8_0 b;
    ggml_quantize_chunk(GGML_TYPE_Q8_0, x.data(), &b, 0, 1, 32, nullptr);
    ASSERT_EQ(ggml_fp16_to_fp32(b.d), 1.0f);
    for (size_t j = 0; j < 32; ++j) EXPECT_EQ(b.qs[j], static_cast<int8_t>(std::round(x[j]))) << x[j];
}

TEST(Quant, ZeroBlocksStayZero) {
    const std::vector<float> x(64, 0.0f);
    for (ggml_type t : {GGML_TYPE_Q8_0, GGML_TYPE_Q4_0}) {
        const auto y = round_trip(t, x);
        for (float v : y) EXPECT_EQ(v, 0.0f);
    }
}

TEST(Quant, BlocksTooSmallForAnInverseScaleGetZeroPointCodes) {
    // max|x| ~ 1e-38: d is a float subnormal and 1/d overflows; the codes
    // must be the zero point (not a conversion of x * inf) and the block
    // must read back as zeros, with its neighbours quantized normally.
    auto x = random_values(96, 1.0f, 9);
    for (size_t j = 32; j < 64; ++j) x[j] = (j % 2 ? -1.0f : 1.0f) * 1e-38f * static_cast<float>(j - 31) / 32.0f;
    for (ggml_type t : {GGML_TYPE_Q8_0, GGML_TYPE_Q4_0}) {
        std::vector<unsigned char> q(ggml_row_size(t, 96));
        ggml_quantize_chunk(t, x.data(), q.data(), 0, 1, 96, nullptr);
        if (t == GGML_TYPE_Q8_0) {
            const auto* b = reinterpret_cast<const lugh::quant::BlockQ8_0*>(q.data()) + 1;
            for (int8_t c : b->qs) EXPECT_EQ(c, 0);
        } else {
            const auto* b = reinterpret_cast<const lugh::quant::BlockQ4_0*>(q.data()) + 1;
            for (uint8_t c : b->qs) EXPECT_EQ(c, 0x88);
        }
        const auto y = round_trip(t, x);
        for (size_t j = 32; j < 64; ++j) EXPECT_EQ(y[j], 0.0f) << ggml_type_name(t);
        EXPECT_NEAR(y[0], x[0], 0.2f) << ggml_type_name(t);
    }
}

TEST(Quant, NonFiniteBlockReadsBackAsNaNAndLeavesNeighboursAlone) {
    for (float bad : {NAN, INFINITY, -INFINITY}) {
        auto x = random_values(96, 1.0f, 5);
        x[40] = bad;   // block 1
        for (ggml_type t : {GGML_TYPE_Q8_0, GGML_TYPE_Q4_0}) {
            const auto y = round_trip(t, x);
            for (size_t j = 32; j < 64; ++j) EXPECT_TRUE(std::isnan(y[j])) << ggml_type_name(t);
            for (size_t j : {size_t(0), size_t(31), size_t(64), size_t(95)}) EXPECT_TRUE(std::isfinite(y[j]));
        }
    }
}

TEST(Quant, HalfTypesRoundToNearest) {
    const auto x = random_values(33, 10.0f, 9);
    const auto h = round_trip(GGML_TYPE_F16, x);
    const auto b = round_trip(GGML_TYPE_BF16, x);
    for (size_t i = 0; i < x.size(); ++i) {
        EXPECT_LE(std::fabs(h[i] - x[i]), std::fabs(x[i]) * kHalfRel);
        EXPECT_LE(std::fabs(b[i] - x[i]), std::fabs(x[i]) / 256.0f);
    }
    EXPECT_EQ(round_trip(GGML_TYPE_F32, x), x);
}

TEST(Quant, ChunkWritesAtTheStartRow) {
    const auto x = random_values(4 * 64, 1.0f, 1);
    const size_t row = ggml_row_size(GGML_TYPE_Q8_0, 64);
    std::vector<unsigned char> whole(4 * row), part(4 * row, 0xAB);
    ggml_quantize_chunk(GGML_TYPE_Q8_0, x.data(), whole.data(), 0, 4, 64, nullptr);
    EXPECT_EQ(ggml_quantize_chunk(GGML_TYPE_Q8_0, x.data(), part.data(), 128, 2, 64, nullptr), 2 * row);
    EXPECT_EQ(std::memcmp(whole.data() + 2 * row, part.data() + 2 * row, 2 * row), 0);
    EXPECT_EQ(part[0], 0xAB);   // rows before start untouched
}

TEST(QuantDeath, ChunkRefusesBadArguments) {
    std::vector<float> x(64);
    std::vector<unsigned char> q(1024);
    EXPECT_DEATH(ggml_quantize_chunk(GGML_TYPE_Q8_0, x.data(), q.data(), 0, 1, 33, nullptr), "multiple of 32");
    EXPECT_DEATH(ggml_quantize_chunk(GGML_TYPE_Q8_0, x.data(), q.data(), 32, 1, 64, nullptr), "row boundary");
    EXPECT_DEATH(ggml_quantize_chunk(GGML_TYPE_I32, x.data(), q.data(), 0, 1, 64, nullptr), "cannot quantize");
    EXPECT_DEATH(ggml_get_type_traits(static_cast<ggml_type>(99)), "not a type number");
}

TEST(QuantCpp, QuantizeAndDequantize) {
    const auto x = random_values(3 * 64, 2.0f, 4);
    const auto q = lugh::quant::quantize(lugh::Type::Q8_0, x, 64);
    EXPECT_EQ(q.size(), 3 * ggml_row_size(GGML_TYPE_Q8_0, 64));
    const auto y = lugh::quant::dequantize(lugh::Type::Q8_0, q.data(), static_cast<int64_t>(x.size()));
    EXPECT_EQ(y, round_trip(GGML_TYPE_Q8_0, x));
    EXPECT_THROW(lugh::quant::quantize(lugh::Type::Q4_0, x, 48), lugh::Error);
    EXPECT_THROW(lugh::quant::quantize(lugh::Type::I32, x, 64), lugh::Error);
    EXPECT_THROW(lugh::quant::dequantize(lugh::Type::Q4_0, q.data(), 31), lugh::Error);
    try {
        lugh::quant::dequantize(lugh::Type::Q8_0, nullptr, 32);
        ADD_FAILURE();
    } catch (const lugh::Error& e) {
        EXPECT_STREQ(e.what(), "lugh: lugh::quant::dequantize: src pointer is NULL (32 q8_0 elements)");
    }
    std::vector<float> out(32);
    EXPECT_THROW(lugh::quant::dequantize(lugh::Type::Q8_0, nullptr, out.data(), 32), lugh::Error);
    EXPECT_THROW(lugh::quant::dequantize(lugh::Type::Q8_0, q.data(), nullptr, 32), lugh::Error);
    EXPECT_TRUE(lugh::quant::dequantize(lugh::Type::Q8_0, nullptr, 0).empty());   // nothing to read
}
