// The AVX2 Q8_K activation quantizer must write exactly the reference
// rule's bytes (the products must not depend on the CPU): random rows over
// many magnitudes, values that land halfway between codes, the largest
// magnitude twice with both signs (the first one sets the sign), zeros,
// subnormals, and blocks with NaN or infinity (which it leaves to the
// reference).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "cpu/matmul/quantize_q8_k.hpp"
#include "cpu/simd/targets.hpp"
#include "quant/blocks_k.hpp"
#include "quant/quant_test_util.hpp"
#include "quant/rows.hpp"

namespace {

using lugh::quant::BlockQ8_K;

void expect_same(const std::vector<float>& x, const char* what) {
    const int64_t k = static_cast<int64_t>(x.size());
    std::vector<BlockQ8_K> want(static_cast<size_t>(k / 256)), got(want.size());
    lugh::quant::quantize_row_q8_k(x.data(), want.data(), k);
    std::memset(got.data(), 0x5a, got.size() * sizeof(BlockQ8_K));
    lugh::cpu::matmul::quantize_act_q8_k(x.data(), got.data(), k);
    EXPECT_EQ(std::memcmp(want.data(), got.data(), want.size() * sizeof(BlockQ8_K)), 0) << what;
}

}  // namespace

TEST(QuantizeQ8K, MatchesTheReferenceBitForBit) {
    for (float scale : {1e-30f, 1e-3f, 1.0f, 7.0f, 1e20f}) {
        auto x = quanttest::randn(256 * 5, 11, scale);
        expect_same(x, "random");
        // Halfway values: m = 127 makes iscale -1, so x.5 stays x.5.
        for (int i = 0; i < 256; ++i) x[i] = i == 3 ? 127.0f : static_cast<float>(i % 100) - 49.5f;
        expect_same(x, "halfway");
    }
    std::vector<float> x(512, 0.0f);
    expect_same(x, "zeros");
    x[7] = -3.0f;
    x[200] = 3.0f;   // same magnitude later: the first (negative) one wins
    x[300] = 2.0f;
    x[511] = -2.0f;
    expect_same(x, "ties of the largest magnitude");
    for (auto& v : x) v = std::numeric_limits<float>::denorm_min() * 3;
    expect_same(x, "subnormals");
    x = quanttest::randn(512, 12);
    x[17] = NAN;
    x[300] = std::numeric_limits<float>::infinity();
    expect_same(x, "non-finite blocks");
}

#if defined(__x86_64__)
TEST(QuantizeQ8K, TheAvx2FormDeclinesWhatTheReferenceMustDo) {
    namespace simd = lugh::cpu::simd;
    if (simd::kernel_level() < simd::KernelLevel::avx2) GTEST_SKIP() << "no AVX2 on this CPU";
    BlockQ8_K b;
    std::vector<float> x(256, 0.0f);
    EXPECT_FALSE(lugh::cpu::matmul::quantize_block_q8_k_avx2(x.data(), &b));   // all zeros
    x[9] = NAN;
    EXPECT_FALSE(lugh::cpu::matmul::quantize_block_q8_k_avx2(x.data(), &b));
    x[9] = 1.0f;
    EXPECT_TRUE(lugh::cpu::matmul::quantize_block_q8_k_avx2(x.data(), &b));
}
#endif
