// pool_1d/2d, interpolate/upscale (nearest, bilinear, bicubic, aligned
// corners), get_rel_pos and add_rel_pos against plain references, on odd
// sizes and strided inputs, at 1 and 3 threads.
#include <cfloat>

#include "ops/new_op_inputs.hpp"

using optest::Shape;
namespace ops = lugh::ops;

TEST(OpsResample, Pool1dMaxAndAvgWithPadding) {
    for (int op : {GGML_OP_POOL_MAX, GGML_OP_POOL_AVG}) {
        for (auto [k, s, p] : {std::array<int, 3>{2, 2, 0}, {3, 1, 1}, {4, 3, 2}}) {
            std::vector<float> x;
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto in = optest::strided_input(ctx, {13, 3, 2, 1}, 101, &x);
                return ops::pool_1d(ctx, in, op, k, s, p);
            });
            const int64_t OW = (13 + 2 * p - k) / s + 1;
            std::vector<double> want;
            for (int64_t r = 0; r < 6; ++r)
                for (int64_t o = 0; o < OW; ++o) {
                    double v = op == GGML_OP_POOL_MAX ? -FLT_MAX : 0.0;
                    for (int j = 0; j < k; ++j) {
                        const int64_t ix = o * s - p + j;
                        if (ix < 0 || ix >= 13) continue;
                        v = op == GGML_OP_POOL_MAX ? std::max<double>(v, x[r * 13 + ix]) : v + x[r * 13 + ix];
                    }
                    want.push_back(op == GGML_OP_POOL_MAX ? v : v / k);
                }
            optest::expect_near(got, want, 1e-6);
        }
    }
}

TEST(OpsResample, Pool2dMaxAndAvgWithPadding) {
    const std::array<int64_t, 4> d = {9, 7, 3, 2};
    for (int op : {GGML_OP_POOL_MAX, GGML_OP_POOL_AVG}) {
        for (auto [k0, k1, s0, s1, p0, p1] : {std::array<int, 6>{2, 2, 2, 2, 0, 0}, {3, 2, 1, 2, 1, 1}, {3, 3, 2, 1, 1, 0}}) {
            std::vector<float> x;
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto in = optest::strided_input(ctx, d, 102, &x);
                return ops::pool_2d(ctx, in, op, k0, k1, s0, s1, static_cast<float>(p0), static_cast<float>(p1));
            });
            const int64_t OW = (9 + 2 * p0 - k0) / s0 + 1, OH = (7 + 2 * p1 - k1) / s1 + 1;
            const Shape sx(d);
            std::vector<double> want;
            for (int64_t n = 0; n < 2; ++n)
                for (int64_t c = 0; c < 3; ++c)
                    for (int64_t oy = 0; oy < OH; ++oy)
                        for (int64_t ox = 0; ox < OW; ++ox) {
                            double v = op == GGML_OP_POOL_MAX ? -FLT_MAX : 0.0;
                            for (int ky = 0; ky < k1; ++ky)
                                for (int kx = 0; kx < k0; ++kx) {
                                    const int64_t ix = ox * s0 - p0 + kx, iy = oy * s1 - p1 + ky;
                                    if (ix < 0 || iy < 0 || ix >= 9 || iy >= 7) continue;
                                    const double e = x[sx.at(ix, iy, c, n)];
                                    v = op == GGML_OP_POOL_MAX ? std::max(v, e) : v + e;
                                }
                            want.push_back(op == GGML_OP_POOL_MAX ? v : v / (k0 * k1));
                        }
            optest::expect_near(got, want, 1e-6);
        }
    }
}

namespace {

// A double-precision interpolation of x [d] to [o] in the upstream convention.
std::vector<double> interpolate_ref(const std::vector<float>& x, std::array<int64_t, 4> d, std::array<int64_t, 4> o,
                                    uint32_t mode) {
    const uint32_t kind = mode & 0xFF;
    const bool align = mode & GGML_SCALE_FLAG_ALIGN_CORNERS;
    const Shape sx(d);
    auto clampi = [](int64_t i, int64_t n) { return std::max<int64_t>(0, std::min<int64_t>(i, n - 1)); };
    auto near = [](int64_t i, int64_t out, int64_t in) {
        return std::min<int64_t>(static_cast<int64_t>(static_cast<double>(i) * in / out), in - 1);
    };
    auto source = [&](int64_t i, int dim) {
        double sf = static_cast<double>(o[dim]) / d[dim], off = 0.5;
        if (align) {
            off = 0;
            if (o[dim] > 1 && d[dim] > 1) sf = static_cast<double>(o[dim] - 1) / (d[dim] - 1);
        }
        return (i + off) / sf - off;
    };
    auto cubic = [](double t) {
        const double A = -0.75;
        t = std::fabs(t);
        if (t <= 1) return ((A + 2) * t - (A + 3)) * t * t + 1;
        if (t < 2) return ((A * t - 5 * A) * t + 8 * A) * t - 4 * A;
        return 0.0;
    };
    std::vector<double> out;
    for (int64_t i3 = 0; i3 < o[3]; ++i3)
        for (int64_t i2 = 0; i2 < o[2]; ++i2)
            for (int64_t i1 = 0; i1 < o[1]; ++i1)
                for (int64_t i0 = 0; i0 < o[0]; ++i0) {
                    const int64_t j2 = near(i2, o[2], d[2]), j3 = near(i3, o[3], d[3]);
                    auto at = [&](int64_t a, int64_t b) { return static_cast<double>(x[sx.at(a, b, j2, j3)]); };
                    if (kind == GGML_SCALE_MODE_NEAREST) {
                        out.push_back(at(near(i0, o[0], d[0]), near(i1, o[1], d[1])));
                        continue;
                    }
                    const double xs = source(i0, 0), ys = source(i1, 1);
                    const int64_t x0 = static_cast<int64_t>(std::floor(xs)), y0 = static_cast<int64_t>(std::floor(ys));
                    const double dx = xs - std::floor(xs), dy = ys - std::floor(ys);
                    double v = 0;
                    if (kind == GGML_SCALE_MODE_BILINEAR) {
                        for (int b = 0; b < 2; ++b)
                            for (int a = 0; a < 2; ++a)
                                v += at(clampi(x0 + a, d[0]), clampi(y0 + b, d[1])) * (a ? dx : 1 - dx) * (b ? dy : 1 - dy);
                    } else {
                        for (int b = -1; b <= 2; ++b)
                            for (int a = -1; a <= 2; ++a)
                                v += at(clampi(x0 + a, d[0]), clampi(y0 + b, d[1])) * cubic(dx - a) * cubic(dy - b);
                    }
                    out.push_back(v);
                }
    return out;
}

}  // namespace

