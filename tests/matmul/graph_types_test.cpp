// Every block weight type through the graph API, as a model uses it:
// mul_mat by 1, 5 (row dots) and 64 (GEMM) rows of b, get_rows of whole
// rows, and cpy from F32 (strided source too; these two also for F16 and
// BF16), on 1 and 2 threads; results equal across thread counts and within
// the activation-rounding bound of the product of the dequantized weights.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "cpu/kernels.hpp"
#include "lugh/ggml/ggml-cpu.h"
#include "matmul/matmul_test_util.hpp"

using namespace matmultest;

namespace {

class GraphTypes : public testing::TestWithParam<ggml_type> {
protected:
    void SetUp() override {
        saved_ = lugh::cpu::min_parallel_work();
        lugh::cpu::set_min_parallel_work(0);   // split even small nodes across threads
    }
    void TearDown() override { lugh::cpu::set_min_parallel_work(saved_); }
    size_t saved_ = 0;
};

std::vector<float> compute(ggml_context* ctx, ggml_tensor* out, int threads) {
    ggml_cgraph* g = ggml_new_graph(ctx);
    ggml_build_forward_expand(g, out);
    EXPECT_EQ(ggml_graph_compute_with_ctx(ctx, g, threads), GGML_STATUS_SUCCESS);
    const float* p = static_cast<const float*>(out->data);
    return std::vector<float>(p, p + ggml_nelements(out));
}

TEST_P(GraphTypes, MulMatByOneFiveAndSixtyFourRows) {
    const ggml_type t = GetParam();
    const int64_t K = 2 * block_of(t) + (block_of(t) == 32 ? 32 * 5 : 0), M = 37;
    for (int64_t N : {1, 5, 64}) {   // row dots (1, 5) and the GEMM (64)
        SCOPED_TRACE(testing::Message() << ggml_type_name(t) << " N=" << N);
        ggml_context* ctx = ggml_init({32 << 20, nullptr, false});
        const auto wf = randn(static_cast<size_t>(K * M), 31);
        ggml_tensor* a = ggml_new_tensor_2d(ctx, t, K, M);
        ggml_quantize_chunk(t, wf.data(), a->data, 0, M, K, nullptr);
        const auto wd = dequantize(t, a->data, wf.size());
        ggml_tensor* b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, K, N);
        const auto x = randn(static_cast<size_t>(K * N), 32);
        std::memcpy(b->data, x.data(), x.size() * sizeof(float));
        ggml_tensor* c = ggml_mul_mat(ctx, a, b);
        const auto one = compute(ctx, c, 1);
        EXPECT_EQ(one, compute(ctx, c, 2));
        const bool k_act = block_of(t) == 256;
        for (int64_t n = 0; n < N; ++n)
            for (int64_t m = 0; m < M; ++m) {
                double ref = 0, bound = 0;
                const int64_t span = k_act ? 256 : 32;   // the activation scale's block
                for (int64_t k0 = 0; k0 < K; k0 += span) {
                    float amax = 0;
                    for (int64_t k = k0; k < k0 + span; ++k) amax = std::fmax(amax, std::fabs(x[n * K + k]));
                    // |x - x_q| <= d/2 (+ fp16 rounding of d for Q8_0), d = amax/127.
                    const double xerr = amax / 127.0 * (k_act ? 0.5 : 0.5625);
                    for (int64_t k = k0; k < k0 + span; ++k) {
                        ref += static_cast<double>(wd[m * K + k]) * x[n * K + k];
                        bound += std::fabs(wd[m * K + k]) * (xerr + 1e-6 * std::fabs(x[n * K + k]));
                    }
                }
                ASSERT_NEAR(one[n * M + m], ref, bound + 1e-5) << "m=" << m << " n=" << n;
            }
        ggml_free(ctx);
    }
}

// get_rows and cpy also for the 16-bit float types.
class GraphRowTypes : public GraphTypes {};

TEST_P(GraphRowTypes, GetRowsDequantizesWholeRows) {
    const ggml_type t = GetParam();
    const int64_t K = 2 * std::max<int64_t>(block_of(t), 48), M = 10;
    ggml_context* ctx = ggml_init({8 << 20, nullptr, false});
    const auto wf = randn(static_cast<size_t>(K * M), 41);
    ggml_tensor* a = ggml_new_tensor_2d(ctx, t, K, M);
    ggml_quantize_chunk(t, wf.data(), a->data, 0, M, K, nullptr);
    const auto wd = dequantize(t, a->data, wf.size());
    ggml_tensor* idx = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 4);
    const int32_t rows[4] = {9, 0, 3, 9};
    std::memcpy(idx->data, rows, sizeof rows);
    for (int threads : {1, 2}) {
        const auto got = compute(ctx, ggml_get_rows(ctx, a, idx), threads);
        for (int i = 0; i < 4; ++i)
            for (int64_t k = 0; k < K; ++k) ASSERT_EQ(got[i * K + k], wd[rows[i] * K + k]) << ggml_type_name(t);
    }
    ggml_free(ctx);
}

TEST_P(GraphRowTypes, CpyFromF32QuantizesLikeQuantizeChunk) {
    const ggml_type t = GetParam();
    const int64_t K = 2 * std::max<int64_t>(block_of(t), 48), M = 5;
    for (bool transposed_src : {false, true}) {
        SCOPED_TRACE(testing::Message() << ggml_type_name(t) << " transposed=" << transposed_src);
        ggml_context* ctx = ggml_init({8 << 20, nullptr, false});
        const auto x = randn(static_cast<size_t>(K * M), 43);
        ggml_tensor* src;
        if (transposed_src) {   // storage [M, K], viewed as [K, M]
            ggml_tensor* s = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, M, K);
            for (int64_t m = 0; m < M; ++m)
                for (int64_t k = 0; k < K; ++k) static_cast<float*>(s->data)[k * M + m] = x[m * K + k];
            src = ggml_transpose(ctx, s);
        } else {
            src = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, K, M);
            std::memcpy(src->data, x.data(), x.size() * sizeof(float));
        }
        ggml_tensor* dst = ggml_new_tensor_2d(ctx, t, K, M);
        ggml_cgraph* g = ggml_new_graph(ctx);
        ggml_build_forward_expand(g, ggml_cpy(ctx, src, dst));
        ASSERT_EQ(ggml_graph_compute_with_ctx(ctx, g, 2), GGML_STATUS_SUCCESS);
        const auto want = quantize(t, x, K);
        EXPECT_EQ(std::memcmp(dst->data, want.data(), want.size()), 0);
        ggml_free(ctx);
    }
}

std::string type_name(const testing::TestParamInfo<ggml_type>& info) { return ggml_type_name(info.param); }

std::vector<ggml_type> row_types() {
    std::vector<ggml_type> t = weight_types();
    t.push_back(GGML_TYPE_F16);
    t.push_back(GGML_TYPE_BF16);
    return t;
}

INSTANTIATE_TEST_SUITE_P(Types, GraphTypes, testing::ValuesIn(weight_types()), type_name);
INSTANTIATE_TEST_SUITE_P(Types, GraphRowTypes, testing::ValuesIn(row_types()), type_name);

}  // namespace
