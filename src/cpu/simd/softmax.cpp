// Softmax rows, compiled per Highway target and dispatched at run time.
// Three passes over a row that stays in L1/L2: w and its max; exp(w - max);
// the double-precision sum and the final scaling.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/softmax.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "cpu/simd/softmax.hpp"
#include "cpu/simd/reduce-inl.h"
#include "cpu/simd/tail-inl.h"
#include "cpu/simd/vmath-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void softmax_row_impl(size_t n, float* dst, const float* src, float scale, const float* mask, float slope) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    const auto vscale = hn::Set(d, scale);
    const auto vslope = hn::Set(d, slope);
    const float ninf = -HUGE_VALF;

    // Pass 1: w = src*scale + slope*mask into dst, tracking the maximum.
    auto vmax = hn::Set(d, ninf);
    size_t i = 0;
    for (; i + N <= n; i += N) {
        auto w = hn::Mul(hn::LoadU(d, src + i), vscale);
        if (mask) w = hn::MulAdd(vslope, hn::LoadU(d, mask + i), w);
        vmax = hn::Max(vmax, w);
        hn::StoreU(w, d, dst + i);
    }
    float max = hn::GetLane(hn::MaxOfLanes(d, vmax));
    for (; i < n; ++i) {
        float w = src[i] * scale;
        if (mask) w = slope * mask[i] + w;
        dst[i] = w;
        max = w > max ? w : max;
    }
    if (max == ninf) {  // everything masked: no probability to share out
        for (size_t j = 0; j < n; ++j) dst[j] = 0.0f;
        return;
    }

    // Pass 2: exponentials.
    const auto vm = hn::Set(d, max);
    for (i = 0; i + N <= n; i += N) hn::StoreU(vexp(d, hn::Sub(hn::LoadU(d, dst + i), vm)), d, dst + i);
    if (i < n) store_tail(vexp(d, hn::Sub(load_tail(d, dst + i, n - i, max), vm)), d, dst + i, n - i);

    // Pass 3: normalise by the double-precision sum.
    const float inv = static_cast<float>(1.0 / sum_f64<false>(n, dst, 0.0f));
    const auto vinv = hn::Set(d, inv);
    for (i = 0; i + N <= n; i += N) hn::StoreU(hn::Mul(hn::LoadU(d, dst + i), vinv), d, dst + i);
    for (; i < n; ++i) dst[i] *= inv;
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {


void softmax_row(size_t n, float* dst, const float* src, float scale, const float* mask, float slope) {
    LUGH_SIMD_DISPATCH(softmax_row_impl)(n, dst, src, scale, mask, slope);
}

}  // namespace lugh::cpu::simd
#endif
