// Helpers for op tests: seeded inputs, running a graph at 1 and 3 threads
// (with every node split, however small) and checking the two agree bit for
// bit, and comparing with a double-precision reference.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <lugh/lugh.hpp>

#include "cpu/kernels.hpp"

namespace optest {

// Every node split across the threads while alive (so small tests exercise the split paths).
class SplitEverything {
public:
    SplitEverything() : saved_(lugh::cpu::min_parallel_work()) { lugh::cpu::set_min_parallel_work(0); }
    ~SplitEverything() { lugh::cpu::set_min_parallel_work(saved_); }

private:
    size_t saved_;
};

inline std::vector<float> random_values(size_t n, uint32_t seed, float lo = -2.0f, float hi = 2.0f) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) x = dist(rng);
    return v;
}

// A new F32 tensor of `dims` filled with seeded random values in [lo, hi).
inline lugh::Tensor input(lugh::Context& ctx, std::vector<int64_t> dims, uint32_t seed, float lo = -2.0f,
                          float hi = 2.0f, lugh::Type type = lugh::Type::F32) {
    auto t = lugh::Tensor::create(ctx, type, dims);
    t.set_f32(random_values(static_cast<size_t>(t.nelements()), seed, lo, hi));
    return t;
}

// Build with `build(ctx)` (which makes inputs and returns the result) in a
// fresh context, compute at 1 and at 3 threads, expect bitwise equal results,
// and return them (as floats; I32 results are converted).
template <typename Build>
std::vector<float> run_threads(Build build, size_t mem = 256u << 20) {
    SplitEverything split;
    std::vector<float> first;
    for (int nt : {1, 3}) {
        lugh::Context ctx(mem);
        lugh::Tensor out = build(ctx);
        lugh::Graph g(ctx);
        g.build_forward(out);
        g.compute(ctx, nt);
        std::vector<float> v;
        if (out.type() == lugh::Type::I32) {
            for (int32_t x : out.get_i32()) v.push_back(static_cast<float>(x));
        } else {
            v = out.get_f32();
        }
        if (nt == 1) {
            first = v;
        } else {
            EXPECT_EQ(v.size(), first.size());
            EXPECT_EQ(0, std::memcmp(v.data(), first.data(), v.size() * sizeof(float)))
                << "results differ between 1 and 3 threads";
        }
    }
    return first;
}

// Index helpers for row-major data of shape ne (ne[0] fastest).
struct Shape {
    std::array<int64_t, 4> ne{1, 1, 1, 1};
    Shape(std::initializer_list<int64_t> d) {
        int i = 0;
        for (int64_t x : d) ne[i++] = x;
    }
    explicit Shape(const std::array<int64_t, 4>& n) : ne(n) {}
    int64_t n() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
    int64_t at(int64_t i0, int64_t i1, int64_t i2, int64_t i3) const {
        return ((i3 * ne[2] + i2) * ne[1] + i1) * ne[0] + i0;
    }
};

// Expect |got - want| <= tol * max(1, |want|) element-wise.
inline void expect_near(const std::vector<float>& got, const std::vector<double>& want, double tol) {
    ASSERT_EQ(got.size(), want.size());
    size_t bad = 0;
    for (size_t i = 0; i < got.size(); ++i) {
        const double w = want[i], g = got[i];
        const bool ok = (std::isinf(w) && g == w) || (std::isnan(w) && std::isnan(g)) ||
                        std::fabs(g - w) <= tol * std::fmax(1.0, std::fabs(w));
        if (!ok && ++bad <= 5) ADD_FAILURE() << "element " << i << ": got " << g << ", want " << w;
    }
    EXPECT_EQ(bad, 0u);
}

// v as a tensor of type t holds it: rounded through F16 or BF16, else unchanged.
inline std::vector<float> stored(const std::vector<float>& v, lugh::Type t) {
    std::vector<float> out;
    for (float x : v) {
        if (t == lugh::Type::F16) x = ggml_fp16_to_fp32(ggml_fp32_to_fp16(x));
        if (t == lugh::Type::BF16) x = ggml_bf16_to_fp32(ggml_fp32_to_bf16(x));
        out.push_back(x);
    }
    return out;
}

}  // namespace optest
