// flash_attn_ext against a double-precision attention written here: grouped
// heads, masks (causal, finite, F16), F16 keys/values, a strided (permuted)
// query, softcap, one and three threads; and the shapes it refuses.
#include "ops/op_test_util.hpp"

namespace ops = lugh::ops;

namespace {

struct Case {
    int64_t d, t, h, n, h_kv, dv;
    lugh::Type kv = lugh::Type::F32;
    bool mask = true;
    float softcap = 0.0f;
    bool v_transposed = false;   // values stored one row per channel, read through a permuted view
};

// out[h, t] = sum_j softmax_j(cap(q_t,h . k_j,g * scale) + mask[t, j]) v_j,g   with g = h / (h / h_kv)
std::vector<double> reference(const Case& c, const std::vector<float>& q, const std::vector<float>& k,
                              const std::vector<float>& v, const std::vector<float>& mask, float scale) {
    const bool f16 = c.kv == lugh::Type::F16;
    std::vector<double> out(static_cast<size_t>(c.dv * c.h * c.t));
    for (int64_t t = 0; t < c.t; ++t)
        for (int64_t h = 0; h < c.h; ++h) {
            const int64_t g = h / (c.h / c.h_kv);
            std::vector<double> s(static_cast<size_t>(c.n));
            double top = -INFINITY;
            for (int64_t j = 0; j < c.n; ++j) {
                double dot = 0;
                for (int64_t i = 0; i < c.d; ++i) {
                    float qi = q[static_cast<size_t>((h * c.t + t) * c.d + i)];   // q is [D, T, H]
                    if (f16) qi = ggml_fp16_to_fp32(ggml_fp32_to_fp16(qi));
                    dot += static_cast<double>(qi) * k[static_cast<size_t>((g * c.n + j) * c.d + i)];
                }
                double x = dot * scale;
                if (c.softcap > 0) x = c.softcap * std::tanh(x / c.softcap);
                s[j] = x + (c.mask ? mask[static_cast<size_t>(t * c.n + j)] : 0.0);
                top = std::max(top, s[j]);
            }
            double sum = 0;
            for (double& x : s) sum += (x = std::exp(x - top));
            for (int64_t i = 0; i < c.dv; ++i) {
                double acc = 0;
                for (int64_t j = 0; j < c.n; ++j) acc += s[j] / sum * v[static_cast<size_t>((g * c.n + j) * c.dv + i)];
                out[static_cast<size_t>((t * c.h + h) * c.dv + i)] = acc;   // result is [Dv, H, T]
            }
        }
    return out;
}

void check(const Case& c) {
    SCOPED_TRACE(testing::Message() << (c.v_transposed ? "v transposed, " : "") << "d " << c.d << " t " << c.t << " h " << c.h << " n " << c.n << " h_kv " << c.h_kv
                                    << " " << lugh::type_name(c.kv) << (c.mask ? " masked" : "") << " softcap "
                                    << c.softcap);
    const auto q = optest::random_values(static_cast<size_t>(c.d * c.t * c.h), 71);
    const auto k = optest::stored(optest::random_values(static_cast<size_t>(c.d * c.n * c.h_kv), 72), c.kv);
    const auto v = optest::stored(optest::random_values(static_cast<size_t>(c.dv * c.n * c.h_kv), 73), c.kv);
    // Causal for the last t keys, one hidden key early on, finite offsets elsewhere (all on F16's grid).
    std::vector<float> mask(static_cast<size_t>(c.n * c.t));
    for (int64_t t = 0; t < c.t; ++t)
        for (int64_t j = 0; j < c.n; ++j)
            mask[static_cast<size_t>(t * c.n + j)] =
                j > c.n - c.t + t || j == 1 ? -INFINITY : 0.25f * static_cast<float>((j * 3 + t) % 5);
    const float scale = 1.0f / std::sqrt(static_cast<float>(c.d));
    const auto got = optest::run_threads([&](lugh::Context& ctx) {
        // q made as [D, H, T] and permuted to [D, T, H]: a strided operand, as attention gets it.
        auto q_dht = lugh::Tensor::new_f32(ctx, {c.d, c.h, c.t});
        std::vector<float> dht(q.size());
        for (int64_t h = 0; h < c.h; ++h)
            for (int64_t t = 0; t < c.t; ++t)
                for (int64_t i = 0; i < c.d; ++i)
                    dht[static_cast<size_t>((t * c.h + h) * c.d + i)] = q[static_cast<size_t>((h * c.t + t) * c.d + i)];
        q_dht.set_f32(dht);
        auto kt = lugh::Tensor::create(ctx, c.kv, {c.d, c.n, c.h_kv});
        kt.set_f32(k);
        lugh::Tensor vt;
        if (c.v_transposed) {
            auto stored = lugh::Tensor::create(ctx, c.kv, {c.n, c.dv, c.h_kv});
            std::vector<float> tv(v.size());
            for (int64_t g = 0; g < c.h_kv; ++g)
                for (int64_t j = 0; j < c.n; ++j)
                    for (int64_t i = 0; i < c.dv; ++i)
                        tv[static_cast<size_t>((g * c.dv + i) * c.n + j)] = v[static_cast<size_t>((g * c.n + j) * c.dv + i)];
            stored.set_f32(tv);
            vt = ops::permute(ctx, stored, 1, 0, 2, 3);   // [Dv, N, Hkv] with packed columns
        } else {
            vt = lugh::Tensor::create(ctx, c.kv, {c.dv, c.n, c.h_kv});
            vt.set_f32(v);
        }
        lugh::Tensor m;
        if (c.mask) {
            m = lugh::Tensor::create(ctx, lugh::Type::F16, {c.n, c.t});
            m.set_f32(mask);
        }
        return ops::flash_attn_ext(ctx, ops::permute(ctx, q_dht, 0, 2, 1, 3), kt, vt, m, scale, 0.0f, c.softcap);
    });
    optest::expect_near(got, reference(c, q, k, v, mask, scale), 2e-5);
}

TEST(OpsFlashAttn, MatchesPlainAttention) {
    check({16, 1, 4, 7, 4, 16});                              // decode, one head per KV head
    check({16, 5, 8, 33, 2, 16});                             // a batch, 4 query heads per KV head
    check({64, 3, 4, 40, 1, 32, lugh::Type::F16});            // F16 cache, narrower values
    check({8, 4, 2, 9, 2, 8, lugh::Type::F32, false});        // no mask
    check({32, 2, 6, 17, 3, 32, lugh::Type::F16, true, 5.0f});   // softcap
    check({16, 3, 2, 20, 2, 16, lugh::Type::F16});            // one query row per item: dot products
    check({16, 37, 4, 50, 2, 16, lugh::Type::F16});           // tokens in several chunks
}

TEST(OpsFlashAttn, ValuesStoredTransposed) {
    check({16, 1, 4, 7, 4, 16, lugh::Type::F32, true, 0.0f, true});    // dots over channels
    check({16, 1, 4, 7, 4, 16, lugh::Type::F16, true, 0.0f, true});
    check({16, 5, 8, 33, 2, 24, lugh::Type::F16, true, 0.0f, true});   // GEMM over channels
    check({32, 21, 8, 40, 4, 32, lugh::Type::F32, true, 0.0f, true});
}

TEST(OpsFlashAttn, RefusesWhatDoesNotFit) {
    lugh::Context ctx(1 << 20);
    auto q = lugh::Tensor::new_f32(ctx, {16, 2, 6});
    auto k = lugh::Tensor::new_f32(ctx, {16, 9, 4});   // 6 heads over 4 KV heads
    auto v = lugh::Tensor::new_f32(ctx, {16, 9, 4});
    EXPECT_THROW(ops::flash_attn_ext(ctx, q, k, v, lugh::Tensor(), 1.0f, 0.0f, 0.0f), lugh::Error);
    auto k2 = lugh::Tensor::new_f32(ctx, {16, 9, 3});
    auto v2 = lugh::Tensor::new_f32(ctx, {16, 8, 3});   // keys and values of different lengths
    EXPECT_THROW(ops::flash_attn_ext(ctx, q, k2, v2, lugh::Tensor(), 1.0f, 0.0f, 0.0f), lugh::Error);
    auto v3 = lugh::Tensor::new_f32(ctx, {16, 9, 3});
    auto short_mask = lugh::Tensor::new_f32(ctx, {9, 1});   // fewer rows than tokens
    EXPECT_THROW(ops::flash_attn_ext(ctx, q, k2, v3, short_mask, 1.0f, 0.0f, 0.0f), lugh::Error);
    EXPECT_THROW(ops::flash_attn_ext(ctx, q, k2, v3, lugh::Tensor(), 1.0f, 8.0f, 0.0f), lugh::Error);   // ALiBi
    EXPECT_THROW(ops::flash_attn_ext(ctx, q, ops::transpose(ctx, k2), v3, lugh::Tensor(), 1.0f, 0.0f, 0.0f),
                 lugh::Error);   // strided key rows
    auto r = ops::flash_attn_ext(ctx, q, k2, v3, lugh::Tensor(), 1.0f, 0.0f, 0.0f);
    EXPECT_EQ(r.shape(), (std::vector<int64_t>{16, 6, 2}));
}

}  // namespace
