// The quantized GEMM (prompt processing) on every kernel level this CPU
// runs: against the double-precision product of the dequantized weights and
// the Q8_0-rounded activations over odd shapes (partial panels of a and of
// b, one and many groups), broadcast batches and a transposed b; bitwise
// identical for 1, 2 and 3 threads; and through a graph beside the row dots.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "cpu/matmul/gemm_quant.hpp"
#include "cpu/matmul/gemm_quant_kernels.hpp"
#include "cpu/matmul/quant_panels.hpp"
#include "quant/blocks.hpp"
#include "matmul/matmul_test_util.hpp"
#include "cpu/simd/features.hpp"
#include "cpu/simd/targets.hpp"

namespace {

using namespace matmultest;
namespace mm = lugh::cpu::matmul;

struct Case {
    int64_t blocks, M, N, A2, B2;   // K = blocks of the type's block size
    bool transposed_b;
};

// Run gemm_quant with a kernel set and nth threads (one after another) and return dst.
std::vector<float> run(const mm::QuantGemmKernels& set, const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst,
                       int nth) {
    std::vector<unsigned char> work(mm::gemm_quant_work_bytes(a, b) + 64);
    lugh::cpu::KernelArgs args;
    args.work = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(work.data()) + 63) & ~uintptr_t(63));
    args.nth = nth;
    std::memset(dst->data, 0xff, ggml_nbytes(dst));   // NaN: an output never written shows
    for (int i = 0; i < nth; ++i) {
        args.ith = i;
        mm::gemm_quant_with(set, a, b, dst, args);
    }
    const float* d = static_cast<const float*>(dst->data);
    return std::vector<float>(d, d + ggml_nelements(dst));
}

// Parameter: index into runnable_quant_gemm_kernels().
class GemmQuant : public testing::TestWithParam<size_t> {
protected:
    mm::QuantGemmKernels set() const { return mm::runnable_quant_gemm_kernels().at(GetParam()); }
};

TEST_P(GemmQuant, MatchesTheReferenceOnOddShapesAndAnyThreadCount) {
    const Case cases[] = {
        {1, 1, 1, 1, 1, false},  {2, 7, 5, 1, 1, false},  {3, 33, 13, 1, 1, false}, {33, 65, 9, 1, 1, false},
        {8, 32, 6, 1, 1, false}, {2, 31, 7, 2, 4, false}, {2, 40, 11, 1, 1, true},  {1, 3, 2, 1, 1, false},
    };
    ggml_context* ctx = ggml_init({64 << 20, nullptr, false});
    for (const auto& c0 : cases) {
        for (ggml_type t : weight_types()) {
            Case c = c0;
            c.blocks *= block_of(t);   // now K
            if (block_of(t) == 256 && c.blocks > 256 * 8) c.blocks = 256 * 5;   // keep the test quick
            SCOPED_TRACE(testing::Message() << ggml_type_name(t) << " K=" << c.blocks << " M=" << c.M << " N=" << c.N
                                            << " A2=" << c.A2 << " B2=" << c.B2 << " T=" << c.transposed_b << " "
                                            << set().name);
            ggml_reset(ctx);
            const auto wf = randn(static_cast<size_t>(c.blocks * c.M * c.A2), 5);
            ggml_tensor* a = ggml_new_tensor_3d(ctx, t, c.blocks, c.M, c.A2);
            ggml_quantize_chunk(t, wf.data(), a->data, 0, c.M * c.A2, c.blocks, nullptr);
            const auto wd = dequantize(t, a->data, wf.size());

            ggml_tensor* b = new_b(ctx, c.blocks, c.N, c.B2, c.transposed_b);
            // Each row of b as the kernels see it: rounded to Q8_0.
            std::vector<std::vector<float>> xq;
            for (int64_t i2 = 0; i2 < c.B2; ++i2)
                for (int64_t n = 0; n < c.N; ++n) {
                    const auto x = randn(static_cast<size_t>(c.blocks), static_cast<unsigned>(100 + i2 * c.N + n));
                    for (int64_t k = 0; k < c.blocks; ++k)
                        *reinterpret_cast<float*>(static_cast<char*>(b->data) + k * b->nb[0] + n * b->nb[1] +
                                                  i2 * b->nb[2]) = x[k];
                    const ggml_type xt = mm::gemm_scheme(t)->k_activations ? GGML_TYPE_Q8_K : GGML_TYPE_Q8_0;
                    xq.push_back(dequantize(xt, quantize(xt, x, c.blocks).data(), x.size()));
                }
            ggml_tensor* dst = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, c.M, c.N, c.B2);
            ASSERT_TRUE(mm::gemm_quant_applies(a, b, dst));

            const auto one = run(set(), a, b, dst, 1);
            for (int nth : {2, 3})
                EXPECT_EQ(std::memcmp(one.data(), run(set(), a, b, dst, nth).data(), one.size() * 4), 0) << nth;
            for (int64_t i2 = 0; i2 < c.B2; ++i2) {
                const int64_t a2 = i2 / (c.B2 / c.A2);
                for (int64_t n = 0; n < c.N; ++n)
                    for (int64_t m = 0; m < c.M; ++m) {
                        const std::vector<float> w(wd.begin() + (a2 * c.M + m) * c.blocks, wd.begin() + (a2 * c.M + m + 1) * c.blocks);
                        double ref, mag;
                        reference(w, xq[static_cast<size_t>(i2 * c.N + n)], &ref, &mag);
                        // Exact integer group sums; float rounding of K/16 or K/32 scaled sums.
                        ASSERT_NEAR(one[static_cast<size_t>((i2 * c.N + n) * c.M + m)], ref, 2e-6 * mag + 1e-30)
                            << "m=" << m << " n=" << n << " i2=" << i2;
                    }
            }
        }
    }
    ggml_free(ctx);
}

