// ggml_get_type_traits_cpu and ggml_cpu_init (lugh-ggml-cpu-traits.h): each
// type's vec_dot, fed from_float's output of its vec_dot_type, matches a
// double-precision dot of the dequantized rows; ggml_quantize_init is a
// harmless no-op; bad type numbers are refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

#include "core/test_support.hpp"
#include "lugh/ggml/ggml-cpu.h"

using lugh_test::c_error_of;
using testing::HasSubstr;

namespace {

std::vector<float> wave(int n, float phase) {
    std::vector<float> v(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = std::sin(0.37f * i + phase) * (1.0f + 0.01f * i);
    return v;
}

// x quantized to its type, y to the vec_dot_type: vec_dot against the
// reference dot of what the two rows hold.
void check_dot(ggml_type type, int n) {
    const ggml_type_traits_cpu* tx = ggml_get_type_traits_cpu(type);
    ASSERT_NE(tx->vec_dot, nullptr) << ggml_type_name(type);
    ASSERT_EQ(tx->nrows, 1);
    const ggml_type_traits_cpu* ty = ggml_get_type_traits_cpu(tx->vec_dot_type);
    ASSERT_NE(tx->from_float, nullptr);
    ASSERT_NE(ty->from_float, nullptr);
    const std::vector<float> xf = wave(n, 0.1f), yf = wave(n, 1.3f);
    std::vector<uint8_t> xq(ggml_row_size(type, n)), yq(ggml_row_size(tx->vec_dot_type, n));
    tx->from_float(xf.data(), xq.data(), n);
    ty->from_float(yf.data(), yq.data(), n);
    std::vector<float> xd(static_cast<size_t>(n)), yd(static_cast<size_t>(n));
    ggml_get_type_traits(type)->to_float(xq.data(), xd.data(), n);
    ggml_get_type_traits(tx->vec_dot_type)->to_float(yq.data(), yd.data(), n);
    double want = 0, scale = 0;
    for (int i = 0; i < n; ++i) {
        want += static_cast<double>(xd[i]) * yd[i];
        scale += std::fabs(static_cast<double>(xd[i]) * yd[i]);
    }
    float got = NAN;
    tx->vec_dot(n, &got, 0, xq.data(), 0, yq.data(), 0, 1);
    EXPECT_NEAR(got, want, 1e-5 * scale + 1e-6) << ggml_type_name(type) << " n=" << n;
}

TEST(CpuTraits, VecDotMatchesTheReferenceForEveryType) {
    ggml_cpu_init();
    for (ggml_type t : {GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16})
        for (int n : {1, 7, 64, 333}) check_dot(t, n);
    for (ggml_type t : {GGML_TYPE_Q8_0, GGML_TYPE_Q4_0, GGML_TYPE_Q4_1, GGML_TYPE_Q5_0, GGML_TYPE_Q5_1, GGML_TYPE_IQ4_NL})
        for (int n : {32, 96, 288}) check_dot(t, n);
    for (ggml_type t : {GGML_TYPE_Q2_K, GGML_TYPE_Q3_K, GGML_TYPE_Q4_K, GGML_TYPE_Q5_K, GGML_TYPE_Q6_K, GGML_TYPE_IQ4_XS})
        for (int n : {256, 768}) check_dot(t, n);
}

TEST(CpuTraits, VecDotTypesAreUpstreamsWhereLughHasThem) {
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_F32)->vec_dot_type, GGML_TYPE_F32);
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_F16)->vec_dot_type, GGML_TYPE_F16);
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_BF16)->vec_dot_type, GGML_TYPE_BF16);
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_Q4_0)->vec_dot_type, GGML_TYPE_Q8_0);
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_IQ4_NL)->vec_dot_type, GGML_TYPE_Q8_0);
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_Q4_K)->vec_dot_type, GGML_TYPE_Q8_K);
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_IQ4_XS)->vec_dot_type, GGML_TYPE_Q8_K);
    // Integer types and reserved numbers have nothing; Q8_K converts but has no dot.
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_I32)->vec_dot, nullptr);
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_I32)->from_float, nullptr);
    EXPECT_EQ(ggml_get_type_traits_cpu(static_cast<ggml_type>(4))->nrows, 0);
    EXPECT_NE(ggml_get_type_traits_cpu(GGML_TYPE_Q8_K)->from_float, nullptr);
    EXPECT_EQ(ggml_get_type_traits_cpu(GGML_TYPE_Q8_K)->vec_dot, nullptr);
}

TEST(CpuTraits, FromFloatIsTheReferenceQuantizer) {
    const std::vector<float> x = wave(256, 0.7f);
    for (ggml_type t : {GGML_TYPE_Q4_0, GGML_TYPE_Q8_0, GGML_TYPE_Q4_K, GGML_TYPE_F16}) {
        std::vector<uint8_t> a(ggml_row_size(t, 256)), b(a.size());
        ggml_get_type_traits_cpu(t)->from_float(x.data(), a.data(), 256);
        ggml_quantize_chunk(t, x.data(), b.data(), 0, 1, 256, nullptr);
        EXPECT_EQ(a, b) << ggml_type_name(t);
    }
}

TEST(CpuTraits, MisuseIsRefused) {
    EXPECT_THAT(c_error_of([] { ggml_get_type_traits_cpu(static_cast<ggml_type>(GGML_TYPE_COUNT)); }),
                HasSubstr("ggml_get_type_traits_cpu: type 39 is not a type number (0..38)"));
    EXPECT_THAT(c_error_of([] { ggml_get_type_traits_cpu(static_cast<ggml_type>(-1)); }), HasSubstr("type -1"));
    const ggml_type_traits_cpu* t = ggml_get_type_traits_cpu(GGML_TYPE_F32);
    float x[2] = {1, 2}, s = 0;
    EXPECT_THAT(c_error_of([&] { t->vec_dot(2, &s, 0, x, 0, x, 0, 2); }), HasSubstr("nrc is 2"));
}

TEST(CpuTraits, InitFromManyThreadsAndQuantizeInitAreHarmless) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([] {
        ggml_cpu_init();
        ggml_quantize_init(GGML_TYPE_Q4_K);
    });
    for (auto& t : threads) t.join();
    ggml_quantize_free();
    check_dot(GGML_TYPE_Q4_0, 64);   // still works
}

}  // namespace
