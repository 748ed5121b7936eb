// Unary rows against double-precision std:: functions, within the documented
// accuracy (vmath-inl.h), plus the special values (0, inf, NaN).
#include "simd_test_support.hpp"

#include <cmath>
#include <limits>

#include "cpu/simd/unary.hpp"

namespace lugh::cpu::simd {
namespace {

using testing::kSizes;
using testing::values;

double reference(UnaryOp op, double x) {
    switch (op) {
        case UnaryOp::neg: return -x;
        case UnaryOp::abs: return std::fabs(x);
        case UnaryOp::sqr: return x * x;
        case UnaryOp::sqrt: return std::sqrt(x);
        case UnaryOp::exp: return std::exp(x);
        case UnaryOp::log: return std::log(x);
        case UnaryOp::relu: return x > 0 ? x : 0;
        case UnaryOp::gelu: return 0.5 * x * (1 + std::tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
        case UnaryOp::silu: return x / (1 + std::exp(-x));
        case UnaryOp::tanh: return std::tanh(x);
        case UnaryOp::sigmoid: return 1 / (1 + std::exp(-x));
    }
    return 0;
}

struct Case {
    UnaryOp op;
    const char* name;
    float lo, hi;    // input range
    double rel, abs; // allowed error: abs + rel * |reference|
};

// Tolerances: exact ops 0; exp 1 ulp (~1.2e-7) doubled for the float input
// rounding; log and tanh 4 ulp; composite functions a few more.
const Case kCases[] = {
    {UnaryOp::neg, "neg", -5, 5, 0, 0},         {UnaryOp::abs, "abs", -5, 5, 0, 0},
    {UnaryOp::sqr, "sqr", -5, 5, 6e-8, 0},      {UnaryOp::sqrt, "sqrt", 0, 50, 6e-8, 0},
    {UnaryOp::exp, "exp", -80, 80, 2.5e-7, 0},  {UnaryOp::log, "log", 1e-3f, 1e3f, 5e-7, 1e-7},
    {UnaryOp::relu, "relu", -5, 5, 0, 0},       {UnaryOp::gelu, "gelu", -8, 8, 2e-6, 2e-7},
    {UnaryOp::silu, "silu", -20, 20, 1e-6, 1e-7}, {UnaryOp::tanh, "tanh", -10, 10, 5e-7, 1e-7},
    {UnaryOp::sigmoid, "sigmoid", -20, 20, 1e-6, 1e-8},
};

class Unary : public testing::PerTarget {};

TEST_P(Unary, RowsMatchDoubleReference) {
    for (const Case& c : kCases) {
        for (size_t n : kSizes) {
            auto src = values(n + 1, c.lo, c.hi, 11);
            std::vector<float> dst(n + 2, 42.0f);
            unary_row(c.op, n, dst.data() + 1, src.data() + 1);
            for (size_t i = 1; i <= n; ++i) {
                const double ref = reference(c.op, src[i]);
                ASSERT_NEAR(dst[i], ref, c.abs + c.rel * std::fabs(ref)) << c.name << " n=" << n << " x=" << src[i];
            }
            EXPECT_EQ(dst[n + 1], 42.0f) << c.name;
        }
    }
}

TEST_P(Unary, SpecialValues) {
    const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
    // A full vector's worth so the vector path (not only the tail) sees them.
    std::vector<float> x = {0.0f, -inf, inf, nan, 100.0f, -100.0f, 1.0f, -1.0f,
                            0.0f, -inf, inf, nan, 100.0f, -100.0f, 1.0f, -1.0f, 0.0f};
    std::vector<float> y(x.size());
    unary_row(UnaryOp::exp, x.size(), y.data(), x.data());
    EXPECT_EQ(y[0], 1.0f);
    EXPECT_EQ(y[1], 0.0f);
    EXPECT_EQ(y[2], inf);
    EXPECT_TRUE(std::isnan(y[3]));
    EXPECT_EQ(y[4], inf);  // e^100 overflows float
    EXPECT_NEAR(y[5], 0.0f, 1e-38f);
    unary_row(UnaryOp::log, x.size(), y.data(), x.data());
    EXPECT_EQ(y[0], -inf);
    EXPECT_TRUE(std::isnan(y[1]));
    EXPECT_EQ(y[2], inf);
    EXPECT_TRUE(std::isnan(y[3]));
    EXPECT_TRUE(std::isnan(y[7]));  // log(-1)
    EXPECT_EQ(y[6], 0.0f);
    unary_row(UnaryOp::sigmoid, x.size(), y.data(), x.data());
    EXPECT_EQ(y[1], 0.0f);
    EXPECT_EQ(y[2], 1.0f);
    unary_row(UnaryOp::tanh, x.size(), y.data(), x.data());
    EXPECT_EQ(y[1], -1.0f);
    EXPECT_EQ(y[2], 1.0f);
    EXPECT_EQ(y[4], 1.0f);
}

LUGH_SIMD_PER_TARGET(Unary);

}  // namespace
}  // namespace lugh::cpu::simd