TEST_P(GemmQuant, ExtremeCodesDoNotSaturate) {
    // Q8_0 weights of -128 and 127 against activations of -127 and 127:
    // every integer form (shifted codes, nibble splits) must stay exact.
    const int64_t K = 64, M = 3, N = 9;
    ggml_context* ctx = ggml_init({4 << 20, nullptr, false});
    ggml_tensor* a = ggml_new_tensor_2d(ctx, GGML_TYPE_Q8_0, K, M);
    auto* blocks = static_cast<lugh::quant::BlockQ8_0*>(a->data);
    for (int64_t i = 0; i < K / 32 * M; ++i) {
        blocks[i].d = ggml_fp32_to_fp16(1.0f);
        for (int j = 0; j < 32; ++j) blocks[i].qs[j] = static_cast<int8_t>(i % 2 ? 127 : -128);
    }
    ggml_tensor* b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, K, N);
    for (int64_t i = 0; i < K * N; ++i) static_cast<float*>(b->data)[i] = (i / K) % 2 ? 127.0f : -127.0f;
    ggml_tensor* dst = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, M, N);
    const auto got = run(set(), a, b, dst, 1);
    for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m) {
            double want = 0;
            for (int64_t k = 0; k < K; ++k) want += ((m * 2 + k / 32) % 2 ? 127.0 : -128.0) * ((n % 2) ? 127.0 : -127.0);
            EXPECT_EQ(got[static_cast<size_t>(n * M + m)], want) << "m=" << m << " n=" << n;
        }
    ggml_free(ctx);
}

std::vector<size_t> set_indices() {
    std::vector<size_t> out;
    for (size_t i = 0; i < mm::runnable_quant_gemm_kernels().size(); ++i) out.push_back(i);
    return out;
}

INSTANTIATE_TEST_SUITE_P(Sets, GemmQuant, testing::ValuesIn(set_indices()),
                         [](const testing::TestParamInfo<size_t>& info) {
                             return std::string(mm::runnable_quant_gemm_kernels()[info.param].name);
                         });

TEST(GemmQuantChoice, TheSetFollowsTheAllowedTarget) {
    namespace simd = lugh::cpu::simd;
    const auto& f = simd::cpu_features();
    const std::string best = mm::quant_gemm_kernels().name;
    EXPECT_EQ(best, f.avx512_vnni ? "avx512vnni" : f.avx_vnni ? "avxvnni" : f.avx2_fma ? "avx2" : "scalar");
    for (int64_t t : simd::runnable_targets()) {
        simd::force_target(t);
        const std::string name = mm::quant_gemm_kernels().name;
        if (simd::kernel_level() == simd::KernelLevel::scalar) EXPECT_EQ(name, "scalar") << simd::target_name(t);
        if (simd::kernel_level() == simd::KernelLevel::avx2)
            EXPECT_EQ(name, f.avx_vnni ? "avxvnni" : "avx2") << simd::target_name(t);
    }
    simd::reset_target();
}

}  // namespace

#include "cpu/matmul/unpack.hpp"

TEST(GemmQuantPacking, VectorUnpackersAndTransposesMatchTheScalarOnes) {
    namespace simd = lugh::cpu::simd;
    for (ggml_type t : weight_types()) {
        SCOPED_TRACE(ggml_type_name(t));
        const int64_t K = 3 * block_of(t), rows_in = 29;   // a partial panel
        const auto wf = randn(static_cast<size_t>(K * rows_in), 77);
        const auto wq = quantize(t, wf, K);
        const mm::QuantScheme& q = *mm::gemm_scheme(t);
#if defined(__x86_64__)
        if (mm::unpack_row_avx2(t) && simd::cpu_features().avx2_fma) {
            const int64_t groups = K / q.group;
            std::vector<uint8_t> c0(K), c1(K);
            std::vector<float> s0(groups), s1(groups), b0(groups, 0.0f), b1(groups, 0.0f);
            mm::unpack_row_scalar(t)(reinterpret_cast<const char*>(wq.data()), K, c0.data(), s0.data(), b0.data());
            mm::unpack_row_avx2(t)(reinterpret_cast<const char*>(wq.data()), K, c1.data(), s1.data(), b1.data());
            EXPECT_EQ(c0, c1);
            EXPECT_EQ(s0, s1);
            EXPECT_EQ(b0, b1);
        }
#endif
        // Whole panels packed under every target are the same bytes.
        const char* rows[mm::kPanelRows];
        for (int m = 0; m < mm::kPanelRows; ++m)
            rows[m] = m < rows_in ? reinterpret_cast<const char*>(wq.data()) + m * ggml_row_size(t, K) : nullptr;
        const size_t bytes = static_cast<size_t>(K / q.group) * mm::weight_group_bytes(q);
        std::vector<uint8_t> scratch(mm::weight_panel_scratch_bytes(q, K)), first;
        for (int64_t target : simd::runnable_targets()) {
            simd::force_target(target);
            std::vector<uint8_t> panel(bytes, 0xcd);
            mm::pack_weight_panel(t, q, rows, K, panel.data(), scratch.data());
            if (first.empty()) first = panel;
            EXPECT_EQ(panel, first) << simd::target_name(target);
        }
        simd::reset_target();
    }
}
