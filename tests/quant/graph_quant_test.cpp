// Quantized and half weights through the graph: mul_mat (Q8_0, Q4_0, F16,
// BF16 weights x F32) on 1 and 2 threads against references built from the
// dequantized weights, and the errors of bad quantized ops. (get_rows and
// cpy of every type: tests/matmul/graph_types_test.cpp.)
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "cpu/kernels.hpp"
#include "lugh/ggml/ggml-cpu.h"
#include "lugh/ggml/ggml.h"
#include "quant/quant_test_util.hpp"

namespace {

using quanttest::randn;

// Weights [K, M] of `type` from floats; returns the dequantized values too.
ggml_tensor* weights(ggml_context* ctx, ggml_type type, int64_t K, int64_t M, std::vector<float>* deq) {
    const auto w = randn(static_cast<size_t>(K * M), 11);
    ggml_tensor* a = ggml_new_tensor_2d(ctx, type, K, M);
    ggml_quantize_chunk(type, w.data(), a->data, 0, M, K, nullptr);
    deq->resize(w.size());
    ggml_get_type_traits(type)->to_float(a->data, deq->data(), K * M);
    return a;
}

class MinParallelWork : public testing::Test {   // split even tiny nodes across threads
protected:
    void SetUp() override { saved_ = lugh::cpu::min_parallel_work(); lugh::cpu::set_min_parallel_work(0); }
    void TearDown() override { lugh::cpu::set_min_parallel_work(saved_); }
    size_t saved_ = 0;
};

using GraphQuant = MinParallelWork;

}  // namespace

TEST_F(GraphQuant, MulMatWithQuantizedAndHalfWeights) {
    for (ggml_type type : {GGML_TYPE_Q8_0, GGML_TYPE_Q4_0, GGML_TYPE_F16, GGML_TYPE_BF16}) {
        for (int64_t K : {32, 4096 + 32}) {
            for (int64_t N : {1, 7, 64}) {   // row dots (1), the GEMMs (7, 64)
                SCOPED_TRACE(testing::Message() << ggml_type_name(type) << " K=" << K << " N=" << N);
                const int64_t M = 33;
                ggml_context* ctx = ggml_init({64 << 20, nullptr, false});
                std::vector<float> wd;
                ggml_tensor* a = weights(ctx, type, K, M, &wd);
                ggml_tensor* b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, K, N);
                const auto x = randn(static_cast<size_t>(K * N), 12);
                std::memcpy(b->data, x.data(), x.size() * sizeof(float));
                ggml_tensor* c = ggml_mul_mat(ctx, a, b);
                ggml_cgraph* g = ggml_new_graph(ctx);
                ggml_build_forward_expand(g, c);
                ASSERT_EQ(ggml_graph_compute_with_ctx(ctx, g, 1), GGML_STATUS_SUCCESS);
                const std::vector<float> one(static_cast<float*>(c->data), static_cast<float*>(c->data) + M * N);
                ASSERT_EQ(ggml_graph_compute_with_ctx(ctx, g, 2), GGML_STATUS_SUCCESS);
                const std::vector<float> two(static_cast<float*>(c->data), static_cast<float*>(c->data) + M * N);
                EXPECT_EQ(one, two);
                for (int64_t n = 0; n < N; ++n)
                    for (int64_t m = 0; m < M; ++m) {
                        double ref = 0, bound = 0;
                        for (int64_t k0 = 0; k0 < K; k0 += 32) {
                            float amax = 0;
                            for (int64_t k = k0; k < k0 + 32; ++k) amax = std::fmax(amax, std::fabs(x[n * K + k]));
                            // Quantized weights see Q8_0 activations (error per element
                            // <= amax/127 * 0.562); F16 weights see activations rounded
                            // to F16 (relative error <= 2^-11, ggml_prec's default);
                            // BF16 weights exact ones.
                            const double xerr = ggml_is_quantized(type) ? amax / 127.0 * 0.5625 : 0.0;
                            const double xrel = type == GGML_TYPE_F16 ? 1.0 / 2048 : 0.0;
                            for (int64_t k = k0; k < k0 + 32; ++k) {
                                ref += static_cast<double>(wd[m * K + k]) * x[n * K + k];
                                bound += std::fabs(wd[m * K + k]) * (xerr + (xrel + 1e-6) * std::fabs(x[n * K + k]));
                            }
                        }
                        ASSERT_NEAR(one[n * M + m], ref, bound + 1e-5) << "m=" << m << " n=" << n;
                    }
                ggml_free(ctx);
            }
        }
    }
}

