// Softmax rows, compiled per Highway target and dispatched at run time.
// Three passes over a row that stays in L1/L2: the max of w; exp(w - max) and
// its sum; the scaling by 1/sum.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/softmax.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
#include <hwy/cache_control.h>

#include <algorithm>

#include "cpu/simd/softmax.hpp"
#include "cpu/simd/reduce-inl.h"
#include "cpu/simd/tail-inl.h"
#include "cpu/simd/vmath-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// w = src*scale + slope*mask for the vector at i (mask may be null).
template <class D, class V>
HWY_INLINE V weights(D d, const float* src, const float* mask, size_t i, V vscale, V vslope) {
    const V w = hn::Mul(hn::LoadU(d, src + i), vscale);
    return mask ? hn::MulAdd(vslope, hn::LoadU(d, mask + i), w) : w;
}

// w - max, as one FMA when there is no mask (src*scale + (-max)).
template <class D, class V>
HWY_INLINE V shifted_weights(D d, const float* src, const float* mask, size_t i, V vscale, V vslope, V vm,
                             V neg_max) {
    if (!mask) return hn::MulAdd(hn::LoadU(d, src + i), vscale, neg_max);
    return hn::Sub(weights(d, src, mask, i, vscale, vslope), vm);
}

void softmax_row_impl(size_t n, float* dst, const float* src, float scale, const float* mask, float slope) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    const auto vscale = hn::Set(d, scale);
    const auto vslope = hn::Set(d, slope);
    const float ninf = -HUGE_VALF;
    auto scalar_w = [&](size_t i) { return mask ? slope * mask[i] + src[i] * scale : src[i] * scale; };

    // Pass 1: the maximum of w (src is read again in pass 2, from cache;
    // computing w twice costs less than storing it).
    auto vmax = hn::Set(d, ninf);
    size_t i = 0;
    for (; i + N <= n; i += N) vmax = hn::Max(vmax, weights(d, src, mask, i, vscale, vslope));
    float max = hn::GetLane(hn::MaxOfLanes(d, vmax));
    for (; i < n; ++i) max = scalar_w(i) > max ? scalar_w(i) : max;
    if (max == ninf) {  // everything masked: no probability to share out
        for (size_t j = 0; j < n; ++j) dst[j] = 0.0f;
        return;
    }

    // Pass 2: exponentials and their sum: float lanes within chunks of 1024
    // elements, chunks added in double, so long rows keep their precision.
    const auto vm = hn::Set(d, max);
    const auto neg_max = hn::Set(d, -max);
    double sum = 0.0;
    for (i = 0; i + N <= n;) {
        const size_t chunk_end = std::min(n - n % N, i + 1024);
        auto s0 = hn::Zero(d), s1 = hn::Zero(d);
        for (; i + 2 * N <= chunk_end; i += 2 * N) {
            // While exp keeps the core busy, pull in what follows the row:
            // usually the next row of the same tensor, which pass 1 of the
            // next call then finds in cache (a prefetch never faults).
            hwy::Prefetch(src + n + i);
            hwy::Prefetch(src + n + i + N);
            const auto e0 = vexp_nonpositive(d, shifted_weights(d, src, mask, i, vscale, vslope, vm, neg_max));
            const auto e1 = vexp_nonpositive(d, shifted_weights(d, src, mask, i + N, vscale, vslope, vm, neg_max));
            hn::StoreU(e0, d, dst + i);
            hn::StoreU(e1, d, dst + i + N);
            s0 = hn::Add(s0, e0);
            s1 = hn::Add(s1, e1);
        }
        for (; i + N <= chunk_end; i += N) {
            const auto e0 = vexp_nonpositive(d, shifted_weights(d, src, mask, i, vscale, vslope, vm, neg_max));
            hn::StoreU(e0, d, dst + i);
            s0 = hn::Add(s0, e0);
        }
        sum += lanes_sum_f32(d, hn::Add(s0, s1));
    }
    if (i < n) {
        const size_t rest = n - i;
        HWY_ALIGN float w[HWY_MAX_BYTES / sizeof(float)];
        for (size_t j = 0; j < N; ++j) w[j] = j < rest ? scalar_w(i + j) - max : ninf;
        const auto e = vexp_nonpositive(d, hn::Max(hn::Load(d, w), hn::Set(d, -1e30f)));
        store_tail(e, d, dst + i, rest);
        for (size_t j = 0; j < rest; ++j) sum += dst[i + j];
    }

    // Pass 3: normalise.
    const float inv = static_cast<float>(1.0 / sum);
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
