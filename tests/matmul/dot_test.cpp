// The row dot kernels of every set this CPU runs against a double reference
// over block counts that reach every tail of the vector loops, extreme codes
// that would saturate a careless integer dot, and which set is chosen.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "cpu/simd/features.hpp"
#include "cpu/simd/targets.hpp"
#include "matmul/matmul_test_util.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"

namespace mm = lugh::cpu::matmul;
using namespace matmultest;

TEST(RowDot, EveryQuantizedKernelMatchesTheDoubleReference) {
    // Block counts 1, 2, 3, 5, 7, 8, 15, 33 and 129 reach every tail (pairs,
    // groups of 4 and of 8 blocks).
    for (int64_t blocks : {1, 2, 3, 5, 7, 8, 15, 33, 129}) {
        for (ggml_type t : weight_types()) {
            const int64_t k = block_of(t) * blocks;
            const auto wq = quantize(t, randn(static_cast<size_t>(k), 1 + static_cast<unsigned>(k)), k);
            const auto wd = dequantize(t, wq.data(), static_cast<size_t>(k));
            const ActRow x = convert(t, randn(static_cast<size_t>(k), 2 + static_cast<unsigned>(k)));
            double ref, mag;
            reference(wd, x.values, &ref, &mag);
            for (const auto& s : mm::runnable_dot_kernels()) {
                // Integer block sums are exact; only the float accumulation of
                // k/32 scaled block sums rounds.
                EXPECT_NEAR(mm::row_dot(s, t)(k, wq.data(), x.data()), ref, 1e-6 * mag + 1e-30)
                    << s.name << " " << ggml_type_name(t) << " k=" << k;
            }
        }
    }
}

TEST(RowDot, ExtremeCodesDoNotSaturate) {
    // Q8_0: all weights -128 (a code other writers may produce) times x = 127
    // (then -127: the other extreme of a shifted code meets the largest sum).
    lugh::quant::BlockQ8_0 w{};
    w.d = ggml_fp32_to_fp16(1.0f);
    for (int j = 0; j < 32; ++j) w.qs[j] = -128;
    for (float v : {127.0f, -127.0f}) {
        const ActRow x = convert(GGML_TYPE_Q8_0, std::vector<float>(32, v));
        for (const auto& s : mm::runnable_dot_kernels())
            EXPECT_EQ(s.quant[GGML_TYPE_Q8_0](32, &w, x.data()), -128.0f * v * 32.0f) << s.name;
    }

    // Q4_0: codes 15 (and 0) against activations of -128 / 127 (x = 1.0 per
    // unit, so the Q8_0 rounding keeps them).
    constexpr int64_t k = 96;
    std::vector<lugh::quant::BlockQ4_0> w4(3);
    std::vector<float> xf(k);
    for (int b = 0; b < 3; ++b) {
        w4[b].d = ggml_fp32_to_fp16(1.0f);
        std::memset(w4[b].qs, b == 1 ? 0x00 : 0xFF, sizeof w4[b].qs);
        for (int j = 0; j < 32; ++j) xf[b * 32 + j] = b == 2 ? 127.0f : -127.0f;
    }
    const ActRow xa = convert(GGML_TYPE_Q4_0, xf);
    // Block 0: (15-8)*-127*32, block 1: (0-8)*-127*32, block 2: (15-8)*127*32.
    const float want = 7.0f * -127 * 32 + -8.0f * -127 * 32 + 7.0f * 127 * 32;
    for (const auto& s : mm::runnable_dot_kernels())
        EXPECT_EQ(s.quant[GGML_TYPE_Q4_0](k, w4.data(), xa.data()), want) << s.name;
}

// Blocks of `t` made of raw bytes (every code, scale and bit pattern a
// writer could store, not only what our quantizer picks) with its fp16
// steps set to finite values.
template <class B, class Set>
void set_steps(std::vector<unsigned char>& q, Set set) {
    for (size_t at = 0; at + sizeof(B) <= q.size(); at += sizeof(B)) {
        B b;
        std::memcpy(&b, q.data() + at, sizeof b);
        set(b);
        std::memcpy(q.data() + at, &b, sizeof b);
    }
}

std::vector<unsigned char> raw_blocks(ggml_type t, int64_t k, int pattern, unsigned seed) {
    namespace q = lugh::quant;
    std::vector<unsigned char> bytes(ggml_row_size(t, k));
    uint32_t state = seed;
    for (auto& byte : bytes) {
        state = state * 1664525u + 1013904223u;
        byte = pattern == 0 ? 0x00 : pattern == 1 ? 0xFF : static_cast<unsigned char>(state >> 24);
    }
    const uint16_t half = ggml_fp32_to_fp16(0.5f), quarter = ggml_fp32_to_fp16(0.25f);
    switch (t) {
        case GGML_TYPE_Q2_K: set_steps<q::BlockQ2_K>(bytes, [&](q::BlockQ2_K& b) { b.d = half; b.dmin = quarter; }); break;
        case GGML_TYPE_Q3_K: set_steps<q::BlockQ3_K>(bytes, [&](q::BlockQ3_K& b) { b.d = half; }); break;
        case GGML_TYPE_Q4_K: set_steps<q::BlockQ4_K>(bytes, [&](q::BlockQ4_K& b) { b.d = half; b.dmin = quarter; }); break;
        case GGML_TYPE_Q5_K: set_steps<q::BlockQ5_K>(bytes, [&](q::BlockQ5_K& b) { b.d = half; b.dmin = quarter; }); break;
        case GGML_TYPE_Q6_K: set_steps<q::BlockQ6_K>(bytes, [&](q::BlockQ6_K& b) { b.d = half; }); break;
        case GGML_TYPE_IQ4_XS: set_steps<q::BlockIQ4_XS>(bytes, [&](q::BlockIQ4_XS& b) { b.d = half; }); break;
        default: ADD_FAILURE() << "no raw blocks for " << ggml_type_name(t);
    }
    return bytes;
}