TEST(GraphQuantDeath, BadQuantizedOpsAbortWithAMessage) {
    ggml_context* ctx = ggml_init({1 << 20, nullptr, false});
    ggml_tensor* f = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 64, 2);
    ggml_tensor* q = ggml_new_tensor_1d(ctx, GGML_TYPE_Q8_0, 128);
    ggml_tensor* q4 = ggml_new_tensor_2d(ctx, GGML_TYPE_Q4_0, 64, 2);
    EXPECT_DEATH(ggml_cpy(ctx, f, q), "needs equal shapes");
    EXPECT_DEATH(ggml_cpy(ctx, q4, ggml_new_tensor_2d(ctx, GGML_TYPE_I32, 64, 2)), "cannot copy");
    ggml_tensor* x = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 32);
    EXPECT_DEATH(ggml_mul_mat(ctx, q4, x), "same row length");
    ggml_free(ctx);
}

TEST_F(GraphQuant, MulMatSetPrecF32KeepsHalfWeightProductsExact) {
    // F16 weights times one vector: GGML_PREC_DEFAULT rounds the vector to
    // F16; GGML_PREC_F32 does not, so its error is float accumulation only.
    const int64_t K = 4096 + 32, M = 9;
    ggml_context* ctx = ggml_init({16 << 20, nullptr, false});
    std::vector<float> wd;
    ggml_tensor* a = weights(ctx, GGML_TYPE_F16, K, M, &wd);
    ggml_tensor* b = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, K);
    const auto x = randn(static_cast<size_t>(K), 13);
    std::memcpy(b->data, x.data(), x.size() * sizeof(float));
    ggml_tensor* rounded = ggml_mul_mat(ctx, a, b);
    ggml_tensor* exact = ggml_mul_mat(ctx, a, b);
    ggml_mul_mat_set_prec(exact, GGML_PREC_F32);
    EXPECT_EQ(rounded->op_params[0], GGML_PREC_DEFAULT);
    EXPECT_EQ(exact->op_params[0], GGML_PREC_F32);
    ggml_cgraph* g = ggml_new_graph(ctx);
    ggml_build_forward_expand(g, rounded);
    ggml_build_forward_expand(g, exact);
    ASSERT_EQ(ggml_graph_compute_with_ctx(ctx, g, 2), GGML_STATUS_SUCCESS);
    for (int64_t m = 0; m < M; ++m) {
        double ref = 0, ref_half = 0, mag = 0;
        for (int64_t k = 0; k < K; ++k) {
            const double w = wd[m * K + k];
            ref += w * x[k];
            ref_half += w * ggml_fp16_to_fp32(ggml_fp32_to_fp16(x[k]));
            mag += std::fabs(w * x[k]);
        }
        const float e = static_cast<float*>(exact->data)[m], r = static_cast<float*>(rounded->data)[m];
        EXPECT_NEAR(e, ref, 1e-6 * mag) << m;
        EXPECT_NEAR(r, ref_half, 1e-6 * mag) << m;
        EXPECT_NEAR(r, ref, mag / 2048) << m;
    }
    ggml_free(ctx);
}

TEST(GraphQuantDeathTest, MulMatSetPrecRefusesOtherNodesAndValues) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    auto run = [](int which) {
        ggml_context* ctx = ggml_init({1 << 20, nullptr, false});
        ggml_tensor* a = ggml_new_tensor_2d(ctx, GGML_TYPE_F16, 8, 2);
        ggml_tensor* b = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 8);
        if (which == 0) ggml_mul_mat_set_prec(ggml_add(ctx, b, b), GGML_PREC_F32);
        if (which == 1) ggml_mul_mat_set_prec(ggml_mul_mat(ctx, a, b), static_cast<ggml_prec>(7));
        if (which == 2) ggml_mul_mat_set_prec(nullptr, GGML_PREC_F32);
        ggml_free(ctx);
    };
    EXPECT_DEATH(run(0), "ggml_mul_mat_set_prec: .* is not a mul_mat node \\(its op is ADD\\)");
    EXPECT_DEATH(run(1), "ggml_mul_mat_set_prec: precision 7 is not GGML_PREC_DEFAULT");
    EXPECT_DEATH(run(2), "ggml_mul_mat_set_prec");
}
