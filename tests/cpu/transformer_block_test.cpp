// A small transformer block (embedding lookup, RMS norm, causal attention
// with rope and a masked soft_max_ext, SwiGLU MLP, residual adds) built from
// lugh::ops and matched against a reference written directly in doubles.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <lugh/lugh.hpp>

#include "ggml.h"

namespace ops = lugh::ops;

namespace {

constexpr int V = 11, D = 16, NH = 2, HD = 8, T = 5, F = 24;
constexpr float kEps = 1e-5f;

using Mat = std::vector<double>;   // row-major helpers over ggml layouts

std::vector<float> rnd(size_t n, uint32_t seed, float scale) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-scale, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

std::vector<float> to_f16_values(std::vector<float> v) {
    for (auto& x : v) x = ggml_fp16_to_fp32(ggml_fp32_to_fp16(x));
    return v;
}

// out[m + t*M] = sum_k W[k + m*K] * x[k + t*K]
Mat matmul(const std::vector<float>& W, int K, int M, const Mat& x, int n) {
    Mat out(static_cast<size_t>(M * n));
    for (int t = 0; t < n; ++t)
        for (int m = 0; m < M; ++m) {
            double acc = 0;
            for (int k = 0; k < K; ++k) acc += W[static_cast<size_t>(k + m * K)] * x[static_cast<size_t>(k + t * K)];
            out[static_cast<size_t>(m + t * M)] = acc;
        }
    return out;
}

Mat rms_norm_mul(const Mat& x, const std::vector<float>& w) {
    Mat out(x.size());
    for (int t = 0; t < T; ++t) {
        double ss = 0;
        for (int i = 0; i < D; ++i) ss += x[t * D + i] * x[t * D + i];
        const double inv = 1.0 / std::sqrt(ss / D + kEps);
        for (int i = 0; i < D; ++i) out[t * D + i] = x[t * D + i] * inv * w[i];
    }
    return out;
}

// NEOX rope over [HD, NH, T], positions 0..T-1.
void rope(Mat& x) {
    for (int t = 0; t < T; ++t)
        for (int h = 0; h < NH; ++h)
            for (int i = 0; i < HD / 2; ++i) {
                const double theta = t * std::pow(10000.0, -2.0 * i / HD);
                double& a = x[(t * NH + h) * HD + i];
                double& b = x[(t * NH + h) * HD + i + HD / 2];
                const double a0 = a, b0 = b;
                a = a0 * std::cos(theta) - b0 * std::sin(theta);
                b = a0 * std::sin(theta) + b0 * std::cos(theta);
            }
}

struct Weights {
    std::vector<float> emb = rnd(D * V, 1, 1.0f);
    std::vector<float> attn_norm = rnd(D, 2, 1.0f);
    std::vector<float> wq = rnd(D * D, 3, 0.5f), wk = rnd(D * D, 4, 0.5f), wv = rnd(D * D, 5, 0.5f);
    std::vector<float> wo = rnd(D * D, 6, 0.5f);
    std::vector<float> ffn_norm = rnd(D, 7, 1.0f);
    std::vector<float> wg = rnd(D * F, 8, 0.5f);
    std::vector<float> wu = to_f16_values(rnd(D * F, 9, 0.5f));   // stored as F16 in the graph
    std::vector<float> wd = rnd(F * D, 10, 0.5f);
    std::vector<int32_t> tokens = {3, 0, 10, 3, 7};
};

Mat reference(const Weights& w) {
    Mat x(static_cast<size_t>(D * T));
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < D; ++i) x[t * D + i] = w.emb[static_cast<size_t>(w.tokens[t] * D + i)];
    Mat h = rms_norm_mul(x, w.attn_norm);
    Mat q = matmul(w.wq, D, D, h, T), k = matmul(w.wk, D, D, h, T), v = matmul(w.wv, D, D, h, T);
    rope(q);
    rope(k);
    Mat attn(static_cast<size_t>(D * T));
    for (int hh = 0; hh < NH; ++hh)
        for (int tq = 0; tq < T; ++tq) {
            std::vector<double> s(T, -std::numeric_limits<double>::infinity());
            double mx = -std::numeric_limits<double>::infinity();
            for (int tk = 0; tk <= tq; ++tk) {
                double dot = 0;
                for (int i = 0; i < HD; ++i) dot += q[(tq * NH + hh) * HD + i] * k[(tk * NH + hh) * HD + i];
                s[tk] = dot / std::sqrt(static_cast<double>(HD));
                mx = std::fmax(mx, s[tk]);
            }
            double sum = 0;
            for (int tk = 0; tk < T; ++tk) sum += (s[tk] = tk <= tq ? std::exp(s[tk] - mx) : 0.0);
            for (int i = 0; i < HD; ++i) {
                double acc = 0;
                for (int tk = 0; tk < T; ++tk) acc += s[tk] / sum * v[(tk * NH + hh) * HD + i];
                attn[tq * D + hh * HD + i] = acc;
            }
        }
    Mat o = matmul(w.wo, D, D, attn, T);
    for (size_t i = 0; i < x.size(); ++i) x[i] += o[i];
    Mat h2 = rms_norm_mul(x, w.ffn_norm);
    // The F16 up-projection multiplies h2 rounded to F16 (mul_mat's default
    // precision for F16 weights, as upstream).
    Mat h2_half(h2.size());
    for (size_t i = 0; i < h2.size(); ++i) h2_half[i] = ggml_fp16_to_fp32(ggml_fp32_to_fp16(static_cast<float>(h2[i])));
    Mat g = matmul(w.wg, D, F, h2, T), u = matmul(w.wu, D, F, h2_half, T);
    for (size_t i = 0; i < g.size(); ++i) g[i] = g[i] / (1.0 + std::exp(-g[i])) * u[i];
    Mat dn = matmul(w.wd, F, D, g, T);
    for (size_t i = 0; i < x.size(); ++i) x[i] += dn[i];
    return x;
}

