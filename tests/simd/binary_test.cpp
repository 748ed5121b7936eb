// Element-wise binary rows against the same operation done one element at a
// time (each is a single IEEE operation, so results must match exactly).
#include "simd_test_support.hpp"

#include "cpu/simd/binary.hpp"
#include "lugh/error.hpp"

namespace lugh::cpu::simd {
namespace {

using testing::kSizes;
using testing::values;

float apply(BinaryOp op, float x, float y) {
    switch (op) {
        case BinaryOp::add: return x + y;
        case BinaryOp::sub: return x - y;
        case BinaryOp::mul: return x * y;
        case BinaryOp::div: return x / y;
    }
    return 0;
}

const BinaryOp kOps[] = {BinaryOp::add, BinaryOp::sub, BinaryOp::mul, BinaryOp::div};

class Binary : public testing::PerTarget {};

TEST_P(Binary, RowsMatchScalarOnUnalignedPointers) {
    for (BinaryOp op : kOps) {
        for (size_t n : kSizes) {
            // One float past an aligned start: unaligned for every vector width.
            auto a = values(n + 1, -3, 3, 1), b = values(n + 1, 0.5f, 4, 2);
            std::vector<float> dst(n + 2, 42.0f);
            binary_row(op, n, dst.data() + 1, a.data() + 1, b.data() + 1);
            for (size_t i = 0; i < n; ++i) ASSERT_EQ(dst[i + 1], apply(op, a[i + 1], b[i + 1])) << "n=" << n << " i=" << i;
            EXPECT_EQ(dst[0], 42.0f);  // nothing written outside the row
            EXPECT_EQ(dst[n + 1], 42.0f);
        }
    }
}

TEST_P(Binary, InPlace) {
    auto a = values(33, -3, 3, 3), b = values(33, 1, 2, 4);
    auto expect = a;
    for (size_t i = 0; i < a.size(); ++i) expect[i] = a[i] * b[i];
    binary_row(BinaryOp::mul, a.size(), a.data(), a.data(), b.data());
    EXPECT_EQ(a, expect);
}

TEST_P(Binary, ScalarBroadcastAndScale) {
    for (BinaryOp op : kOps) {
        for (size_t n : kSizes) {
            auto a = values(n + 1, -3, 3, 5);
            std::vector<float> dst(n + 1), scaled(n + 1);
            binary_row_scalar(op, n, dst.data() + 1, a.data() + 1, 1.75f);
            scale_row(n, scaled.data() + 1, a.data() + 1, -0.3f);
            for (size_t i = 1; i <= n; ++i) {
                ASSERT_EQ(dst[i], apply(op, a[i], 1.75f)) << "n=" << n;
                ASSERT_EQ(scaled[i], a[i] * -0.3f) << "n=" << n;
            }
        }
    }
}

TEST_P(Binary, RepeatedRow) {
    for (size_t nb : {size_t{1}, size_t{3}, size_t{16}, size_t{17}}) {
        for (size_t n : kSizes) {
            auto a = values(n, -3, 3, 6), b = values(nb, 1, 3, 7);
            std::vector<float> dst(n);
            binary_row_repeat(BinaryOp::sub, n, dst.data(), a.data(), b.data(), nb);
            for (size_t i = 0; i < n; ++i) ASSERT_EQ(dst[i], a[i] - b[i % nb]) << "n=" << n << " nb=" << nb;
        }
    }
}

LUGH_SIMD_PER_TARGET(Binary);

}  // namespace
}  // namespace lugh::cpu::simd

TEST(BinaryErrors, EmptyRepeatedRowIsAnError) {
    float a[4] = {1, 2, 3, 4}, dst[4];
    EXPECT_THROW(lugh::cpu::simd::binary_row_repeat(lugh::cpu::simd::BinaryOp::add, 4, dst, a, a, 0), lugh::Error);
}
