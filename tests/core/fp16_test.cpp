// fp16 and bf16 conversions against references computed in double precision.
//
// The references do not share code or method with the library: they decode
// by arithmetic (ldexp) and encode by searching the sorted table of every
// representable value for the nearest one, breaking ties to the even bit
// pattern (IEEE round to nearest even).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "lugh/ggml/ggml.h"

namespace {

float from_bits(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}
uint32_t to_bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

// ---- binary16 reference -------------------------------------------------------

double half_value(uint16_t h) {
    const int sign = (h & 0x8000) ? -1 : 1;
    const int e = (h >> 10) & 0x1f;
    const int m = h & 0x3ff;
    if (e == 0x1f) return m ? std::numeric_limits<double>::quiet_NaN() : sign * std::numeric_limits<double>::infinity();
    if (e == 0) return sign * std::ldexp(static_cast<double>(m), -24);
    return sign * std::ldexp(static_cast<double>(1024 + m), e - 25);
}

// Nearest binary16 to x (finite or inf), ties to even; NaN handled by caller.
uint16_t half_nearest(double x) {
    // Magnitudes of 0x0000..0x7bff ascend; 0x7c00 stands for 2^16, the next
    // step past the largest finite value, which is where rounding to inf begins.
    static const std::vector<double> table = [] {
        std::vector<double> v(0x7c01);
        for (uint32_t h = 0; h < 0x7c00; ++h) v[h] = half_value(static_cast<uint16_t>(h));
        v[0x7c00] = 65536.0;
        return v;
    }();
    const uint16_t sign = std::signbit(x) ? 0x8000 : 0;
    const double a = std::fabs(x);
    if (a >= 65536.0) return sign | 0x7c00;
    const auto hi = static_cast<uint16_t>(std::lower_bound(table.begin(), table.end(), a) - table.begin());
    if (table[hi] == a || hi == 0) return sign | hi;
    const uint16_t lo = hi - 1;
    const double dlo = a - table[lo], dhi = table[hi] - a;
    if (dlo < dhi) return sign | lo;
    if (dhi < dlo) return sign | hi;
    return sign | ((lo & 1) ? hi : lo);
}

void expect_half(float f) {
    const uint16_t got = ggml_fp32_to_fp16(f);
    if (std::isnan(f)) {
        EXPECT_TRUE(std::isnan(ggml_fp16_to_fp32(got))) << std::hexfloat << f;
        return;
    }
    ASSERT_EQ(got, half_nearest(f)) << std::hexfloat << f << " bits " << std::hex << to_bits(f);
}

TEST(Fp16, DecodeEveryHalfExactly) {
    for (uint32_t h = 0; h <= 0xffff; ++h) {
        const float got = ggml_fp16_to_fp32(static_cast<ggml_fp16_t>(h));
        const double want = half_value(static_cast<uint16_t>(h));
        if (std::isnan(want)) {
            ASSERT_TRUE(std::isnan(got)) << std::hex << h;
        } else {
            ASSERT_EQ(static_cast<double>(got), want) << std::hex << h;
            ASSERT_EQ(std::signbit(got), (h & 0x8000) != 0) << std::hex << h;   // -0 stays -0
        }
    }
}

TEST(Fp16, EveryHalfRoundTrips) {
    for (uint32_t h = 0; h <= 0xffff; ++h) {
        const float f = ggml_fp16_to_fp32(static_cast<ggml_fp16_t>(h));
        if (std::isnan(f)) continue;
        ASSERT_EQ(ggml_fp32_to_fp16(f), h) << std::hex << h;
    }
}

TEST(Fp16, EncodeSampledFloats) {
    // Every 251st bit pattern covers all exponents and many mantissas.
    for (uint64_t u = 0; u <= 0xffffffffu; u += 251) expect_half(from_bits(static_cast<uint32_t>(u)));
    std::mt19937 rng(12345);
    std::uniform_real_distribution<float> small(-70000.0f, 70000.0f);
    for (int i = 0; i < 200000; ++i) expect_half(small(rng));
}

TEST(Fp16, EncodeTiesRoundToEven) {
    for (uint32_t h = 0; h < 0x7bff; ++h) {
        // The float exactly halfway between half h and half h+1.
        const double mid = (half_value(static_cast<uint16_t>(h)) + half_value(static_cast<uint16_t>(h + 1))) / 2;
        const float f = static_cast<float>(mid);
        ASSERT_EQ(static_cast<double>(f), mid);   // representable in float
        const uint16_t even = (h & 1) ? h + 1 : h;
        ASSERT_EQ(ggml_fp32_to_fp16(f), even) << std::hex << h;
        ASSERT_EQ(ggml_fp32_to_fp16(-f), 0x8000 | even) << std::hex << h;
        // Just above and below the tie go to the nearer neighbour.
        ASSERT_EQ(ggml_fp32_to_fp16(std::nextafter(f, 1e30f)), h + 1) << std::hex << h;
        ASSERT_EQ(ggml_fp32_to_fp16(std::nextafter(f, 0.0f)), h) << std::hex << h;
    }
}

TEST(Fp16, SpecialValues) {
    const float inf = std::numeric_limits<float>::infinity();
    EXPECT_EQ(ggml_fp32_to_fp16(0.0f), 0x0000);
    EXPECT_EQ(ggml_fp32_to_fp16(-0.0f), 0x8000);
    EXPECT_EQ(ggml_fp32_to_fp16(1.0f), 0x3c00);
    EXPECT_EQ(ggml_fp32_to_fp16(-2.0f), 0xc000);
    EXPECT_EQ(ggml_fp32_to_fp16(65504.0f), 0x7bff);          // largest finite
    EXPECT_EQ(ggml_fp32_to_fp16(65519.996f), 0x7bff);        // just below the tie
    EXPECT_EQ(ggml_fp32_to_fp16(65520.0f), 0x7c00);          // the tie goes to inf (even)
    EXPECT_EQ(ggml_fp32_to_fp16(1e10f), 0x7c00);
    EXPECT_EQ(ggml_fp32_to_fp16(inf), 0x7c00);
    EXPECT_EQ(ggml_fp32_to_fp16(-inf), 0xfc00);
    EXPECT_EQ(ggml_fp32_to_fp16(std::ldexp(1.0f, -14)), 0x0400);   // smallest normal
    EXPECT_EQ(ggml_fp32_to_fp16(std::ldexp(1.0f, -24)), 0x0001);   // smallest subnormal
    EXPECT_EQ(ggml_fp32_to_fp16(std::ldexp(1.0f, -25)), 0x0000);   // tie with 0: even
    EXPECT_EQ(ggml_fp32_to_fp16(std::ldexp(3.0f, -25)), 0x0002);   // tie 1|2: even
    EXPECT_EQ(ggml_fp32_to_fp16(std::ldexp(1.0f, -26)), 0x0000);
    EXPECT_EQ(ggml_fp32_to_fp16(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001);
    EXPECT_EQ(ggml_fp32_to_fp16(std::numeric_limits<float>::denorm_min()), 0x0000);
    EXPECT_EQ(ggml_fp32_to_fp16(-std::numeric_limits<float>::denorm_min()), 0x8000);
    const uint16_t nan = ggml_fp32_to_fp16(std::numeric_limits<float>::quiet_NaN());
    EXPECT_EQ(nan & 0x7c00, 0x7c00);
    EXPECT_NE(nan & 0x03ff, 0);
    EXPECT_TRUE(std::isnan(ggml_fp16_to_fp32(ggml_fp32_to_fp16(-std::numeric_limits<float>::quiet_NaN()))));
    EXPECT_TRUE(std::isnan(ggml_fp16_to_fp32(ggml_fp32_to_fp16(from_bits(0x7f800001u)))));   // signalling NaN
    EXPECT_TRUE(std::isinf(ggml_fp16_to_fp32(0x7c00)));
}

// ---- bfloat16 reference -------------------------------------------------------

// Nearest bfloat16 to the finite float f by comparing distances in double;
// a value past the largest finite bf16 by half a step or more becomes inf.
uint16_t bf16_nearest(float f) {
    const uint32_t u = to_bits(f);
    const uint32_t sign = u & 0x80000000u;
    const double a = std::fabs(static_cast<double>(f));
    const uint32_t lo_bits = (u & 0x7fffffffu) & 0xffff0000u;
    const double lo = std::fabs(static_cast<double>(from_bits(lo_bits)));
    const uint32_t hi_bits = lo_bits + 0x10000u;
    // hi may be the inf pattern; its "value" for rounding is one step past the max.
    // The spacing of bf16 values: 7 mantissa bits below the leading one, or
    // for subnormals (and zero) the fixed step 2^-126 * 2^-7.
    const double step = lo < std::ldexp(1.0, -126) ? std::ldexp(1.0, -133) : std::ldexp(1.0, std::ilogb(lo) - 7);
    const double hi = lo + step;
    if (a == lo) return static_cast<uint16_t>((sign | lo_bits) >> 16);
    const double dlo = a - lo, dhi = hi - a;
    uint32_t pick;
    if (dlo < dhi) pick = lo_bits;
    else if (dhi < dlo) pick = hi_bits;
    else pick = ((lo_bits >> 16) & 1) ? hi_bits : lo_bits;
    return static_cast<uint16_t>((sign | pick) >> 16);
}

void expect_bf16(float f) {
    const ggml_bf16_t got = ggml_fp32_to_bf16(f);
    if (std::isnan(f)) {
        EXPECT_TRUE(std::isnan(ggml_bf16_to_fp32(got))) << std::hex << to_bits(f);
        return;
    }
    if (std::isinf(f)) {
        EXPECT_EQ(got.bits, to_bits(f) >> 16);
        return;
    }
    ASSERT_EQ(got.bits, bf16_nearest(f)) << std::hexfloat << f << " bits " << std::hex << to_bits(f);
}

TEST(Bf16, DecodeIsTheTopHalfOfAFloat) {
    for (uint32_t b = 0; b <= 0xffff; ++b) {
        const float got = ggml_bf16_to_fp32(ggml_bf16_t{static_cast<uint16_t>(b)});
        ASSERT_EQ(to_bits(got), b << 16) << std::hex << b;
    }
}

TEST(Bf16, EncodeSampledFloats) {
    for (uint64_t u = 0; u <= 0xffffffffu; u += 251) expect_bf16(from_bits(static_cast<uint32_t>(u)));
}

TEST(Bf16, TiesSubnormalsAndSpecials) {
    // Ties: low 16 bits exactly 0x8000 round to the even upper half.
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x3f808000u)).bits, 0x3f80);   // 0x3f80 even: down
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x3f818000u)).bits, 0x3f82);   // 0x3f81 odd: up
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x3f808001u)).bits, 0x3f81);   // above the tie
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x3f807fffu)).bits, 0x3f80);   // below the tie
    // Subnormal floats stay subnormal bf16 (no flush to zero).
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x00010000u)).bits, 0x0001);
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x00008000u)).bits, 0x0000);   // tie with 0: even
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x00018000u)).bits, 0x0002);   // tie 1|2: even
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x80018000u)).bits, 0x8002);
    // Overflow: the largest float rounds up to inf; -0 keeps its sign.
    EXPECT_EQ(ggml_fp32_to_bf16(std::numeric_limits<float>::max()).bits, 0x7f80);
    EXPECT_EQ(ggml_fp32_to_bf16(from_bits(0x7f7f7fffu)).bits, 0x7f7f);
    EXPECT_EQ(ggml_fp32_to_bf16(-0.0f).bits, 0x8000);
    EXPECT_EQ(ggml_fp32_to_bf16(std::numeric_limits<float>::infinity()).bits, 0x7f80);
    EXPECT_EQ(ggml_fp32_to_bf16(-std::numeric_limits<float>::infinity()).bits, 0xff80);
    // NaN stays NaN, even one whose payload lives only in the low 16 bits.
    for (uint32_t nan : {0x7fc00000u, 0x7f800001u, 0xff800001u, 0x7fffffffu}) {
        const ggml_bf16_t b = ggml_fp32_to_bf16(from_bits(nan));
        EXPECT_TRUE(std::isnan(ggml_bf16_to_fp32(b))) << std::hex << nan;
        EXPECT_EQ(b.bits & 0x8000, (nan >> 16) & 0x8000);
    }
}

