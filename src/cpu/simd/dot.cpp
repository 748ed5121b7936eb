// Dot products, compiled per Highway target and dispatched at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/dot.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "core/fp16.hpp"
#include "cpu/simd/convert-inl.h"
#include "cpu/simd/dot.hpp"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Four accumulators (FMA latency), combined pairwise, lanes added in double.
template <class LoadA>
HWY_INLINE float dot_impl(size_t n, LoadA load_a, const float* b) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    auto a0 = hn::Zero(d), a1 = a0, a2 = a0, a3 = a0;
    size_t i = 0;
    for (; i + 4 * N <= n; i += 4 * N) {
        a0 = hn::MulAdd(load_a(d, i), hn::LoadU(d, b + i), a0);
        a1 = hn::MulAdd(load_a(d, i + N), hn::LoadU(d, b + i + N), a1);
        a2 = hn::MulAdd(load_a(d, i + 2 * N), hn::LoadU(d, b + i + 2 * N), a2);
        a3 = hn::MulAdd(load_a(d, i + 3 * N), hn::LoadU(d, b + i + 3 * N), a3);
    }
    for (; i + N <= n; i += N) a0 = hn::MulAdd(load_a(d, i), hn::LoadU(d, b + i), a0);
    HWY_ALIGN float lanes[HWY_MAX_BYTES / sizeof(float)];
    hn::Store(hn::Add(hn::Add(a0, a1), hn::Add(a2, a3)), d, lanes);
    double s = 0.0;
    for (size_t j = 0; j < N; ++j) s += lanes[j];
    return static_cast<float>(s);
}

float dot_f32_impl(size_t n, const float* a, const float* b) {
    const hn::ScalableTag<float> d;
    const size_t body = n - n % hn::Lanes(d);
    float s = dot_impl(body, [a](auto dd, size_t i) { return hn::LoadU(dd, a + i); }, b);
    double tail = 0.0;
    for (size_t i = body; i < n; ++i) tail += static_cast<double>(a[i]) * b[i];
    return static_cast<float>(static_cast<double>(s) + tail);
}

float dot_f16_f32_impl(size_t n, const uint16_t* a, const float* b) {
    const hn::ScalableTag<float> d;
    const size_t body = n - n % hn::Lanes(d);
    float s = dot_impl(body, [a](auto dd, size_t i) { return load_f16(dd, a + i); }, b);
    double tail = 0.0;
    for (size_t i = body; i < n; ++i) tail += static_cast<double>(core::fp16_to_fp32(a[i])) * b[i];
    return static_cast<float>(static_cast<double>(s) + tail);
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {


float dot_f32(size_t n, const float* a, const float* b) { return LUGH_SIMD_DISPATCH(dot_f32_impl)(n, a, b); }
float dot_f16_f32(size_t n, const uint16_t* a, const float* b) { return LUGH_SIMD_DISPATCH(dot_f16_f32_impl)(n, a, b); }

}  // namespace lugh::cpu::simd
#endif
