// The multi-row Q4_0 kernel (q4_0_act_rows: several weight rows against one
// prepared activation row, 512-bit VNNI where the CPU has it): each row must
// equal that set's single-row kernel bitwise (so grouping rows, and therefore
// the thread count, cannot change a result) and the double reference within
// float rounding; and the 512-bit set is chosen only on CPUs that run it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "lugh/ggml/ggml.h"
#include "quant/blocks.hpp"
#include "quant/dot.hpp"
#include "quant/quant_test_util.hpp"

namespace {

using quanttest::randn;

std::vector<float> dequantize(ggml_type t, const void* q, size_t n) {
    std::vector<float> y(n);
    ggml_get_type_traits(t)->to_float(q, y.data(), static_cast<int64_t>(n));
    return y;
}

// One activation row quantized to Q8_0 and prepared, with its dequantized values.
struct Prepared {
    std::vector<unsigned char> q8;
    std::vector<float> scale, values;
    std::vector<int32_t> offset;
    std::vector<lugh::quant::ActivationGroup> groups;
    lugh::quant::ActivationRow row() const { return {q8.data(), scale.data(), offset.data(), groups.data()}; }
};

Prepared prepare(int64_t k, unsigned seed) {
    Prepared p;
    const auto x = randn(static_cast<size_t>(k), seed);
    p.q8.resize(ggml_row_size(GGML_TYPE_Q8_0, k));
    ggml_quantize_chunk(GGML_TYPE_Q8_0, x.data(), p.q8.data(), 0, 1, k, nullptr);
    p.values = dequantize(GGML_TYPE_Q8_0, p.q8.data(), x.size());
    p.scale.resize(static_cast<size_t>(k / 32));
    p.offset.resize(static_cast<size_t>(k / 32));
    p.groups.resize(static_cast<size_t>(lugh::quant::activation_groups(k)));
    lugh::quant::prepare_activation(p.q8.data(), k, p.scale.data(), p.offset.data(), p.groups.data());
    return p;
}

}  // namespace

TEST(QuantDotRows, EachRowEqualsTheSingleRowKernelAndTheReference) {
    // Block counts 1, 2, 3, 5, 8, 15 and 129 reach every tail of the kernels.
    for (int64_t k : {32, 64, 96, 160, 256, 15 * 32, 4096 + 32}) {
        const Prepared x = prepare(k, 7 + static_cast<unsigned>(k));
        const size_t row = ggml_row_size(GGML_TYPE_Q4_0, k);
        for (int64_t nrows : {1, 3, 5, 7}) {
            // Rows one block apart more than their size: the kernel must use row_bytes.
            const size_t stride = row + sizeof(lugh::quant::BlockQ4_0);
            std::vector<unsigned char> w(stride * static_cast<size_t>(nrows), 0xAB);
            std::vector<std::vector<float>> wd;
            for (int64_t r = 0; r < nrows; ++r) {
                const auto v = randn(static_cast<size_t>(k), 100 + static_cast<unsigned>(r * 31 + k));
                ggml_quantize_chunk(GGML_TYPE_Q4_0, v.data(), w.data() + r * stride, 0, 1, k, nullptr);
                wd.push_back(dequantize(GGML_TYPE_Q4_0, w.data() + r * stride, v.size()));
            }
            for (const auto& s : lugh::quant::runnable_dot_kernels()) {
                std::vector<float> out(static_cast<size_t>(nrows) + 1, -7.0f);
                s.q4_0_act_rows(k, w.data(), stride, nrows, x.row(), out.data());
                EXPECT_EQ(out[static_cast<size_t>(nrows)], -7.0f) << s.name << ": wrote past nrows";
                for (int64_t r = 0; r < nrows; ++r) {
                    double ref = 0, mag = 0;
                    for (int64_t i = 0; i < k; ++i) {
                        ref += static_cast<double>(wd[r][i]) * x.values[i];
                        mag += std::fabs(static_cast<double>(wd[r][i]) * x.values[i]);
                    }
                    const float single = s.q4_0_act(k, w.data() + r * stride, x.row());
                    const float scalar = lugh::quant::scalar_dot_kernels().q4_0_act(k, w.data() + r * stride, x.row());
                    const std::string where = std::string(s.name) + " k=" + std::to_string(k) +
                                              " nrows=" + std::to_string(nrows) + " row=" + std::to_string(r);
                    uint32_t a, b;
                    std::memcpy(&a, &out[r], 4);
                    std::memcpy(&b, &single, 4);
                    EXPECT_EQ(a, b) << where << ": rows " << out[r] << " single " << single;
                    EXPECT_NEAR(out[r], ref, 1e-6 * mag + 1e-30) << where;
                    EXPECT_NEAR(out[r], scalar, 2e-6 * mag + 1e-30) << where;
                }
            }
        }
    }
}

TEST(QuantDotRows, ExtremeCodesAndActivationsAreExact) {
    // Codes 15 (and 0) against activations of -128 / 127: the integer sums
    // must not saturate in any set.
    constexpr int64_t k = 96;
    std::vector<lugh::quant::BlockQ4_0> w(3);
    std::vector<lugh::quant::BlockQ8_0> xq(3);
    for (int b = 0; b < 3; ++b) {
        w[b].d = ggml_fp32_to_fp16(1.0f);
        xq[b].d = ggml_fp32_to_fp16(1.0f);
        std::memset(w[b].qs, b == 1 ? 0x00 : 0xFF, sizeof w[b].qs);
        for (int j = 0; j < 32; ++j) xq[b].qs[j] = b == 2 ? 127 : -128;
    }
    std::vector<float> scale(3);
    std::vector<int32_t> offset(3);
    std::vector<lugh::quant::ActivationGroup> groups(static_cast<size_t>(lugh::quant::activation_groups(k)));
    lugh::quant::prepare_activation(xq.data(), k, scale.data(), offset.data(), groups.data());
    // Block 0: (15-8)*-128*32, block 1: (0-8)*-128*32, block 2: (15-8)*127*32.
    const float want = 7.0f * -128 * 32 + -8.0f * -128 * 32 + 7.0f * 127 * 32;
    for (const auto& s : lugh::quant::runnable_dot_kernels()) {
        float out = 0;
        s.q4_0_act_rows(k, w.data(), 0, 1, {xq.data(), scale.data(), offset.data(), groups.data()}, &out);
        EXPECT_EQ(out, want) << s.name;
    }
}

#if defined(__x86_64__)
TEST(QuantDotRows, The512BitSetIsChosenOnlyWithAvx512Vnni) {
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    const bool vnni = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni");
    const std::string chosen = lugh::quant::dot_kernels().name;
    EXPECT_EQ(chosen, vnni ? "avx512vnni" : avx2 ? "avx2" : "scalar");
    bool listed = false;
    for (const auto& s : lugh::quant::runnable_dot_kernels()) listed = listed || std::string(s.name) == "avx512vnni";
    EXPECT_EQ(listed, vnni);
    // The fallbacks stay runnable next to it.
    EXPECT_EQ(std::string(lugh::quant::runnable_dot_kernels().front().name), "scalar");
}
#endif
