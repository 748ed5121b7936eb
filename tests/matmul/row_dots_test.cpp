// The quantized dot kernels (every set this CPU runs) against a double
// reference, and quant_matmul against the product of the dequantized weights
// within the tolerance that quantizing the activations to Q8_0 implies.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "lugh/ggml/ggml.h"
#include "quant/blocks.hpp"
#include "quant/dot.hpp"
#include "quant/matmul_quant.hpp"
#include "quant/quant_test_util.hpp"

namespace {

using quanttest::randn;

std::vector<unsigned char> quantize(ggml_type t, const std::vector<float>& x, int64_t k) {
    std::vector<unsigned char> q(ggml_row_size(t, k) * (x.size() / static_cast<size_t>(k)));
    ggml_quantize_chunk(t, x.data(), q.data(), 0, static_cast<int64_t>(x.size()) / k, k, nullptr);
    return q;
}

std::vector<float> dequantize(ggml_type t, const void* q, size_t n) {
    std::vector<float> y(n);
    ggml_get_type_traits(t)->to_float(q, y.data(), static_cast<int64_t>(n));
    return y;
}

}  // namespace

TEST(QuantDot, EveryKernelSetMatchesTheDoubleReference) {
    const auto sets = lugh::quant::runnable_dot_kernels();
    ASSERT_GE(sets.size(), 1u);
    for (int64_t k : {32, 64, 7 * 32, 33 * 32, 4096 + 32}) {
        const auto w = randn(static_cast<size_t>(k), 1 + static_cast<unsigned>(k));
        const auto x = randn(static_cast<size_t>(k), 2 + static_cast<unsigned>(k));
        const auto xq = quantize(GGML_TYPE_Q8_0, x, k);
        const auto xd = dequantize(GGML_TYPE_Q8_0, xq.data(), x.size());
        for (ggml_type t : {GGML_TYPE_Q8_0, GGML_TYPE_Q4_0}) {
            const auto wq = quantize(t, w, k);
            const auto wd = dequantize(t, wq.data(), w.size());
            double ref = 0, mag = 0;
            for (int64_t i = 0; i < k; ++i) {
                ref += static_cast<double>(wd[i]) * xd[i];
                mag += std::fabs(static_cast<double>(wd[i]) * xd[i]);
            }
            std::vector<float> scale(static_cast<size_t>(k / 32));
            std::vector<int32_t> offset(static_cast<size_t>(k / 32));
            std::vector<lugh::quant::ActivationGroup> groups(static_cast<size_t>(lugh::quant::activation_groups(k)));
            lugh::quant::prepare_activation(xq.data(), k, scale.data(), offset.data(), groups.data());
            const lugh::quant::ActivationRow act{xq.data(), scale.data(), offset.data(), groups.data()};
            for (const auto& s : sets) {
                const auto fn = t == GGML_TYPE_Q8_0 ? s.q8_0_q8_0 : s.q4_0_q8_0;
                const float got = fn(k, wq.data(), xq.data());
                // Integer block sums are exact; only the float accumulation of
                // k/32 scaled block sums rounds.
                EXPECT_NEAR(got, ref, 1e-6 * mag + 1e-30) << s.name << " " << ggml_type_name(t) << " k=" << k;
                if (t == GGML_TYPE_Q4_0)
                    EXPECT_NEAR(s.q4_0_act(k, wq.data(), act), ref, 1e-6 * mag + 1e-30) << s.name << " act k=" << k;
            }
        }
    }
}

TEST(QuantDot, ExtremeCodesDoNotSaturate) {
    // All weights -128 (a Q8_0 code other writers may produce) times x = 127.
    lugh::quant::BlockQ8_0 w{}, x{};
    w.d = ggml_fp32_to_fp16(1.0f);
    x.d = ggml_fp32_to_fp16(1.0f);
    for (int j = 0; j < 32; ++j) {
        w.qs[j] = -128;
        x.qs[j] = 127;
    }
    for (const auto& s : lugh::quant::runnable_dot_kernels())
        EXPECT_EQ(s.q8_0_q8_0(32, &w, &x), -128.0f * 127.0f * 32.0f) << s.name;
}

