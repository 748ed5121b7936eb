// mul_mat: F32/F16/BF16 first operand, odd sizes, batch broadcast, strided b.
#include "ops/op_test_util.hpp"

using optest::Shape;
namespace ops = lugh::ops;

namespace {
using optest::stored;
// a [K, M, A2, A3] (values as stored), b [K, N, B2, B3] -> [M, N, B2, B3]
std::vector<double> matmul_ref(const std::vector<float>& a, const Shape& sa, const std::vector<float>& b,
                               const Shape& sb) {
    const int64_t K = sa.ne[0], M = sa.ne[1], N = sb.ne[1];
    const Shape so{M, N, sb.ne[2], sb.ne[3]};
    std::vector<double> out(static_cast<size_t>(so.n()));
    for (int64_t i3 = 0; i3 < sb.ne[3]; ++i3)
        for (int64_t i2 = 0; i2 < sb.ne[2]; ++i2)
            for (int64_t n = 0; n < N; ++n)
                for (int64_t m = 0; m < M; ++m) {
                    double acc = 0;
                    for (int64_t k = 0; k < K; ++k)
                        acc += static_cast<double>(a[sa.at(k, m, i2 / (sb.ne[2] / sa.ne[2]), i3 / (sb.ne[3] / sa.ne[3]))]) *
                               b[sb.at(k, n, i2, i3)];
                    out[so.at(m, n, i2, i3)] = acc;
                }
    return out;
}

}  // namespace

TEST(OpsMulMat, OddSizesAndTypes) {
    struct Case {
        int64_t K, M, N;
    };
    for (lugh::Type t : {lugh::Type::F32, lugh::Type::F16, lugh::Type::BF16}) {
        for (ops::Precision prec : {ops::Precision::Default, ops::Precision::F32}) {
            for (Case c : {Case{1, 1, 1}, Case{7, 33, 1}, Case{33, 7, 5}, Case{4097, 3, 2}, Case{64, 40, 70}}) {
                SCOPED_TRACE(testing::Message() << lugh::type_name(t) << " K=" << c.K << " M=" << c.M << " N=" << c.N
                                                << " prec=" << static_cast<int>(prec));
                const auto va = stored(optest::random_values(static_cast<size_t>(c.K * c.M), 41), t);
                const auto vb = optest::random_values(static_cast<size_t>(c.K * c.N), 42);
                auto got = optest::run_threads([&](lugh::Context& ctx) {
                    auto a = lugh::Tensor::create(ctx, t, {c.K, c.M});
                    auto b = lugh::Tensor::new_f32(ctx, {c.K, c.N});
                    a.set_f32(va);
                    b.set_f32(vb);
                    auto r = ops::mul_mat(ctx, a, b, prec);
                    EXPECT_EQ(r.ne()[0], c.M);
                    EXPECT_EQ(r.ne()[1], c.N);
                    return r;
                });
                // F16 weights at the default precision: b is rounded to F16
                // first (as upstream) in every path, and the result is that
                // product to float rounding.
                const bool half_b = t == lugh::Type::F16 && prec == ops::Precision::Default;
                const auto ref_b = half_b ? stored(vb, lugh::Type::F16) : vb;
                optest::expect_near(got, matmul_ref(va, Shape{c.K, c.M}, ref_b, Shape{c.K, c.N}), 1e-5 * std::sqrt(c.K));
            }
        }
    }
}

