// norm, rms_norm, soft_max, soft_max_ext (mask F32/F16, broadcast, ALiBi), diag_mask_inf.
#include <limits>

#include "ops/op_test_util.hpp"

using optest::Shape;
namespace ops = lugh::ops;

namespace {
std::vector<double> norm_ref(const std::vector<float>& v, int64_t n, double eps, bool rms) {
    std::vector<double> out(v.size());
    for (size_t r = 0; r < v.size() / static_cast<size_t>(n); ++r) {
        const float* x = &v[r * n];
        double mean = 0, ss = 0;
        for (int64_t i = 0; i < n; ++i) mean += x[i];
        mean /= static_cast<double>(n);
        for (int64_t i = 0; i < n; ++i) ss += rms ? static_cast<double>(x[i]) * x[i] : (x[i] - mean) * (x[i] - mean);
        const double inv = 1.0 / std::sqrt(ss / static_cast<double>(n) + eps);
        for (int64_t i = 0; i < n; ++i) out[r * n + i] = rms ? x[i] * inv : (x[i] - mean) * inv;
    }
    return out;
}

// softmax(x * scale + slope(h) * mask) over rows of a [n0, n1, n2, n3]; mask [n0, m1, m2, m3] or empty.
std::vector<double> softmax_ref(const std::vector<float>& v, const Shape& s, const std::vector<float>& mask,
                                const Shape& ms, double scale, double max_bias) {
    std::vector<double> out(v.size());
    const int64_t n_head = s.ne[2];
    int64_t n_log2 = 1;
    while (n_log2 * 2 <= n_head) n_log2 *= 2;
    for (int64_t i3 = 0; i3 < s.ne[3]; ++i3)
        for (int64_t i2 = 0; i2 < s.ne[2]; ++i2)
            for (int64_t i1 = 0; i1 < s.ne[1]; ++i1) {
                double slope = 1.0;
                if (max_bias > 0) {
                    const double m0 = std::pow(2.0, -max_bias / n_log2), m1 = std::pow(2.0, -(max_bias / 2) / n_log2);
                    slope = i2 < n_log2 ? std::pow(m0, i2 + 1) : std::pow(m1, 2 * (i2 - n_log2) + 1);
                }
                std::vector<double> row(static_cast<size_t>(s.ne[0]));
                double mx = -std::numeric_limits<double>::infinity();
                for (int64_t i0 = 0; i0 < s.ne[0]; ++i0) {
                    double x = v[s.at(i0, i1, i2, i3)] * scale;
                    if (!mask.empty()) x += slope * mask[ms.at(i0, i1, i2 % ms.ne[2], i3 % ms.ne[3])];
                    row[i0] = x;
                    mx = std::fmax(mx, x);
                }
                double sum = 0;
                for (double& x : row) sum += (x = std::exp(x - mx));
                for (int64_t i0 = 0; i0 < s.ne[0]; ++i0) out[s.at(i0, i1, i2, i3)] = row[i0] / sum;
            }
    return out;
}
}  // namespace

TEST(OpsNorm, NormAndRmsNorm) {
    for (int64_t n : {1, 7, 33, 4097}) {
        const auto v = optest::random_values(static_cast<size_t>(n * 3), 31, -3, 5);
        for (bool rms : {false, true}) {
            SCOPED_TRACE(testing::Message() << (rms ? "rms_norm" : "norm") << " n=" << n);
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a = lugh::Tensor::new_f32(ctx, {n, 3});
                a.set_f32(v);
                return rms ? ops::rms_norm(ctx, a, 1e-5f) : ops::norm(ctx, a, 1e-5f);
            });
            optest::expect_near(got, norm_ref(v, n, 1e-5, rms), 1e-5);
        }
    }
}

TEST(OpsNorm, StridedInputAndInPlace) {
    const auto v = optest::random_values(33 * 7, 32);
    std::vector<float> logical;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a0 = lugh::Tensor::new_f32(ctx, {7, 33});
        a0.set_f32(v);
        auto a = ops::transpose(ctx, a0);   // [33, 7] strided
        logical = a.get_f32();
        return ops::rms_norm(ctx, a, 1e-6f);
    });
    optest::expect_near(got, norm_ref(logical, 33, 1e-6, true), 1e-5);
    auto in_place = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {33, 7});
        a.set_f32(v);
        return ops::norm_inplace(ctx, a, 1e-6f);
    });
    optest::expect_near(in_place, norm_ref(v, 33, 1e-6, false), 1e-5);
}

TEST(OpsSoftMax, PlainRows) {
    for (int64_t n : {1, 7, 33, 4097}) {
        const auto v = optest::random_values(static_cast<size_t>(n * 3), 33, -10, 10);
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = lugh::Tensor::new_f32(ctx, {n, 3});
            a.set_f32(v);
            return ops::soft_max(ctx, a);
        });
        optest::expect_near(got, softmax_ref(v, Shape{n, 3}, {}, Shape{1}, 1.0, 0.0), 1e-6);
    }
}

TEST(OpsSoftMax, ExtWithBroadcastMaskF32AndF16AndAlibi) {
    const Shape s{33, 7, 5, 2};    // [n_kv, n_tokens, n_head, batch]
    const Shape ms{33, 9, 1, 1};   // more rows than needed, broadcast over heads and batch
    const auto v = optest::random_values(static_cast<size_t>(s.n()), 34, -4, 4);
    auto mask = optest::random_values(static_cast<size_t>(ms.n()), 35, -2, 0);
    for (int64_t i = 0; i < ms.n(); i += 5) mask[static_cast<size_t>(i)] = -std::numeric_limits<float>::infinity();
    std::vector<float> mask_h;   // the values an F16 mask holds
    for (float x : mask) mask_h.push_back(ggml_fp16_to_fp32(ggml_fp32_to_fp16(x)));
    for (lugh::Type mt : {lugh::Type::F32, lugh::Type::F16}) {
        for (float max_bias : {0.0f, 8.0f}) {
            SCOPED_TRACE(testing::Message() << "mask type " << lugh::type_name(mt) << " max_bias " << max_bias);
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a = lugh::Tensor::new_f32(ctx, {33, 7, 5, 2});
                a.set_f32(v);
                auto m = lugh::Tensor::create(ctx, mt, {33, 9});
                m.set_f32(mask);
                return ops::soft_max_ext(ctx, a, m, 0.125f, max_bias);
            });
            optest::expect_near(got, softmax_ref(v, s, mt == lugh::Type::F16 ? mask_h : mask, ms, 0.125, max_bias),
                                2e-6);
        }
    }
}

TEST(OpsSoftMax, DiagMaskInfThenSoftMaxIsCausal) {
    const auto v = optest::random_values(9 * 6 * 2, 36);
    const int n_past = 3;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {9, 6, 2});
        a.set_f32(v);
        return ops::diag_mask_inf(ctx, a, n_past);
    });
    std::vector<double> want;
    for (int64_t i2 = 0; i2 < 2; ++i2)
        for (int64_t i1 = 0; i1 < 6; ++i1)
            for (int64_t i0 = 0; i0 < 9; ++i0)
                want.push_back(i0 > n_past + i1 ? -std::numeric_limits<double>::infinity()
                                                : v[static_cast<size_t>((i2 * 6 + i1) * 9 + i0)]);
    optest::expect_near(got, want, 0);
}