namespace {

struct MatmulCase {
    int64_t K, M, N, A2, B2;
    bool transposed_b;
};

// Run quant_matmul with nth threads (sequentially) and return dst.
std::vector<float> run(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, int nth) {
    std::vector<unsigned char> work(lugh::quant::quant_matmul_work_bytes(a, b) + 64);
    void* aligned = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(work.data()) + 63) & ~uintptr_t(63));
    for (int i = 0; i < nth; ++i) lugh::quant::quant_matmul(a, b, dst, i, nth, aligned);
    const float* d = static_cast<const float*>(dst->data);
    return std::vector<float>(d, d + ggml_nelements(dst));
}

}  // namespace

TEST(QuantMatmul, WithinToleranceOfTheDequantizedProduct) {
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

            ggml_tensor* b;
            const auto bf = randn(static_cast<size_t>(c.K * c.N * c.B2), 6);
            if (c.transposed_b) {   // storage [N, K]; b views it as [K, N]
                ggml_tensor* s = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, c.N, c.K, c.B2);
                b = ggml_view_tensor(ctx, s);
                b->ne[0] = c.K;
                b->ne[1] = c.N;
                b->nb[0] = sizeof(float) * c.N;
                b->nb[1] = sizeof(float);
            } else {
                b = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, c.K, c.N, c.B2);
            }
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

TEST(QuantDot, FloatWeightKernelsMatchTheDoubleReference) {
    // Tails of 1, 7, 15 and exactly 16 elements after whole steps of 32.
    for (int64_t k : {1, 7, 31, 33, 48, 4097}) {
        const auto w = randn(static_cast<size_t>(k), 21);
        const auto x = randn(static_cast<size_t>(k), 22);
        for (ggml_type t : {GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16}) {
            std::vector<unsigned char> wq(ggml_row_size(t, k));
            ggml_quantize_chunk(t, w.data(), wq.data(), 0, 1, k, nullptr);
            const auto wd = dequantize(t, wq.data(), w.size());
            double ref = 0, mag = 0;
            for (int64_t i = 0; i < k; ++i) {
                ref += static_cast<double>(wd[i]) * x[i];
                mag += std::fabs(static_cast<double>(wd[i]) * x[i]);
            }
            for (const auto& s : lugh::quant::runnable_dot_kernels()) {
                const auto fn = t == GGML_TYPE_F32 ? s.f32 : t == GGML_TYPE_F16 ? s.f16 : s.bf16;
                // Float accumulation of k products: within k * 2^-24 of their magnitude.
                EXPECT_NEAR(fn(k, wq.data(), x.data()), ref, static_cast<double>(k) * 6e-8 * mag + 1e-30)
                    << s.name << " " << ggml_type_name(t) << " k=" << k;
            }
        }
    }
}

TEST(QuantDot, HalfTimesHalfKernelsMatchTheDoubleReference) {
    for (int64_t k : {1, 7, 31, 33, 48, 4097}) {
        const auto w = randn(static_cast<size_t>(k), 23);
        const auto x = randn(static_cast<size_t>(k), 24);
        std::vector<uint16_t> wh(static_cast<size_t>(k)), xh(static_cast<size_t>(k));
        double ref = 0, mag = 0;
        for (int64_t i = 0; i < k; ++i) {
            wh[i] = ggml_fp32_to_fp16(w[i]);
            xh[i] = ggml_fp32_to_fp16(x[i]);
            const double p = static_cast<double>(ggml_fp16_to_fp32(wh[i])) * ggml_fp16_to_fp32(xh[i]);
            ref += p;
            mag += std::fabs(p);
        }
        for (const auto& s : lugh::quant::runnable_dot_kernels())
            EXPECT_NEAR(s.f16_f16(k, wh.data(), xh.data()), ref, static_cast<double>(k) * 6e-8 * mag + 1e-30)
                << s.name << " k=" << k;
    }
}
