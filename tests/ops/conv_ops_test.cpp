// im2col and the convolutions against direct double-precision loops, on odd
// sizes, strides, paddings and dilations, strided inputs, F16 kernels, at 1
// and 3 threads.
#include "ops/new_op_inputs.hpp"

using optest::Shape;
namespace ops = lugh::ops;

namespace {

struct P { int s0, s1, p0, p1, d0, d1; };
int64_t out_len(int64_t in, int64_t k, int s, int p, int d) { return (in + 2 * p - d * (k - 1) - 1) / s + 1; }

// Plain 2D convolution: kernel k [KW, KH, IC, OC], input x [W, H, IC, N] -> [OW, OH, OC, N].
std::vector<double> conv2d_ref(const std::vector<float>& k, Shape sk, const std::vector<float>& x, Shape sx, P p) {
    const int64_t OW = out_len(sx.ne[0], sk.ne[0], p.s0, p.p0, p.d0), OH = out_len(sx.ne[1], sk.ne[1], p.s1, p.p1, p.d1);
    const Shape so({OW, OH, sk.ne[3], sx.ne[3]});
    std::vector<double> out(static_cast<size_t>(so.n()), 0.0);
    for (int64_t n = 0; n < sx.ne[3]; ++n)
        for (int64_t oc = 0; oc < sk.ne[3]; ++oc)
            for (int64_t oh = 0; oh < OH; ++oh)
                for (int64_t ow = 0; ow < OW; ++ow) {
                    double s = 0;
                    for (int64_t ic = 0; ic < sk.ne[2]; ++ic)
                        for (int64_t kh = 0; kh < sk.ne[1]; ++kh)
                            for (int64_t kw = 0; kw < sk.ne[0]; ++kw) {
                                const int64_t ix = ow * p.s0 + kw * p.d0 - p.p0, iy = oh * p.s1 + kh * p.d1 - p.p1;
                                if (ix < 0 || iy < 0 || ix >= sx.ne[0] || iy >= sx.ne[1]) continue;
                                s += static_cast<double>(k[sk.at(kw, kh, ic, oc)]) * x[sx.at(ix, iy, ic, n)];
                            }
                    out[so.at(ow, oh, oc, n)] = s;
                }
    return out;
}

const P kParams[] = {{1, 1, 0, 0, 1, 1}, {2, 3, 1, 2, 1, 2}, {3, 1, 2, 0, 2, 1}};

}  // namespace

TEST(OpsConv, Im2colGathersPatches2dAnd1d) {
    for (const P& p : kParams) {
        for (lugh::Type dt : {lugh::Type::F32, lugh::Type::F16}) {
            const std::array<int64_t, 4> dk = {3, 2, 3, 2}, dx = {11, 9, 3, 2};
            std::vector<float> x;
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto k = lugh::Tensor::new_f32(ctx, {3, 2, 3, 2});
                auto in = optest::strided_input(ctx, dx, 41, &x);
                return ops::im2col(ctx, k, in, p.s0, p.s1, p.p0, p.p1, p.d0, p.d1, true, static_cast<int>(dt));
            });
            const int64_t OW = out_len(dx[0], dk[0], p.s0, p.p0, p.d0), OH = out_len(dx[1], dk[1], p.s1, p.p1, p.d1);
            const Shape sx(dx);
            std::vector<double> want;
            for (int64_t n = 0; n < dx[3]; ++n)
                for (int64_t oh = 0; oh < OH; ++oh)
                    for (int64_t ow = 0; ow < OW; ++ow)
                        for (int64_t ic = 0; ic < dk[2]; ++ic)
                            for (int64_t kh = 0; kh < dk[1]; ++kh)
                                for (int64_t kw = 0; kw < dk[0]; ++kw) {
                                    const int64_t ix = ow * p.s0 + kw * p.d0 - p.p0, iy = oh * p.s1 + kh * p.d1 - p.p1;
                                    const bool in = ix >= 0 && iy >= 0 && ix < dx[0] && iy < dx[1];
                                    want.push_back(in ? optest::stored({x[sx.at(ix, iy, ic, n)]}, dt)[0] : 0.0);
                                }
            optest::expect_near(got, want, 0);
        }
    }
    // 1D: kernel [KW, IC, OC], input [W, IC, N] -> [IC*KW, OW, N].
    std::vector<float> x;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto k = lugh::Tensor::new_f32(ctx, {4, 3, 5});
        auto in = optest::strided_input(ctx, {13, 3, 2, 1}, 42, &x);
        return ops::im2col(ctx, k, in, 2, 0, 1, 0, 2, 0, false, GGML_TYPE_F32);
    });
    const int64_t OW = out_len(13, 4, 2, 1, 2);
    std::vector<double> want;
    for (int64_t n = 0; n < 2; ++n)
        for (int64_t ow = 0; ow < OW; ++ow)
            for (int64_t ic = 0; ic < 3; ++ic)
                for (int64_t kw = 0; kw < 4; ++kw) {
                    const int64_t ix = ow * 2 + kw * 2 - 1;
                    want.push_back(ix >= 0 && ix < 13 ? x[(n * 3 + ic) * 13 + ix] : 0.0);
                }
    optest::expect_near(got, want, 0);
}