// ---- row converters -----------------------------------------------------------

std::vector<float> test_values(size_t n) {
    std::mt19937 rng(static_cast<unsigned>(n));
    std::uniform_real_distribution<float> dist(-1000.0f, 1000.0f);
    std::vector<float> v(n);
    const float specials[] = {0.0f, -0.0f, std::numeric_limits<float>::infinity(), 1e-7f, 65520.0f,
                              std::numeric_limits<float>::quiet_NaN()};
    for (size_t i = 0; i < n; ++i) v[i] = (i % 11 == 5) ? specials[(i / 11) % 6] : dist(rng);
    return v;
}

bool same_float(float a, float b) { return (std::isnan(a) && std::isnan(b)) || to_bits(a) == to_bits(b); }

TEST(Fp16Rows, MatchTheScalarConversions) {
    for (size_t n : {0, 1, 7, 33, 4097}) {
        const std::vector<float> x = test_values(n);
        std::vector<ggml_fp16_t> h(n + 1, 0xabcd);
        ggml_fp32_to_fp16_row(x.data(), h.data(), static_cast<int64_t>(n));
        for (size_t i = 0; i < n; ++i) ASSERT_EQ(h[i], ggml_fp32_to_fp16(x[i])) << i;
        EXPECT_EQ(h[n], 0xabcd);   // nothing past n written
        std::vector<float> back(n + 1, 7.0f);
        ggml_fp16_to_fp32_row(h.data(), back.data(), static_cast<int64_t>(n));
        for (size_t i = 0; i < n; ++i) ASSERT_TRUE(same_float(back[i], ggml_fp16_to_fp32(h[i]))) << i;
        EXPECT_EQ(back[n], 7.0f);
    }
}

