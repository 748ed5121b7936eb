// Unary element-wise ops against double-precision references, on packed and
// strided (transposed) inputs, plus the in-place forms.
#include "ops/op_test_util.hpp"

namespace ops = lugh::ops;

namespace {

struct UnaryCase {
    const char* name;
    lugh::Tensor (*op)(lugh::Context&, const lugh::Tensor&);
    lugh::Tensor (*inplace)(lugh::Context&, const lugh::Tensor&);
    double (*ref)(double);
    float lo, hi;
};

double gelu_ref(double x) { return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x))); }

const UnaryCase kCases[] = {
    {"neg", ops::neg, ops::neg_inplace, [](double x) { return -x; }, -3, 3},
    {"abs", ops::abs, ops::abs_inplace, [](double x) { return std::fabs(x); }, -3, 3},
    {"sqr", ops::sqr, ops::sqr_inplace, [](double x) { return x * x; }, -3, 3},
    {"sqrt", ops::sqrt, ops::sqrt_inplace, [](double x) { return std::sqrt(x); }, 0, 9},
    {"exp", ops::exp, ops::exp_inplace, [](double x) { return std::exp(x); }, -5, 5},
    {"log", ops::log, ops::log_inplace, [](double x) { return std::log(x); }, 0.01f, 9},
    {"relu", ops::relu, ops::relu_inplace, [](double x) { return x > 0 ? x : 0.0; }, -3, 3},
    {"gelu", ops::gelu, ops::gelu_inplace, gelu_ref, -5, 5},
    {"silu", ops::silu, ops::silu_inplace, [](double x) { return x / (1.0 + std::exp(-x)); }, -8, 8},
    {"tanh", ops::tanh, ops::tanh_inplace, [](double x) { return std::tanh(x); }, -4, 4},
    {"sigmoid", ops::sigmoid, ops::sigmoid_inplace, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -8, 8},
};

}  // namespace

TEST(OpsUnary, MatchReferenceOnOddSizes) {
    for (const UnaryCase& c : kCases) {
        for (int64_t n : {1, 7, 33, 4097}) {
            SCOPED_TRACE(testing::Message() << c.name << " n=" << n);
            const auto v = optest::random_values(static_cast<size_t>(n * 3), 11, c.lo, c.hi);
            std::vector<double> want;
            for (float x : v) want.push_back(c.ref(x));
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a = lugh::Tensor::new_f32(ctx, {n, 3});
                a.set_f32(v);
                return c.op(ctx, a);
            });
            optest::expect_near(got, want, 2e-6);
            auto in_place = optest::run_threads([&](lugh::Context& ctx) {
                auto a = lugh::Tensor::new_f32(ctx, {n, 3});
                a.set_f32(v);
                return c.inplace(ctx, a);
            });
            optest::expect_near(in_place, want, 2e-6);
        }
    }
}

TEST(OpsUnary, StridedInput) {
    for (const UnaryCase& c : kCases) {
        SCOPED_TRACE(c.name);
        const auto v = optest::random_values(33 * 7, 12, c.lo, c.hi);
        std::vector<float> logical;
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a0 = lugh::Tensor::new_f32(ctx, {33, 7});
            a0.set_f32(v);
            auto a = ops::transpose(ctx, a0);
            logical = a.get_f32();
            return c.op(ctx, a);
        });
        std::vector<double> want;
        for (float x : logical) want.push_back(c.ref(x));
        optest::expect_near(got, want, 2e-6);
    }
}

TEST(OpsUnary, NamesAndUnaryOpQuery) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {4});
    auto r = ops::silu(ctx, a);
    EXPECT_EQ(r.raw()->op, GGML_OP_UNARY);
    EXPECT_EQ(ggml_get_unary_op(r.raw()), GGML_UNARY_OP_SILU);
    EXPECT_STREQ(ggml_op_desc(r.raw()), "SILU");
    EXPECT_STREQ(ggml_op_name(GGML_OP_MUL_MAT), "MUL_MAT");
    EXPECT_STREQ(ggml_unary_op_name(GGML_UNARY_OP_GELU), "GELU");
    auto u = ops::unary(ctx, a, lugh::UnaryOp::Relu);
    EXPECT_EQ(ggml_get_unary_op(u.raw()), GGML_UNARY_OP_RELU);
}
