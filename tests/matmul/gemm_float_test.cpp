// GEMM in mul_mat layout against a double-precision reference over odd
// shapes, with strided operands, and bitwise-identical results for 1 and 3
// "threads" (ith/nth splits run one after another).
#include "simd/simd_test_support.hpp"

#include <cmath>
#include <cstring>

#include "core/fp16.hpp"
#include "cpu/matmul/gemm_float.hpp"

namespace lugh::cpu::matmul {
namespace {

namespace testing = ::lugh::cpu::simd::testing;

using simd::testing::values;

struct Shape {
    size_t M, N, K;
};

// Odd sizes around the tiles (MR = 8/16/32, NR = 4/6/12) and the K block (256).
const Shape kShapes[] = {{1, 1, 1},    {7, 1, 33},   {1, 7, 33},    {7, 7, 7},     {33, 33, 33},
                         {129, 7, 33}, {7, 129, 1},  {33, 65, 257}, {129, 129, 129}, {65, 31, 600},
                         {3, 2, 0},    {40, 200, 17}};

// Operands with leading dimensions larger than K (strided rows), dst with
// ldd > M; extra elements are poison so reading them would show.
template <typename TA>
struct Problem {
    Shape s;
    size_t lda, ldb, ldd;
    std::vector<TA> a;
    std::vector<float> a_value;  // a as floats
    std::vector<float> b;
    std::vector<uint8_t> round_b;   // F16 a only: rows of b to round to binary16 (empty: none)
    Problem(Shape shape) : s(shape), lda(shape.K + 3), ldb(shape.K + 1), ldd(shape.M + 2) {
        auto av = values(s.M * lda, -1, 1, 41);
        b = values(s.N * ldb, -1, 1, 42);
        a.resize(av.size());
        a_value.resize(av.size());
        for (size_t i = 0; i < av.size(); ++i) {
            if constexpr (sizeof(TA) == 2) {
                a[i] = core::fp32_to_fp16(av[i]);
                a_value[i] = core::fp16_to_fp32(a[i]);
            } else {
                a[i] = av[i];
                a_value[i] = av[i];
            }
        }
    }
    std::vector<float> run(int nth) const {
        std::vector<float> dst(s.N * ldd + 1, NAN);
        for (int ith = 0; ith < nth; ++ith) {
            if constexpr (sizeof(TA) == 2)
                gemm_f16_f32(s.M, s.N, s.K, a.data(), lda, b.data(), ldb, dst.data(), ldd, ith, nth,
                             round_b.empty() ? nullptr : round_b.data());
            else
                gemm_f32(s.M, s.N, s.K, a.data(), lda, b.data(), ldb, dst.data(), ldd, ith, nth);
        }
        return dst;
    }
    void check(const std::vector<float>& dst) const {
        for (size_t n = 0; n < s.N; ++n) {
            for (size_t m = 0; m < s.M; ++m) {
                double ref = 0, mag = 0;
                for (size_t k = 0; k < s.K; ++k) {
                    float bv = b[n * ldb + k];
                    if (!round_b.empty() && round_b[n]) bv = core::fp16_to_fp32(core::fp32_to_fp16(bv));
                    ref += double(a_value[m * lda + k]) * bv;
                    mag += std::fabs(double(a_value[m * lda + k]) * bv);
                }
                ASSERT_NEAR(dst[n * ldd + m], ref, 2e-6 * (1 + mag)) << "M=" << s.M << " N=" << s.N << " K=" << s.K
                                                                        << " m=" << m << " n=" << n;
            }
            for (size_t m = s.M; m < ldd && n * ldd + m < dst.size(); ++m)
                ASSERT_TRUE(std::isnan(dst[n * ldd + m])) << "wrote past M in row " << n;
        }
    }
};

class Gemm : public testing::PerTarget {};

template <typename TA>
void check_all_shapes(bool round_some_rows = false) {
    for (const Shape& s : kShapes) {
        Problem<TA> p(s);
        if (round_some_rows)
            for (size_t n = 0; n < s.N; ++n) p.round_b.push_back(n % 3 != 1 ? 1 : 0);
        const auto one = p.run(1);
        p.check(one);
        for (int nth : {2, 3}) {
            const auto split = p.run(nth);
            ASSERT_EQ(std::memcmp(one.data(), split.data(), one.size() * sizeof(float)), 0)
                << "nth=" << nth << " M=" << s.M << " N=" << s.N << " K=" << s.K;
        }
    }
}

TEST_P(Gemm, F32MatchesReferenceAndSplitsAreBitwiseEqual) { check_all_shapes<float>(); }
TEST_P(Gemm, F16MatchesReferenceAndSplitsAreBitwiseEqual) { check_all_shapes<uint16_t>(); }
// Rows flagged in round_b are multiplied as if b were binary16 (the
// reference rounds exactly those); the 2e-6 tolerance is far below the
// rounding's effect, so rounding the wrong rows, or none, fails.
TEST_P(Gemm, F16RoundsTheFlaggedRowsOfB) { check_all_shapes<uint16_t>(true); }

TEST_P(Gemm, MoreThreadsThanWork) {
    Problem<float> p({3, 2, 5});
    const auto one = p.run(1);
    const auto many = p.run(16);
    EXPECT_EQ(std::memcmp(one.data(), many.data(), one.size() * sizeof(float)), 0);
}

// The narrow kernel (few rows of b) and the blocked one must give the same
// bits, so the choice between them never changes a result.
TEST_P(Gemm, NarrowAndBlockedKernelsAgreeBitwise) {
    for (const Shape& s : kShapes) {
        Problem<float> p32(s);
        Problem<uint16_t> p16(s);
        for (size_t n = 0; n < s.N; ++n) p16.round_b.push_back(n % 2);
        for (int nth : {1, 3}) {
            std::vector<float> narrow(s.N * p32.ldd + 1, NAN), blocked = narrow, narrow16 = narrow, blocked16 = narrow;
            for (int ith = 0; ith < nth; ++ith) {
                gemm_f32_narrow(s.M, s.N, s.K, p32.a.data(), p32.lda, p32.b.data(), p32.ldb, narrow.data(), p32.ldd, ith, nth);
                gemm_f32_blocked(s.M, s.N, s.K, p32.a.data(), p32.lda, p32.b.data(), p32.ldb, blocked.data(), p32.ldd, ith,
                                 nth);
                gemm_f16_f32_narrow(s.M, s.N, s.K, p16.a.data(), p16.lda, p16.b.data(), p16.ldb, narrow16.data(), p16.ldd,
                                    ith, nth, p16.round_b.data());
                gemm_f16_f32_blocked(s.M, s.N, s.K, p16.a.data(), p16.lda, p16.b.data(), p16.ldb, blocked16.data(),
                                     p16.ldd, ith, nth, p16.round_b.data());
            }
            p32.check(narrow);
            p16.check(narrow16);
            EXPECT_EQ(std::memcmp(narrow.data(), blocked.data(), narrow.size() * 4), 0) << "M=" << s.M << " N=" << s.N;
            EXPECT_EQ(std::memcmp(narrow16.data(), blocked16.data(), narrow.size() * 4), 0) << "M=" << s.M << " N=" << s.N;
        }
    }
}

LUGH_SIMD_PER_TARGET(Gemm);

}  // namespace
}  // namespace lugh::cpu::matmul
