// Shared pieces of the SIMD tests: running a test once per compiled target the
// CPU supports, the sizes every row kernel is checked at, deterministic inputs.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cpu/simd/targets.hpp"

namespace lugh::cpu::simd::testing {

// Row lengths around vector widths (4, 8, 16 lanes) and their unrolled loops.
inline const std::vector<size_t> kSizes = {0, 1, 7, 15, 16, 17, 33, 4097};

// n values in [lo, hi), spread pseudo-randomly; deterministic for a seed.
inline std::vector<float> values(size_t n, float lo, float hi, uint32_t seed) {
    std::vector<float> v(n);
    uint32_t x = seed * 2654435761u + 12345u;
    for (auto& e : v) {
        x = x * 1664525u + 1013904223u;
        e = lo + (hi - lo) * static_cast<float>(x >> 8) / 16777216.0f;
    }
    return v;
}

// A test fixture parameterised by Highway target: the kernels dispatch to
// that target for the duration of the test.
class PerTarget : public ::testing::TestWithParam<int64_t> {
protected:
    void SetUp() override { force_target(GetParam()); }
    void TearDown() override { reset_target(); }
};

inline std::string target_param_name(const ::testing::TestParamInfo<int64_t>& info) {
    return target_name(info.param);
}

}  // namespace lugh::cpu::simd::testing

// Instantiate a PerTarget-derived suite for every runnable target.
#define LUGH_SIMD_PER_TARGET(Suite)                                                                           \
    INSTANTIATE_TEST_SUITE_P(Targets, Suite, ::testing::ValuesIn(::lugh::cpu::simd::runnable_targets()), \
                             ::lugh::cpu::simd::testing::target_param_name)
