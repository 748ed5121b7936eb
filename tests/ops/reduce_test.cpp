// sum, sum_rows, mean, argmax against double-precision references.
#include "ops/op_test_util.hpp"

using optest::Shape;
namespace ops = lugh::ops;

TEST(OpsReduce, SumSumRowsMean) {
    for (auto dims : std::vector<std::vector<int64_t>>{{1}, {7, 3}, {33, 7, 2}, {4097, 3}, {4097, 1, 1, 2}}) {
        Shape s(std::array<int64_t, 4>{dims[0], dims.size() > 1 ? dims[1] : 1, dims.size() > 2 ? dims[2] : 1,
                                       dims.size() > 3 ? dims[3] : 1});
        const auto v = optest::random_values(static_cast<size_t>(s.n()), 21);
        double total = 0;
        std::vector<double> rows, means;
        for (int64_t r = 0; r < s.n() / s.ne[0]; ++r) {
            double acc = 0;
            for (int64_t i = 0; i < s.ne[0]; ++i) acc += v[static_cast<size_t>(r * s.ne[0] + i)];
            rows.push_back(acc);
            means.push_back(acc / static_cast<double>(s.ne[0]));
            total += acc;
        }
        auto make = [&](lugh::Context& ctx) {
            auto a = lugh::Tensor::new_f32(ctx, dims);
            a.set_f32(v);
            return a;
        };
        auto sum = optest::run_threads([&](lugh::Context& ctx) { return ops::sum(ctx, make(ctx)); });
        auto sum_rows = optest::run_threads([&](lugh::Context& ctx) {
            auto r = ops::sum_rows(ctx, make(ctx));
            EXPECT_EQ(r.ne()[0], 1);
            EXPECT_EQ(r.ne()[1], s.ne[1]);
            return r;
        });
        auto mean = optest::run_threads([&](lugh::Context& ctx) { return ops::mean(ctx, make(ctx)); });
        optest::expect_near(sum, {total}, 1e-6);
        optest::expect_near(sum_rows, rows, 1e-6);
        optest::expect_near(mean, means, 1e-6);
    }
}

TEST(OpsReduce, SumOfStridedView) {
    const auto v = optest::random_values(33 * 7, 22);
    double total = 0;
    for (float x : v) total += x;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {33, 7});
        a.set_f32(v);
        return ops::sum(ctx, ops::transpose(ctx, a));
    });
    optest::expect_near(got, {total}, 1e-6);
}

TEST(OpsReduce, Argmax) {
    for (int64_t n : {1, 7, 33, 4097}) {
        const auto v = optest::random_values(static_cast<size_t>(n * 5), 23);
        std::vector<double> want;
        for (int r = 0; r < 5; ++r) {
            int64_t best = 0;
            for (int64_t i = 1; i < n; ++i)
                if (v[static_cast<size_t>(r * n + i)] > v[static_cast<size_t>(r * n + best)]) best = i;
            want.push_back(static_cast<double>(best));
        }
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = lugh::Tensor::new_f32(ctx, {n, 5});
            a.set_f32(v);
            return ops::argmax(ctx, a);
        });
        optest::expect_near(got, want, 0);
    }
}
