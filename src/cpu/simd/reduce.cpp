// Row reductions, compiled per Highway target and dispatched at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/reduce.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "cpu/simd/reduce.hpp"
#include "cpu/simd/reduce-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {

double sum_row_impl(size_t n, const float* x) { return sum_f64<false>(n, x, 0.0f); }
double sum_squares_row_impl(size_t n, const float* x) { return sum_f64<true>(n, x, 0.0f); }
float max_row_impl(size_t n, const float* x) { return max_f32(n, x); }

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {


double sum_row(size_t n, const float* x) { return LUGH_SIMD_DISPATCH(sum_row_impl)(n, x); }
double sum_squares_row(size_t n, const float* x) { return LUGH_SIMD_DISPATCH(sum_squares_row_impl)(n, x); }
float max_row(size_t n, const float* x) { return LUGH_SIMD_DISPATCH(max_row_impl)(n, x); }

}  // namespace lugh::cpu::simd
#endif
