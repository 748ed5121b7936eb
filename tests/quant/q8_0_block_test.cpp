// The AVX2 Q8_0 block quantizer must give exactly the scalar rule's bytes
// (files and products must not depend on the CPU): random blocks over many
// magnitudes, exact halfway cases, signed zeros, subnormals, scales that
// overflow fp16, and blocks with NaN or infinity (which it must decline).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "quant/blocks.hpp"
#include "quant/q8_0_block.hpp"
#include "quant/quant_test_util.hpp"

#if defined(__x86_64__)
namespace {

bool has_avx2() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

// Both forms on one block; the bytes must be identical.
void expect_same(const float* x, const std::string& what) {
    lugh::quant::BlockQ8_0 want{}, got{};
    std::memset(&got, 0x5a, sizeof got);
    lugh::quant::quantize_block_q8_0_scalar(x, &want);
    ASSERT_TRUE(lugh::quant::quantize_block_q8_0_avx2(x, &got)) << what;
    EXPECT_EQ(got.d, want.d) << what;
    for (int j = 0; j < 32; ++j) EXPECT_EQ(got.qs[j], want.qs[j]) << what << " element " << j << " x=" << x[j];
}

}  // namespace

TEST(QuantQ8Block, Avx2EqualsScalarOnRandomBlocksOfEveryMagnitude) {
    if (!has_avx2()) GTEST_SKIP() << "no AVX2 on this CPU";
    unsigned seed = 1;
    for (float scale : {1e-40f, 1e-30f, 1e-6f, 1e-3f, 1.0f, 3.7f, 1e3f, 1e5f, 1e7f, 1e30f}) {
        for (int rep = 0; rep < 200; ++rep) {
            const auto x = quanttest::randn(32, seed++, scale);
            expect_same(x.data(), "scale " + std::to_string(scale) + " rep " + std::to_string(rep));
        }
    }
}

TEST(QuantQ8Block, Avx2EqualsScalarOnHalfwayCasesAndZeros) {
    if (!has_avx2()) GTEST_SKIP() << "no AVX2 on this CPU";
    // max|x| = 127 gives d = 1 and 1/d = 1 exactly: x itself is rounded,
    // so k + 1/2 must go away from zero like roundf.
    float x[32];
    for (int j = 0; j < 32; ++j) x[j] = (j % 2 ? -1.0f : 1.0f) * (static_cast<float>(j) + 0.5f);
    x[31] = 127.0f;
    expect_same(x, "halves");
    for (int j = 0; j < 31; ++j) x[j] = std::nextafter(x[j], 0.0f);   // just below each half
    expect_same(x, "below halves");
    for (float& v : x) v = 0.0f;
    expect_same(x, "zeros");
    for (int j = 0; j < 32; ++j) x[j] = j % 2 ? -0.0f : 0.0f;
    expect_same(x, "signed zeros");
    for (int j = 0; j < 32; ++j) x[j] = std::numeric_limits<float>::denorm_min() * static_cast<float>(j - 16);
    expect_same(x, "subnormals");
    for (int j = 0; j < 32; ++j) x[j] = std::numeric_limits<float>::max() / static_cast<float>(j + 1);
    expect_same(x, "huge (the fp16 scale overflows)");
}

TEST(QuantQ8Block, Avx2DeclinesNonFiniteBlocksAndWritesNothing) {
    if (!has_avx2()) GTEST_SKIP() << "no AVX2 on this CPU";
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity()}) {
        for (int at : {0, 7, 8, 31}) {
            auto x = quanttest::randn(32, 5 + static_cast<unsigned>(at));
            x[static_cast<size_t>(at)] = bad;
            lugh::quant::BlockQ8_0 got;
            std::memset(&got, 0x5a, sizeof got);
            EXPECT_FALSE(lugh::quant::quantize_block_q8_0_avx2(x.data(), &got)) << bad << " at " << at;
            const auto* bytes = reinterpret_cast<const unsigned char*>(&got);
            for (size_t i = 0; i < sizeof got; ++i) ASSERT_EQ(bytes[i], 0x5a) << "wrote byte " << i;
        }
    }
}
#endif
