// RMS and mean/variance normalisation of rows, compiled per Highway target and
// dispatched at run time. Statistics accumulate in double (reduce-inl.h); the
// final scaling is one multiply per element.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/norm.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "cpu/simd/norm.hpp"
#include "cpu/simd/reduce-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// dst[i] = (src[i] - shift) * mul.
HWY_INLINE void shift_scale(size_t n, float* dst, const float* src, float shift, float mul) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    const auto vs = hn::Set(d, shift), vm = hn::Set(d, mul);
    size_t i = 0;
    for (; i + N <= n; i += N) hn::StoreU(hn::Mul(hn::Sub(hn::LoadU(d, src + i), vs), vm), d, dst + i);
    for (; i < n; ++i) dst[i] = (src[i] - shift) * mul;
}

void rms_norm_row_impl(size_t n, float* dst, const float* src, float eps) {
    if (n == 0) return;
    const float mean = static_cast<float>(sum_f64<true>(n, src, 0.0f) / static_cast<double>(n));
    shift_scale(n, dst, src, 0.0f, 1.0f / std::sqrt(mean + eps));
}

void norm_row_impl(size_t n, float* dst, const float* src, float eps) {
    if (n == 0) return;
    const float mean = static_cast<float>(sum_f64<false>(n, src, 0.0f) / static_cast<double>(n));
    const float variance = static_cast<float>(sum_f64<true>(n, src, mean) / static_cast<double>(n));
    shift_scale(n, dst, src, mean, 1.0f / std::sqrt(variance + eps));
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {


void rms_norm_row(size_t n, float* dst, const float* src, float eps) { LUGH_SIMD_DISPATCH(rms_norm_row_impl)(n, dst, src, eps); }
void norm_row(size_t n, float* dst, const float* src, float eps) { LUGH_SIMD_DISPATCH(norm_row_impl)(n, dst, src, eps); }

}  // namespace lugh::cpu::simd
#endif