lugh::Tensor weight(lugh::Context& ctx, const std::vector<float>& v, std::vector<int64_t> dims,
                    lugh::Type t = lugh::Type::F32) {
    auto w = lugh::Tensor::create(ctx, t, dims);
    w.set_f32(v);
    return w;
}

lugh::Tensor block(lugh::Context& ctx, const Weights& w) {
    auto tokens = lugh::Tensor::create(ctx, lugh::Type::I32, {T});
    tokens.set_i32(w.tokens);
    auto pos = lugh::Tensor::create(ctx, lugh::Type::I32, {T});
    pos.set_i32({0, 1, 2, 3, 4});
    std::vector<float> causal(T * T);
    for (int q = 0; q < T; ++q)
        for (int k = 0; k < T; ++k) causal[q * T + k] = k <= q ? 0.0f : -std::numeric_limits<float>::infinity();
    auto mask = weight(ctx, causal, {T, T});

    auto x = ops::get_rows(ctx, weight(ctx, w.emb, {D, V}), tokens);                       // [D, T]
    auto h = ops::mul(ctx, ops::rms_norm(ctx, x, kEps), weight(ctx, w.attn_norm, {D}));
    auto q = ops::reshape_3d(ctx, ops::mul_mat(ctx, weight(ctx, w.wq, {D, D}), h), HD, NH, T);
    auto k = ops::reshape_3d(ctx, ops::mul_mat(ctx, weight(ctx, w.wk, {D, D}), h), HD, NH, T);
    auto v = ops::reshape_3d(ctx, ops::mul_mat(ctx, weight(ctx, w.wv, {D, D}), h), HD, NH, T);
    q = ops::rope_ext(ctx, q, pos, lugh::Tensor(), HD, lugh::ops::kRopeNeox, 0, 10000, 1, 0, 1, 0, 0);
    k = ops::rope_ext(ctx, k, pos, lugh::Tensor(), HD, lugh::ops::kRopeNeox, 0, 10000, 1, 0, 1, 0, 0);
    auto Q = ops::permute(ctx, q, 0, 2, 1, 3);                                          // [HD, T, NH]
    auto K = ops::permute(ctx, k, 0, 2, 1, 3);
    auto kq = ops::mul_mat(ctx, K, Q);                                                  // [Tk, Tq, NH]
    kq = ops::soft_max_ext(ctx, kq, mask, 1.0f / std::sqrt(static_cast<float>(HD)), 0.0f);
    auto Vt = ops::cont(ctx, ops::permute(ctx, v, 1, 2, 0, 3));                         // [T, HD, NH]
    auto kqv = ops::mul_mat(ctx, Vt, kq);                                               // [HD, Tq, NH]
    auto merged = ops::cont_2d(ctx, ops::permute(ctx, kqv, 0, 2, 1, 3), D, T);          // [D, T]
    auto x2 = ops::add(ctx, x, ops::mul_mat(ctx, weight(ctx, w.wo, {D, D}), merged));
    auto h2 = ops::mul(ctx, ops::rms_norm(ctx, x2, kEps), weight(ctx, w.ffn_norm, {D}));
    auto gate = ops::silu(ctx, ops::mul_mat(ctx, weight(ctx, w.wg, {D, F}), h2));
    auto up = ops::mul_mat(ctx, weight(ctx, w.wu, {D, F}, lugh::Type::F16), h2);
    auto down = ops::mul_mat(ctx, weight(ctx, w.wd, {F, D}), ops::mul(ctx, gate, up));
    return ops::add(ctx, x2, down);
}

}  // namespace

TEST(TransformerBlock, MatchesDoubleReferenceAtAnyThreadCount) {
    const Weights w;
    const Mat want = reference(w);
    std::vector<float> first;
    for (int nt : {1, 2, 3}) {
        lugh::Context ctx(8 << 20);
        auto out = block(ctx, w);
        lugh::Graph g(ctx);
        g.build_forward(out);
        g.compute(ctx, nt);
        const std::vector<float> got = out.get_f32();
        ASSERT_EQ(got.size(), want.size());
        for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-4 * std::fmax(1.0, std::fabs(want[i])));
        if (nt == 1)
            first = got;
        else
            EXPECT_EQ(0, std::memcmp(first.data(), got.data(), got.size() * sizeof(float)));
    }
}
