// Row reductions shared per target by reduce.cpp, softmax.cpp and norm.cpp.
// Sums accumulate in double (like upstream's ggml_float) in a fixed order: four
// vector accumulators over consecutive chunks, then lanes left to right, then
// the tail — so a result depends on n and the target only, never on threads.
#if defined(LUGH_SIMD_REDUCE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef LUGH_SIMD_REDUCE_INL_H_
#undef LUGH_SIMD_REDUCE_INL_H_
#else
#define LUGH_SIMD_REDUCE_INL_H_
#endif

#include <cmath>

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Sum of lanes, lane 0 first.
template <class D>
HWY_INLINE double lanes_in_order(D d, hn::VFromD<D> v) {
    HWY_ALIGN double buf[HWY_MAX_BYTES / sizeof(double)];
    hn::Store(v, d, buf);
    double s = 0.0;
    for (size_t i = 0; i < hn::Lanes(d); ++i) s += buf[i];
    return s;
}

// Sum of float lanes in double, lane 0 first.
template <class D>
HWY_INLINE double lanes_sum_f32(D d, hn::VFromD<D> v) {
    HWY_ALIGN float buf[HWY_MAX_BYTES / sizeof(float)];
    hn::Store(v, d, buf);
    double s = 0.0;
    for (size_t i = 0; i < hn::Lanes(d); ++i) s += buf[i];
    return s;
}

// sum over i < n of f(x[i] - shift) in double, f = identity or square.
template <bool kSquare>
HWY_INLINE double sum_f64(size_t n, const float* x, float shift) {
    const hn::ScalableTag<double> dd;
    const hn::Rebind<float, decltype(dd)> df;  // as many floats as doubles
    const size_t N = hn::Lanes(dd);
    const auto vshift = hn::PromoteTo(dd, hn::Set(df, shift));
    auto a0 = hn::Zero(dd), a1 = hn::Zero(dd), a2 = hn::Zero(dd), a3 = hn::Zero(dd);
    auto term = [&](size_t i) { return hn::Sub(hn::PromoteTo(dd, hn::LoadU(df, x + i)), vshift); };
    auto acc = [&](decltype(a0)& a, size_t i) {
        const auto t = term(i);
        a = kSquare ? hn::MulAdd(t, t, a) : hn::Add(a, t);
    };
    size_t i = 0;
    for (; i + 4 * N <= n; i += 4 * N) {
        acc(a0, i);
        acc(a1, i + N);
        acc(a2, i + 2 * N);
        acc(a3, i + 3 * N);
    }
    for (; i + N <= n; i += N) acc(a0, i);
    double s = lanes_in_order(dd, hn::Add(hn::Add(a0, a1), hn::Add(a2, a3)));
    for (; i < n; ++i) {
        const double t = static_cast<double>(x[i]) - static_cast<double>(shift);
        s += kSquare ? t * t : t;
    }
    return s;
}

// Largest element (-inf for n == 0); NaNs are not ordered and may be skipped.
HWY_INLINE float max_f32(size_t n, const float* x) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    auto m0 = hn::Set(d, -HUGE_VALF), m1 = m0;
    size_t i = 0;
    for (; i + 2 * N <= n; i += 2 * N) {
        m0 = hn::Max(m0, hn::LoadU(d, x + i));
        m1 = hn::Max(m1, hn::LoadU(d, x + i + N));
    }
    for (; i + N <= n; i += N) m0 = hn::Max(m0, hn::LoadU(d, x + i));
    HWY_ALIGN float buf[HWY_MAX_BYTES / sizeof(float)];
    hn::Store(hn::Max(m0, m1), d, buf);
    float m = -HUGE_VALF;
    for (size_t j = 0; j < N; ++j) m = buf[j] > m ? buf[j] : m;
    for (; i < n; ++i) m = x[i] > m ? x[i] : m;
    return m;
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#endif
