// Target bookkeeping and the ggml_cpu_has_* queries.
#include <gtest/gtest.h>

#include "ggml-cpu.h"
#include "lugh/error.hpp"
#include "cpu/simd/targets.hpp"

namespace simd = lugh::cpu::simd;

TEST(SimdTargets, BestRunnableTargetIsTheCurrentOne) {
    const auto targets = simd::runnable_targets();
    ASSERT_FALSE(targets.empty());  // the scalar fallback at least
    EXPECT_EQ(simd::current_target(), targets.front());
    EXPECT_FALSE(simd::target_name(targets.front()).empty());
}

TEST(SimdTargets, ForcingAnUnknownTargetIsAnError) {
    // Bit 40 is no x86 or Arm target Highway defines for this build.
    EXPECT_THROW(simd::force_target(int64_t{1} << 40), lugh::Error);
    try {
        simd::force_target(int64_t{1} << 40);
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("force_target"), std::string::npos);
    }
}

TEST(SimdTargets, ForcingEachTargetMakesItCurrent) {
    for (int64_t t : simd::runnable_targets()) {
        simd::force_target(t);
        EXPECT_EQ(simd::current_target(), t) << simd::target_name(t);
    }
    simd::reset_target();
    EXPECT_EQ(simd::current_target(), simd::runnable_targets().front());
}

TEST(CpuFeatures, AnswersAreConsistent) {
    // Each feature implies the ones it is built on.
    if (ggml_cpu_has_avx512()) EXPECT_TRUE(ggml_cpu_has_avx2());
    if (ggml_cpu_has_avx512_bf16()) EXPECT_TRUE(ggml_cpu_has_avx512());
    if (ggml_cpu_has_avx2()) EXPECT_TRUE(ggml_cpu_has_avx());
    if (ggml_cpu_has_avx()) EXPECT_TRUE(ggml_cpu_has_sse3());
    if (ggml_cpu_has_ssse3()) EXPECT_TRUE(ggml_cpu_has_sse3());
    EXPECT_EQ(ggml_cpu_has_llamafile(), 0);
#if defined(__x86_64__)
    EXPECT_EQ(ggml_cpu_has_sse3(), 1);  // every x86-64 that runs a modern OS
    EXPECT_EQ(ggml_cpu_has_neon(), 0);
    EXPECT_EQ(ggml_cpu_has_avx2(), __builtin_cpu_supports("avx2") ? 1 : 0);
    EXPECT_EQ(ggml_cpu_has_avx512(), __builtin_cpu_supports("avx512f") ? 1 : 0);
#endif
}