TEST(OpsResample, InterpolateEveryModeUpAndDown) {
    const std::array<int64_t, 4> d = {5, 4, 3, 2};
    const std::array<int64_t, 4> sizes[] = {{10, 8, 3, 2}, {13, 3, 5, 1}, {3, 7, 2, 3}};
    const uint32_t modes[] = {GGML_SCALE_MODE_NEAREST, GGML_SCALE_MODE_BILINEAR, GGML_SCALE_MODE_BICUBIC,
                              GGML_SCALE_MODE_BILINEAR | GGML_SCALE_FLAG_ALIGN_CORNERS,
                              GGML_SCALE_MODE_BICUBIC | GGML_SCALE_FLAG_ALIGN_CORNERS};
    for (uint32_t mode : modes)
        for (const auto& o : sizes) {
            SCOPED_TRACE(testing::Message() << "mode " << mode << " to " << o[0] << "x" << o[1] << "x" << o[2]);
            std::vector<float> x;
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto in = optest::strided_input(ctx, d, 111, &x);
                return ops::interpolate(ctx, in, o[0], o[1], o[2], o[3], mode);
            });
            optest::expect_near(got, interpolate_ref(x, d, o, mode), 1e-5);
        }
}

TEST(OpsResample, UpscaleIsInterpolateBySomeFactor) {
    std::vector<float> x;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto in = optest::packed_input(ctx, {3, 2, 2, 1}, 112, &x);
        auto u = ops::upscale(ctx, in, 3, GGML_SCALE_MODE_NEAREST);
        EXPECT_EQ(u.ne(), (std::array<int64_t, 4>{9, 6, 2, 1}));
        return u;
    });
    optest::expect_near(got, interpolate_ref(x, {3, 2, 2, 1}, {9, 6, 2, 1}, GGML_SCALE_MODE_NEAREST), 0);
    auto ext = optest::run_threads([&](lugh::Context& ctx) {
        auto in = optest::packed_input(ctx, {3, 2, 2, 1}, 112, &x);
        return ops::upscale_ext(ctx, in, 7, 5, 2, 1, GGML_SCALE_MODE_BILINEAR);
    });
    optest::expect_near(ext, interpolate_ref(x, {3, 2, 2, 1}, {7, 5, 2, 1}, GGML_SCALE_MODE_BILINEAR), 1e-5);
}

TEST(OpsResample, GetRelPosAllFloatTypes) {
    for (lugh::Type t : {lugh::Type::F32, lugh::Type::F16, lugh::Type::BF16}) {
        const int64_t C = 6, h = 5;
        const auto v = optest::random_values(static_cast<size_t>(C * (2 * h - 1)), 121);
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = lugh::Tensor::create(ctx, t, {C, 2 * h - 1});
            a.set_f32(v);
            auto r = ops::get_rel_pos(ctx, a, h, h);
            EXPECT_EQ(r.type(), t);
            return r;
        });
        const auto s = optest::stored(v, t);
        std::vector<double> want;
        for (int64_t q = 0; q < h; ++q)
            for (int64_t k = 0; k < h; ++k)
                for (int64_t c = 0; c < C; ++c) want.push_back(s[(h - 1 - k + q) * C + c]);
        optest::expect_near(got, want, 0);
    }
}

TEST(OpsResample, AddRelPosAddsBothTerms) {
    const int64_t K = 4, W = 3, H = 2, B = 2;
    for (bool inplace : {false, true}) {
        std::vector<float> va, vw, vh;
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = optest::packed_input(ctx, {K * K, W * H, B, 1}, 131, &va);
            auto pw = optest::packed_input(ctx, {K, W, H, B}, 132, &vw);
            auto ph = optest::packed_input(ctx, {K, W, H, B}, 133, &vh);
            return inplace ? ops::add_rel_pos_inplace(ctx, a, pw, ph) : ops::add_rel_pos(ctx, a, pw, ph);
        });
        std::vector<double> want;
        for (int64_t r = 0; r < W * H * B; ++r)
            for (int64_t kh = 0; kh < K; ++kh)
                for (int64_t kw = 0; kw < K; ++kw)
                    want.push_back(static_cast<double>(va[r * K * K + kh * K + kw]) + vw[r * K + kw] + vh[r * K + kh]);
        optest::expect_near(got, want, 1e-6);
    }
}
