// Loading and storing the last partial vector of a row without touching memory
// past its end (Highway 1.0 has no LoadN/StoreN, and its SSE4 MaskedLoad reads
// the whole vector). Included per target by the kernel files; the guard below
// is Highway's idiom for headers that foreach_target re-includes.
#if defined(LUGH_SIMD_TAIL_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef LUGH_SIMD_TAIL_INL_H_
#undef LUGH_SIMD_TAIL_INL_H_
#else
#define LUGH_SIMD_TAIL_INL_H_
#endif

#include <cstring>

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// The first `count` (< Lanes) elements of p, the other lanes set to `fill`.
template <class D, typename T = hn::TFromD<D>>
HWY_INLINE hn::VFromD<D> load_tail(D d, const T* p, size_t count, T fill) {
    HWY_ALIGN T buf[HWY_MAX_BYTES / sizeof(T)];
    for (size_t i = 0; i < hn::Lanes(d); ++i) buf[i] = fill;
    std::memcpy(buf, p, count * sizeof(T));
    return hn::Load(d, buf);
}

// Store the first `count` (< Lanes) lanes of v to p.
template <class D, typename T = hn::TFromD<D>>
HWY_INLINE void store_tail(hn::VFromD<D> v, D d, T* p, size_t count) {
    HWY_ALIGN T buf[HWY_MAX_BYTES / sizeof(T)];
    hn::Store(v, d, buf);
    std::memcpy(p, buf, count * sizeof(T));
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#endif