TEST(OpsMulMat, HalfWeightsKeepF32ActivationsThatOverflowF16) {
    // A row of b holding a finite value beyond F16's range (65504) must not
    // become an infinity: that row is multiplied in F32, the others are
    // rounded. In all three paths: row dots (N = 2), the blocked GEMM (N = 6)
    // and the tiled kernel (b transposed, so its rows are strided).
    const int64_t K = 40, M = 6;
    const auto va = stored(optest::random_values(static_cast<size_t>(K * M), 51), lugh::Type::F16);
    for (int64_t N : {2, 6}) {
        for (bool strided : {false, true}) {
            SCOPED_TRACE(testing::Message() << "N=" << N << (strided ? " strided b" : " packed b"));
            auto vb = optest::random_values(static_cast<size_t>(K * N), 52);
            vb[3] = 1.0e6f;   // row 0
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a = lugh::Tensor::create(ctx, lugh::Type::F16, {K, M});
                if (!strided) {
                    auto b = lugh::Tensor::new_f32(ctx, {K, N});
                    a.set_f32(va);
                    b.set_f32(vb);
                    return ops::mul_mat(ctx, a, b);
                }
                std::vector<float> bt(vb.size());   // b stored [N, K], viewed as [K, N]
                for (int64_t n = 0; n < N; ++n)
                    for (int64_t k = 0; k < K; ++k) bt[static_cast<size_t>(k * N + n)] = vb[static_cast<size_t>(n * K + k)];
                auto b0 = lugh::Tensor::new_f32(ctx, {N, K});
                a.set_f32(va);
                b0.set_f32(bt);
                return ops::mul_mat(ctx, a, ops::transpose(ctx, b0));
            });
            const auto exact = matmul_ref(va, Shape{K, M}, vb, Shape{K, N});
            const auto rounded = matmul_ref(va, Shape{K, M}, stored(vb, lugh::Type::F16), Shape{K, N});
            for (int64_t n = 0; n < N; ++n)
                for (int64_t m = 0; m < M; ++m) {
                    const size_t i = static_cast<size_t>(n * M + m);
                    ASSERT_TRUE(std::isfinite(got[i])) << m;
                    if (n == 0) EXPECT_NEAR(got[i], exact[i], 1e-6 * 1.0e6) << "row 0 in F32, m=" << m;
                    else EXPECT_NEAR(got[i], rounded[i], 1e-5) << "row " << n << " rounded, m=" << m;
                }
        }
    }
}

TEST(OpsMulMat, PrecisionIsCheckedAndStoredInTheNode) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::create(ctx, lugh::Type::F16, {8, 4});
    auto b = lugh::Tensor::new_f32(ctx, {8, 1});
    const size_t before = ctx.n_tensors();
    EXPECT_THROW(ops::mul_mat(ctx, a, b, static_cast<ops::Precision>(3)), lugh::Error);
    EXPECT_EQ(ctx.n_tensors(), before) << "a refused precision must create nothing";
    auto r = ops::mul_mat(ctx, a, b, ops::Precision::F32);
    EXPECT_EQ(r.raw()->op_params[0], GGML_PREC_F32);
    auto d = ops::mul_mat(ctx, a, b);
    EXPECT_EQ(d.raw()->op_params[0], GGML_PREC_DEFAULT);
    ops::mul_mat_set_prec(d, ops::Precision::F32);
    EXPECT_EQ(d.raw()->op_params[0], GGML_PREC_F32);
    EXPECT_THROW(ops::mul_mat_set_prec(d, static_cast<ops::Precision>(1)), lugh::Error);
    EXPECT_EQ(d.raw()->op_params[0], GGML_PREC_F32) << "a refused value changes nothing";
    EXPECT_THROW(ops::mul_mat_set_prec(ops::add(ctx, b, b), ops::Precision::F32), lugh::Error);
}

TEST(OpsMulMat, BatchBroadcastAndStridedB) {
    const Shape sa{33, 7, 2, 1}, sb{33, 5, 6, 3};
    const auto va = optest::random_values(static_cast<size_t>(sa.n()), 43);
    const auto vb = optest::random_values(static_cast<size_t>(sb.n()), 44);
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {33, 7, 2, 1});
        auto b = lugh::Tensor::new_f32(ctx, {33, 5, 6, 3});
        a.set_f32(va);
        b.set_f32(vb);
        return ops::mul_mat(ctx, a, b);
    });
    optest::expect_near(got, matmul_ref(va, sa, vb, sb), 1e-5);

    // b as a transposed view: its rows are strided.
    std::vector<float> logical_b;
    auto strided = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {33, 7});
        auto b0 = lugh::Tensor::new_f32(ctx, {5, 33});
        a.set_f32(std::vector<float>(va.begin(), va.begin() + 33 * 7));
        b0.set_f32(std::vector<float>(vb.begin(), vb.begin() + 5 * 33));
        auto b = ops::transpose(ctx, b0);
        logical_b = b.get_f32();
        return ops::mul_mat(ctx, a, b);
    });
    optest::expect_near(strided,
                        matmul_ref(std::vector<float>(va.begin(), va.begin() + 33 * 7), Shape{33, 7}, logical_b,
                                   Shape{33, 5}),
                        1e-5);
}