TEST(OpsConv, Conv2dAndDirectMatchTheDefinition) {
    const std::array<int64_t, 4> dk = {3, 2, 3, 4}, dx = {10, 7, 3, 2};
    for (const P& p : kParams) {
        for (bool direct : {false, true}) {
            SCOPED_TRACE(testing::Message() << "direct " << direct << " s0 " << p.s0);
            std::vector<float> k, x;
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto kt = optest::packed_input(ctx, dk, 51, &k);
                auto in = optest::strided_input(ctx, dx, 52, &x);
                return direct ? ops::conv_2d_direct(ctx, kt, in, p.s0, p.s1, p.p0, p.p1, p.d0, p.d1)
                              : ops::conv_2d(ctx, kt, in, p.s0, p.s1, p.p0, p.p1, p.d0, p.d1);
            });
            optest::expect_near(got, conv2d_ref(k, Shape(dk), x, Shape(dx), p), 1e-5);
        }
    }
}

TEST(OpsConv, Conv2dF16KernelRoundsAsUpstream) {
    // An F16 kernel: the products run in F16 inputs (the input rounded too), so compare with F16-rounded values.
    const std::array<int64_t, 4> dk = {3, 3, 2, 3}, dx = {8, 6, 2, 1};
    const auto k = optest::random_values(3 * 3 * 2 * 3, 61), x = optest::random_values(8 * 6 * 2, 62);
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto kt = lugh::Tensor::create(ctx, lugh::Type::F16, {3, 3, 2, 3});
        kt.set_f32(k);
        auto in = lugh::Tensor::new_f32(ctx, {8, 6, 2, 1});
        in.set_f32(x);
        return ops::conv_2d(ctx, kt, in, 1, 1, 1, 1, 1, 1);
    });
    const P p{1, 1, 1, 1, 1, 1};
    const auto want = conv2d_ref(optest::stored(k, lugh::Type::F16), Shape(dk), optest::stored(x, lugh::Type::F16),
                                 Shape(dx), p);
    optest::expect_near(got, want, 1e-4);
}

TEST(OpsConv, Conv1dIsTheHeightOneCase) {
    // kernel [K, IC, OC], input [L, IC, N] -> [OL, OC, N], N = 2 (a batch).
    std::vector<float> k, x;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto kt = optest::packed_input(ctx, {5, 3, 4, 1}, 71, &k);
        auto in = optest::strided_input(ctx, {17, 3, 2, 1}, 72, &x);
        return ops::conv_1d(ctx, kt, in, 2, 3, 1);
    });
    // The same numbers as a 2D convolution over a height of 1.
    const auto ref = conv2d_ref(k, Shape({5, 1, 3, 4}), x, Shape({17, 1, 3, 2}), P{2, 1, 3, 0, 1, 1});
    optest::expect_near(got, ref, 1e-5);
}

