// Row conversions F32 <-> F16/BF16, compiled per Highway target. Tails (fewer
// than a vector) use the scalar conversions of core/fp16.hpp, which the vector
// ones match bit for bit (the tests check it).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/convert.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "core/fp16.hpp"
#include "cpu/simd/convert.hpp"
#include "cpu/simd/convert-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void f32_to_f16_row_impl(size_t n, uint16_t* dst, const float* src) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    size_t i = 0;
    for (; i + N <= n; i += N) store_f16(d, hn::LoadU(d, src + i), dst + i);
    for (; i < n; ++i) dst[i] = core::fp32_to_fp16(src[i]);
}

void f16_to_f32_row_impl(size_t n, float* dst, const uint16_t* src) {
    widen_f16_row(hn::ScalableTag<float>(), src, n, dst);
}

void f32_to_bf16_row_impl(size_t n, uint16_t* dst, const float* src) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    size_t i = 0;
    for (; i + N <= n; i += N) store_bf16(d, hn::LoadU(d, src + i), dst + i);
    for (; i < n; ++i) dst[i] = core::fp32_to_bf16(src[i]);
}

void bf16_to_f32_row_impl(size_t n, float* dst, const uint16_t* src) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    size_t i = 0;
    for (; i + N <= n; i += N) hn::StoreU(load_bf16(d, src + i), d, dst + i);
    for (; i < n; ++i) dst[i] = core::bf16_to_fp32(src[i]);
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {


void f32_to_f16_row(size_t n, uint16_t* dst, const float* src) { LUGH_SIMD_DISPATCH(f32_to_f16_row_impl)(n, dst, src); }
void f16_to_f32_row(size_t n, float* dst, const uint16_t* src) { LUGH_SIMD_DISPATCH(f16_to_f32_row_impl)(n, dst, src); }
void f32_to_bf16_row(size_t n, uint16_t* dst, const float* src) { LUGH_SIMD_DISPATCH(f32_to_bf16_row_impl)(n, dst, src); }
void bf16_to_f32_row(size_t n, float* dst, const uint16_t* src) { LUGH_SIMD_DISPATCH(bf16_to_f32_row_impl)(n, dst, src); }

}  // namespace lugh::cpu::simd
#endif
