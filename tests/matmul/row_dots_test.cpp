// The row-dot path of mul_mat (matrix-vector products) against the product
// of the dequantized weights, within the tolerance that quantizing the
// activations to Q8_0 implies; bitwise equal results for 1 and 3 threads.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cpu/matmul/row_dots.hpp"
#include "matmul/matmul_test_util.hpp"

using namespace matmultest;

namespace {

struct MatmulCase {
    int64_t K, M, N, A2, B2;
    bool transposed_b;
};

// Run row_dots with nth threads (sequentially) and return dst.
std::vector<float> run(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, int nth) {
    std::vector<unsigned char> work(lugh::cpu::matmul::row_dots_work_bytes(a, b) + 64);
    void* aligned = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(work.data()) + 63) & ~uintptr_t(63));
    for (int i = 0; i < nth; ++i) lugh::cpu::matmul::row_dots(a, b, dst, i, nth, aligned);
    const float* d = static_cast<const float*>(dst->data);
    return std::vector<float>(d, d + ggml_nelements(dst));
}

}  // namespace

TEST(RowDots, WithinToleranceOfTheDequantizedProduct) {
    const MatmulCase cases[] = {
        {32, 1, 1, 1, 1, false}, {64, 7, 3, 1, 1, false}, {33 * 32, 5, 2, 1, 1, false},
        {4096, 9, 1, 1, 1, false}, {96, 4, 40, 1, 1, false},   // N over one chunk of 32
        {64, 3, 2, 2, 4, false},                               // broadcast of a's batch
        {64, 3, 5, 1, 1, true},                                // b a strided (transposed) view
    };
    ggml_context* ctx = ggml_init({64 << 20, nullptr, false});
    for (const auto& c : cases) {
        for (ggml_type t : {GGML_TYPE_Q8_0, GGML_TYPE_Q4_0}) {
            SCOPED_TRACE(testing::Message() << ggml_type_name(t) << " K=" << c.K << " M=" << c.M << " N=" << c.N
                                            << " A2=" << c.A2 << " B2=" << c.B2 << " T=" << c.transposed_b);
            ggml_reset(ctx);
            const auto wf = randn(static_cast<size_t>(c.K * c.M * c.A2), 5);
            ggml_tensor* a = ggml_new_tensor_3d(ctx, t, c.K, c.M, c.A2);
            ggml_quantize_chunk(t, wf.data(), a->data, 0, c.M * c.A2, c.K, nullptr);
            const auto wd = dequantize(t, a->data, wf.size());

            const auto bf = randn(static_cast<size_t>(c.K * c.N * c.B2), 6);
            ggml_tensor* b = new_b(ctx, c.K, c.N, c.B2, c.transposed_b);
            auto bval = [&](int64_t k, int64_t n, int64_t i2) -> float& {
                return *reinterpret_cast<float*>(static_cast<char*>(b->data) + k * b->nb[0] + n * b->nb[1] + i2 * b->nb[2]);
            };
            for (int64_t i2 = 0; i2 < c.B2; ++i2)
                for (int64_t n = 0; n < c.N; ++n)
                    for (int64_t k = 0; k < c.K; ++k) bval(k, n, i2) = bf[static_cast<size_t>((i2 * c.N + n) * c.K + k)];
            ggml_tensor* dst = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, c.M, c.N, c.B2);

            const auto one = run(a, b, dst, 1);
            const auto three = run(a, b, dst, 3);
            EXPECT_EQ(one, three);   // bitwise identical for any thread count

            for (int64_t i2 = 0; i2 < c.B2; ++i2) {
                const int64_t a2 = i2 / (c.B2 / c.A2);
                for (int64_t n = 0; n < c.N; ++n) {
                    for (int64_t m = 0; m < c.M; ++m) {
                        double ref = 0, bound = 0;
                        for (int64_t k0 = 0; k0 < c.K; k0 += 32) {
                            float amax = 0;
                            for (int64_t k = k0; k < k0 + 32; ++k) amax = std::fmax(amax, std::fabs(bval(k, n, i2)));
                            // |x - x_q8| <= d/2 + 127 * fp16 error of d, d = amax/127.
                            const double xerr = amax / 127.0 * (0.5 + 127.0 / 2048.0);
                            for (int64_t k = k0; k < k0 + 32; ++k) {
                                const double w = wd[static_cast<size_t>((a2 * c.M + m) * c.K + k)];
                                ref += w * bval(k, n, i2);
                                bound += std::fabs(w) * xerr;
                            }
                        }
                        const float got = one[static_cast<size_t>((i2 * c.N + n) * c.M + m)];
                        ASSERT_NEAR(got, ref, bound + 1e-5 * std::fabs(ref) + 1e-6) << "m=" << m << " n=" << n;
                    }
                }
            }
        }
    }
    ggml_free(ctx);
}
