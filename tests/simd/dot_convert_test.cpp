// Dot products against double references; row conversions bit for bit
// against the scalar conversions of core/fp16.hpp.
#include "simd_test_support.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "core/fp16.hpp"
#include "cpu/simd/convert.hpp"
#include "cpu/simd/dot.hpp"

namespace lugh::cpu::simd {
namespace {

using testing::kSizes;
using testing::values;

class DotConvert : public testing::PerTarget {};

TEST_P(DotConvert, DotProducts) {
    for (size_t n : kSizes) {
        auto a = values(n + 1, -1, 1, 31), b = values(n + 1, -1, 1, 32);
        std::vector<uint16_t> h(n + 1);
        for (size_t i = 0; i < h.size(); ++i) h[i] = core::fp32_to_fp16(a[i]);
        double ref = 0, ref_h = 0, mag = 0;
        for (size_t i = 1; i <= n; ++i) {
            ref += double(a[i]) * b[i];
            ref_h += double(core::fp16_to_fp32(h[i])) * b[i];
            mag += std::fabs(double(a[i]) * b[i]);
        }
        // Float accumulation over a handful of lanes: error grows with n / lanes.
        const double tol = 1e-6 * (1 + mag);
        EXPECT_NEAR(dot_f32(n, a.data() + 1, b.data() + 1), ref, tol) << "n=" << n;
        EXPECT_NEAR(dot_f16_f32(n, h.data() + 1, b.data() + 1), ref_h, tol) << "n=" << n;
    }
}

// Inputs that exercise rounding, subnormals, overflow, inf and NaN.
std::vector<float> tricky_floats() {
    std::vector<float> v = values(4097, -70000, 70000, 33);
    auto small = values(200, -1e-4f, 1e-4f, 34), tiny = values(200, -1e-7f, 1e-7f, 35);
    v.insert(v.end(), small.begin(), small.end());
    v.insert(v.end(), tiny.begin(), tiny.end());
    const float specials[] = {0.0f, -0.0f, 65504.0f, 65519.0f, 65520.0f, 1e10f, -1e10f,
                              std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                              std::numeric_limits<float>::quiet_NaN(), 1.0f + 1.0f / 2048, 1.0f + 3.0f / 2048,
                              5.9604645e-8f, 2.9802322e-8f, 1.0f + 1.0f / 256, 1.0f + 3.0f / 256};
    for (float s : specials) v.push_back(s);
    return v;
}

TEST_P(DotConvert, F16RoundTripMatchesScalar) {
    const auto src = tricky_floats();
    for (size_t n : kSizes) {
        for (size_t start : {size_t{0}, src.size() - n - 1}) {
            if (n + 1 > src.size()) continue;
            std::vector<uint16_t> h(n);
            std::vector<float> back(n);
            f32_to_f16_row(n, h.data(), src.data() + start);
            f16_to_f32_row(n, back.data(), h.data());
            for (size_t i = 0; i < n; ++i) {
                const float x = src[start + i];
                const uint16_t want = core::fp32_to_fp16(x);
                if (std::isnan(x)) {
                    ASSERT_TRUE(std::isnan(core::fp16_to_fp32(h[i])));
                    continue;
                }
                ASSERT_EQ(h[i], want) << "x=" << x;
                const float widened = core::fp16_to_fp32(want);
                ASSERT_EQ(std::memcmp(&back[i], &widened, 4), 0) << "x=" << x;
            }
        }
    }
}

TEST_P(DotConvert, Bf16RoundTripMatchesScalar) {
    const auto src = tricky_floats();
    for (size_t n : kSizes) {
        for (size_t start : {size_t{0}, src.size() - n - 1}) {
            std::vector<uint16_t> h(n);
            std::vector<float> back(n);
            f32_to_bf16_row(n, h.data(), src.data() + start);
            bf16_to_f32_row(n, back.data(), h.data());
            for (size_t i = 0; i < n; ++i) {
                ASSERT_EQ(h[i], core::fp32_to_bf16(src[start + i])) << "x=" << src[start + i];
                const float want = core::bf16_to_fp32(h[i]);
                ASSERT_EQ(std::memcmp(&back[i], &want, 4), 0);
            }
        }
    }
}

LUGH_SIMD_PER_TARGET(DotConvert);

}  // namespace
}  // namespace lugh::cpu::simd