TEST(RowDot, TheSuperBlockKernelsTakeEveryStoredPattern) {
    // All-zero, all-one and random bytes: the extreme codes and scales meet
    // activations at +-127 (x = 1 per unit, then 127 exactly, then random).
    constexpr int64_t k = 3 * 256;
    for (ggml_type t : {GGML_TYPE_Q2_K, GGML_TYPE_Q3_K, GGML_TYPE_Q4_K, GGML_TYPE_Q5_K, GGML_TYPE_Q6_K, GGML_TYPE_IQ4_XS}) {
        for (int pattern = 0; pattern < 3; ++pattern) {
            const auto wq = raw_blocks(t, k, pattern, 7u + static_cast<unsigned>(t));
            const auto wd = dequantize(t, wq.data(), static_cast<size_t>(k));
            for (int xs = 0; xs < 3; ++xs) {
                std::vector<float> xf = xs == 2 ? randn(static_cast<size_t>(k), 5) : std::vector<float>(k, 127.0f);
                if (xs == 1)
                    for (size_t i = 0; i < xf.size(); i += 2) xf[i] = -127.0f;
                const ActRow x = convert(t, xf);
                double ref, mag;
                reference(wd, x.values, &ref, &mag);
                for (const auto& s : mm::runnable_dot_kernels())
                    EXPECT_NEAR(mm::row_dot(s, t)(k, wq.data(), x.data()), ref, 1e-6 * mag + 1e-30)
                        << s.name << " " << ggml_type_name(t) << " pattern " << pattern << " x " << xs;
            }
        }
    }
}

TEST(RowDot, FloatWeightKernelsMatchTheDoubleReference) {
    // Tails of 1, 7, 15 and exactly 16 elements after whole steps of 32.
    for (int64_t k : {1, 7, 31, 33, 48, 4097}) {
        const auto w = randn(static_cast<size_t>(k), 21);
        const auto x = randn(static_cast<size_t>(k), 22);
        for (ggml_type t : {GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16}) {
            std::vector<unsigned char> wq(ggml_row_size(t, k));
            ggml_quantize_chunk(t, w.data(), wq.data(), 0, 1, k, nullptr);
            double ref, mag;
            reference(dequantize(t, wq.data(), w.size()), x, &ref, &mag);
            for (const auto& s : mm::runnable_dot_kernels()) {
                const auto fn = t == GGML_TYPE_F32 ? s.f32 : t == GGML_TYPE_F16 ? s.f16 : s.bf16;
                // Float accumulation of k products: within k * 2^-24 of their magnitude.
                EXPECT_NEAR(fn(k, wq.data(), x.data()), ref, static_cast<double>(k) * 6e-8 * mag + 1e-30)
                    << s.name << " " << ggml_type_name(t) << " k=" << k;
            }
        }
    }
}

TEST(RowDot, HalfTimesHalfKernelsMatchTheDoubleReference) {
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
        for (const auto& s : mm::runnable_dot_kernels())
            EXPECT_NEAR(s.f16_f16(k, wh.data(), xh.data()), ref, static_cast<double>(k) * 6e-8 * mag + 1e-30)
                << s.name << " k=" << k;
    }
}

TEST(RowDot, TheSetFollowsTheAllowedTarget) {
    namespace simd = lugh::cpu::simd;
    const simd::CpuFeatures& f = simd::cpu_features();
    const std::string best = mm::dot_kernels().name;
    const char* vnni = f.splits_512 ? "avx512vnni-256" : "avx512vnni";
    EXPECT_EQ(best, f.avx512 ? (f.avx512_vnni ? vnni : "avx512") : f.avx2_fma ? "avx2" : "scalar");
    EXPECT_EQ(std::string(mm::runnable_dot_kernels().front().name), "scalar");
    EXPECT_EQ(std::string(mm::runnable_dot_kernels().back().name), best);
    // Forcing a Highway target moves these kernels too: one dispatch scheme.
    for (int64_t t : simd::runnable_targets()) {
        simd::force_target(t);
        const std::string name = mm::dot_kernels().name;
        switch (simd::kernel_level()) {
            case simd::KernelLevel::avx512: EXPECT_EQ(name, best) << simd::target_name(t); break;
            case simd::KernelLevel::avx2: EXPECT_EQ(name, "avx2") << simd::target_name(t); break;
            case simd::KernelLevel::scalar: EXPECT_EQ(name, "scalar") << simd::target_name(t); break;
        }
    }
    simd::reset_target();
    EXPECT_EQ(std::string(mm::dot_kernels().name), best);
}