TEST(OpsConv, DepthwiseForms) {
    const P p{2, 1, 1, 2, 1, 2};
    const std::array<int64_t, 4> dx = {9, 8, 3, 2};
    std::vector<float> k, x;
    // The depthwise reference: channel c with kernel c (a full convolution whose off-channel kernels are zero).
    auto depthwise_ref = [&](const Shape& sk2, const Shape& sx, P q) {
        std::vector<float> full(static_cast<size_t>(sk2.ne[0] * sk2.ne[1] * sx.ne[2] * sx.ne[2]), 0.0f);
        const Shape sf({sk2.ne[0], sk2.ne[1], sx.ne[2], sx.ne[2]});
        for (int64_t c = 0; c < sx.ne[2]; ++c)
            for (int64_t kh = 0; kh < sk2.ne[1]; ++kh)
                for (int64_t kw = 0; kw < sk2.ne[0]; ++kw) full[sf.at(kw, kh, c, c)] = k[sk2.at(kw, kh, 0, c)];
        return conv2d_ref(full, sf, x, sx, q);
    };
    for (int form = 0; form < 3; ++form) {
        SCOPED_TRACE(form);
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto kt = optest::packed_input(ctx, {3, 2, 1, 3}, 81, &k);
            auto in = optest::strided_input(ctx, dx, 82, &x);
            if (form == 0) return ops::conv_2d_dw_direct(ctx, kt, in, p.s0, p.s1, p.p0, p.p1, p.d0, p.d1);
            if (form == 1) return ops::conv_2d_dw(ctx, kt, in, p.s0, p.s1, p.p0, p.p1, p.d0, p.d1);
            // [KW, KH, C, 1], the other layout upstream accepts
            return ops::conv_2d_dw(ctx, ops::reshape_4d(ctx, kt, 3, 2, 3, 1), in, p.s0, p.s1, p.p0, p.p1, p.d0, p.d1);
        });
        optest::expect_near(got, depthwise_ref(Shape({3, 2, 1, 3}), Shape(dx), p), 1e-5);
    }
    // conv_1d_dw: kernel [K, 1, C] or [K, C], input [L, C, N] -> [OL, C, N].
    for (bool flat_kernel : {false, true}) {
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto kt = optest::packed_input(ctx, {4, flat_kernel ? 3 : 1, flat_kernel ? 1 : 3, 1}, 83, &k);
            auto in = optest::packed_input(ctx, {15, 3, 2, 1}, 84, &x);
            return ops::conv_1d_dw(ctx, kt, in, 2, 1, 2);
        });
        // k read as the 2D depthwise kernel [4, 1, 1, 3] (the same order).
        optest::expect_near(got, depthwise_ref(Shape({4, 1, 1, 3}), Shape({15, 1, 3, 2}), P{2, 1, 1, 0, 2, 1}), 1e-5);
    }
}

TEST(OpsConv, TransposedConvolutions) {
    // 1D: kernel [K, OC, IC], input [L, IC] -> [(L-1)*s + K, OC].
    for (int s : {1, 3}) {
        std::vector<float> k, x;
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto kt = optest::packed_input(ctx, {5, 4, 3, 1}, 91, &k);
            auto in = optest::strided_input(ctx, {11, 3, 1, 1}, 92, &x);
            return ops::conv_transpose_1d(ctx, kt, in, s, 0, 1);
        });
        const int64_t OL = 10 * s + 5;
        std::vector<double> want(static_cast<size_t>(OL * 4), 0.0);
        for (int64_t oc = 0; oc < 4; ++oc)
            for (int64_t ic = 0; ic < 3; ++ic)
                for (int64_t l = 0; l < 11; ++l)
                    for (int64_t kk = 0; kk < 5; ++kk)
                        want[oc * OL + l * s + kk] += static_cast<double>(k[(ic * 4 + oc) * 5 + kk]) * x[ic * 11 + l];
        optest::expect_near(got, want, 1e-5);
    }
    // 2D: kernel [KW, KH, OC, IC], input [W, H, IC, N].
    for (int s : {1, 2}) {
        std::vector<float> k, x;
        const std::array<int64_t, 4> dk = {3, 2, 4, 3}, dx = {5, 6, 3, 2};
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto kt = optest::packed_input(ctx, dk, 93, &k);
            auto in = optest::strided_input(ctx, dx, 94, &x);
            return ops::conv_transpose_2d_p0(ctx, kt, in, s);
        });
        const int64_t OW = 4 * s + 3, OH = 5 * s + 2;
        const Shape so({OW, OH, 4, 2}), sk(dk), sx(dx);
        std::vector<double> want(static_cast<size_t>(so.n()), 0.0);
        for (int64_t n = 0; n < 2; ++n)
            for (int64_t oc = 0; oc < 4; ++oc)
                for (int64_t ic = 0; ic < 3; ++ic)
                    for (int64_t h = 0; h < 6; ++h)
                        for (int64_t w = 0; w < 5; ++w)
                            for (int64_t kh = 0; kh < 2; ++kh)
                                for (int64_t kw = 0; kw < 3; ++kw)
                                    want[so.at(w * s + kw, h * s + kh, oc, n)] +=
                                        static_cast<double>(k[sk.at(kw, kh, oc, ic)]) * x[sx.at(w, h, ic, n)];
        optest::expect_near(got, want, 1e-5);
    }
}