TEST(Bf16Rows, MatchTheScalarConversions) {
    for (size_t n : {0, 1, 7, 33, 4097}) {
        const std::vector<float> x = test_values(n);
        std::vector<ggml_bf16_t> b(n + 1, ggml_bf16_t{0xabcd});
        std::vector<ggml_bf16_t> ref(n + 1, ggml_bf16_t{0xabcd});
        ggml_fp32_to_bf16_row(x.data(), b.data(), static_cast<int64_t>(n));
        ggml_fp32_to_bf16_row_ref(x.data(), ref.data(), static_cast<int64_t>(n));
        for (size_t i = 0; i < n; ++i) {
            ASSERT_EQ(b[i].bits, ggml_fp32_to_bf16(x[i]).bits) << i;
            ASSERT_EQ(ref[i].bits, b[i].bits) << i;
        }
        EXPECT_EQ(b[n].bits, 0xabcd);
        EXPECT_EQ(ref[n].bits, 0xabcd);
        std::vector<float> back(n + 1, 7.0f);
        ggml_bf16_to_fp32_row(b.data(), back.data(), static_cast<int64_t>(n));
        for (size_t i = 0; i < n; ++i) ASSERT_TRUE(same_float(back[i], ggml_bf16_to_fp32(b[i]))) << i;
        EXPECT_EQ(back[n], 7.0f);
    }
}

}  // namespace
