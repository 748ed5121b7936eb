// add, sub, mul, div (with broadcasting, strided inputs, in place), scale, clamp.
#include <functional>

#include "ops/op_test_util.hpp"

using optest::Shape;
namespace ops = lugh::ops;

namespace {

struct BinCase {
    std::array<int64_t, 4> a, b;
};

using OpFn = lugh::Tensor (*)(lugh::Context&, const lugh::Tensor&, const lugh::Tensor&);

double apply(int which, double x, double y) {
    switch (which) {
        case 0: return x + y;
        case 1: return x - y;
        case 2: return x * y;
        default: return x / y;
    }
}

const OpFn kOps[4] = {ops::add, ops::sub, ops::mul, ops::div};
const OpFn kInplace[4] = {ops::add_inplace, ops::sub_inplace, ops::mul_inplace, ops::div_inplace};

std::vector<double> reference(int which, const Shape& sa, const std::vector<float>& a, const Shape& sb,
                              const std::vector<float>& b) {
    std::vector<double> out(static_cast<size_t>(sa.n()));
    for (int64_t i3 = 0; i3 < sa.ne[3]; ++i3)
        for (int64_t i2 = 0; i2 < sa.ne[2]; ++i2)
            for (int64_t i1 = 0; i1 < sa.ne[1]; ++i1)
                for (int64_t i0 = 0; i0 < sa.ne[0]; ++i0)
                    out[sa.at(i0, i1, i2, i3)] =
                        apply(which, a[sa.at(i0, i1, i2, i3)],
                              b[sb.at(i0 % sb.ne[0], i1 % sb.ne[1], i2 % sb.ne[2], i3 % sb.ne[3])]);
    return out;
}

std::vector<int64_t> dims(const std::array<int64_t, 4>& ne) { return {ne[0], ne[1], ne[2], ne[3]}; }

}  // namespace

TEST(OpsBinary, MatchesReferenceOverShapesAndBroadcasts) {
    const BinCase cases[] = {
        {{1, 1, 1, 1}, {1, 1, 1, 1}},   {{7, 1, 1, 1}, {7, 1, 1, 1}},   {{4097, 1, 1, 1}, {4097, 1, 1, 1}},
        {{33, 7, 1, 1}, {33, 1, 1, 1}}, {{33, 7, 3, 2}, {1, 7, 1, 2}},  {{33, 7, 3, 2}, {1, 1, 1, 1}},
        {{33, 7, 3, 1}, {11, 7, 1, 1}}, {{4097, 3, 1, 1}, {4097, 3, 1, 1}},
    };
    for (int which = 0; which < 4; ++which) {
        for (const BinCase& c : cases) {
            SCOPED_TRACE(testing::Message() << "op " << which << " a " << c.a[0] << "x" << c.a[1] << "x" << c.a[2]
                                            << "x" << c.a[3] << " b " << c.b[0] << "x" << c.b[1]);
            const auto va = optest::random_values(static_cast<size_t>(Shape(c.a).n()), 1);
            const auto vb = optest::random_values(static_cast<size_t>(Shape(c.b).n()), 2, 0.5f, 2.0f);
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a = lugh::Tensor::new_f32(ctx, dims(c.a));
                auto b = lugh::Tensor::new_f32(ctx, dims(c.b));
                a.set_f32(va);
                b.set_f32(vb);
                return kOps[which](ctx, a, b);
            });
            optest::expect_near(got, reference(which, Shape(c.a), va, Shape(c.b), vb), 1e-6);
        }
    }
}

TEST(OpsBinary, TransposedOperandsAndInPlace) {
    // a is a transposed (strided) view; b a permuted one; then the in-place form.
    const auto base_a = optest::random_values(7 * 33, 3);
    const auto base_b = optest::random_values(7 * 33, 4, 0.5f, 2.0f);
    for (int which = 0; which < 4; ++which) {
        std::vector<float> la, lb;   // the logical (row-major) values of the views
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a0 = lugh::Tensor::new_f32(ctx, {7, 33});
            auto b0 = lugh::Tensor::new_f32(ctx, {7, 33});
            a0.set_f32(base_a);
            b0.set_f32(base_b);
            auto a = ops::transpose(ctx, a0);               // [33, 7], strided
            auto b = ops::permute(ctx, b0, 1, 0, 2, 3);     // same, via permute
            la = a.get_f32();
            lb = b.get_f32();
            return kOps[which](ctx, a, b);
        });
        optest::expect_near(got, reference(which, Shape{33, 7}, la, Shape{33, 7}, lb), 1e-6);

        auto in_place = optest::run_threads([&](lugh::Context& ctx) {
            auto a = lugh::Tensor::new_f32(ctx, {33, 7});
            auto b = lugh::Tensor::new_f32(ctx, {33});
            a.set_f32(base_a);
            b.set_f32(std::vector<float>(base_b.begin(), base_b.begin() + 33));
            auto r = kInplace[which](ctx, a, b);
            EXPECT_EQ(r.raw()->data, a.raw()->data);
            return r;
        });
        optest::expect_near(in_place,
                            reference(which, Shape{33, 7}, base_a, Shape{33},
                                      std::vector<float>(base_b.begin(), base_b.begin() + 33)),
                            1e-6);
    }
}

TEST(OpsBinary, ScaleAndClamp) {
    const auto va = optest::random_values(4097, 5, -3.0f, 3.0f);
    auto scaled = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {4097});
        a.set_f32(va);
        return ops::scale(ctx, a, 0.37f);
    });
    auto clamped = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {4097});
        a.set_f32(va);
        return ops::clamp(ctx, a, -1.0f, 0.5f);
    });
    std::vector<double> ws, wc;
    for (float x : va) {
        ws.push_back(static_cast<double>(x) * 0.37f);
        wc.push_back(std::fmin(0.5, std::fmax(-1.0, x)));
    }
    optest::expect_near(scaled, ws, 1e-6);
    optest::expect_near(clamped, wc, 0);
}
