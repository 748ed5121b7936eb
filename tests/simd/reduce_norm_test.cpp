// Reductions, softmax and normalisation rows against double-precision
// references.
#include "simd_test_support.hpp"

#include <cmath>
#include <limits>

#include "cpu/simd/norm.hpp"
#include "cpu/simd/reduce.hpp"
#include "cpu/simd/softmax.hpp"

namespace lugh::cpu::simd {
namespace {

using testing::kSizes;
using testing::values;

class Reduce : public testing::PerTarget {};

TEST_P(Reduce, SumSumSquaresMax) {
    for (size_t n : kSizes) {
        auto x = values(n + 1, -2, 3, 21);
        const float* p = x.data() + 1;
        double sum = 0, sq = 0, abs_sum = 0;
        float mx = -std::numeric_limits<float>::infinity();
        for (size_t i = 0; i < n; ++i) {
            sum += p[i];
            sq += double(p[i]) * p[i];
            abs_sum += std::fabs(p[i]);
            mx = std::max(mx, p[i]);
        }
        // Double accumulation of float inputs: only the order differs.
        EXPECT_NEAR(sum_row(n, p), sum, 1e-12 * (1 + abs_sum)) << "n=" << n;
        EXPECT_NEAR(sum_squares_row(n, p), sq, 1e-12 * (1 + sq)) << "n=" << n;
        EXPECT_EQ(max_row(n, p), mx) << "n=" << n;
    }
}

TEST_P(Reduce, SumIsDeterministic) {
    auto x = values(4097, -1, 1, 22);
    const double first = sum_row(x.size(), x.data());
    for (int i = 0; i < 3; ++i) EXPECT_EQ(sum_row(x.size(), x.data()), first);
}

void softmax_reference(size_t n, const float* x, float scale, const float* mask, float slope, double* out) {
    double mx = -INFINITY;
    for (size_t i = 0; i < n; ++i) {
        out[i] = double(x[i]) * scale + (mask ? double(slope) * mask[i] : 0.0);
        mx = std::max(mx, out[i]);
    }
    double sum = 0;
    for (size_t i = 0; i < n; ++i) sum += (out[i] = std::exp(out[i] - mx));
    for (size_t i = 0; i < n; ++i) out[i] /= sum;
}

TEST_P(Reduce, SoftmaxWithAndWithoutMask) {
    for (size_t n : kSizes) {
        auto x = values(n + 1, -6, 6, 23), mask = values(n + 1, -2, 0, 24);
        if (n > 3) mask[3] = -INFINITY;  // a masked-out position
        for (const float* m : {static_cast<const float*>(nullptr), static_cast<const float*>(mask.data() + 1)}) {
            std::vector<float> dst(n + 2, 42.0f);
            std::vector<double> ref(n);
            softmax_row(n, dst.data() + 1, x.data() + 1, 0.7f, m, 1.5f);
            softmax_reference(n, x.data() + 1, 0.7f, m, 1.5f, ref.data());
            for (size_t i = 0; i < n; ++i)
                ASSERT_NEAR(dst[i + 1], ref[i], 1e-6 * ref[i] + 1e-9) << "n=" << n << " mask=" << (m != nullptr);
            EXPECT_EQ(dst[n + 1], 42.0f);
        }
    }
}

TEST_P(Reduce, SoftmaxInPlaceAndFullyMasked) {
    auto x = values(33, -3, 3, 25);
    std::vector<double> ref(x.size());
    softmax_reference(x.size(), x.data(), 1.0f, nullptr, 0.0f, ref.data());
    softmax_row(x.size(), x.data(), x.data(), 1.0f, nullptr, 0.0f);
    for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], ref[i], 1e-6 * ref[i]);
    std::vector<float> mask(x.size(), -INFINITY), dst(x.size(), 42.0f);
    softmax_row(x.size(), dst.data(), x.data(), 1.0f, mask.data(), 1.0f);
    for (float v : dst) EXPECT_EQ(v, 0.0f);
}

TEST_P(Reduce, RmsNormAndNorm) {
    for (size_t n : kSizes) {
        if (n == 0) continue;
        auto x = values(n + 1, -3, 5, 26);
        const float* p = x.data() + 1;
        double sq = 0, sum = 0;
        for (size_t i = 0; i < n; ++i) sq += double(p[i]) * p[i], sum += p[i];
        const double mean = sum / n;
        double var = 0;
        for (size_t i = 0; i < n; ++i) var += (p[i] - mean) * (p[i] - mean);
        var /= n;
        const double eps = 1e-5;
        std::vector<float> rms(n + 1), nrm(n + 1);
        rms_norm_row(n, rms.data() + 1, p, static_cast<float>(eps));
        norm_row(n, nrm.data() + 1, p, static_cast<float>(eps));
        for (size_t i = 0; i < n; ++i) {
            const double r = p[i] / std::sqrt(sq / n + eps), m = (p[i] - mean) / std::sqrt(var + eps);
            ASSERT_NEAR(rms[i + 1], r, 1e-6 * (1 + std::fabs(r))) << "n=" << n;
            ASSERT_NEAR(nrm[i + 1], m, 1e-5 * (1 + std::fabs(m))) << "n=" << n;
        }
    }
}

LUGH_SIMD_PER_TARGET(Reduce);

}  // namespace
}  // namespace lugh::cpu::simd
