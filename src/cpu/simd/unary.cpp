// Element-wise unary F32 rows, compiled per Highway target and dispatched at
// run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/unary.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "cpu/simd/unary.hpp"
#include "cpu/simd/tail-inl.h"
#include "cpu/simd/vmath-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class F>
HWY_INLINE void map_row(size_t n, float* dst, const float* src, F f) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    size_t i = 0;
    for (; i + 2 * N <= n; i += 2 * N) {
        const auto r0 = f(d, hn::LoadU(d, src + i));
        const auto r1 = f(d, hn::LoadU(d, src + i + N));
        hn::StoreU(r0, d, dst + i);
        hn::StoreU(r1, d, dst + i + N);
    }
    for (; i + N <= n; i += N) hn::StoreU(f(d, hn::LoadU(d, src + i)), d, dst + i);
    if (i < n) store_tail(f(d, load_tail(d, src + i, n - i, 0.0f)), d, dst + i, n - i);
}

void unary_row_impl(UnaryOp op, size_t n, float* dst, const float* src) {
    switch (op) {
        case UnaryOp::neg: return map_row(n, dst, src, [](auto, auto x) { return hn::Neg(x); });
        case UnaryOp::abs: return map_row(n, dst, src, [](auto, auto x) { return hn::Abs(x); });
        case UnaryOp::sqr: return map_row(n, dst, src, [](auto, auto x) { return hn::Mul(x, x); });
        case UnaryOp::sqrt: return map_row(n, dst, src, [](auto, auto x) { return hn::Sqrt(x); });
        case UnaryOp::exp: return map_row(n, dst, src, [](auto d, auto x) { return vexp(d, x); });
        case UnaryOp::log: return map_row(n, dst, src, [](auto d, auto x) { return vlog(d, x); });
        // relu: (x > 0) ? x : 0, as upstream (NaN -> 0).
        case UnaryOp::relu: return map_row(n, dst, src, [](auto d, auto x) { return hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), x); });
        case UnaryOp::gelu: return map_row(n, dst, src, [](auto d, auto x) { return vgelu(d, x); });
        case UnaryOp::silu: return map_row(n, dst, src, [](auto d, auto x) { return vsilu(d, x); });
        case UnaryOp::tanh: return map_row(n, dst, src, [](auto d, auto x) { return vtanh(d, x); });
        case UnaryOp::sigmoid: return map_row(n, dst, src, [](auto d, auto x) { return vsigmoid(d, x); });
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {


void unary_row(UnaryOp op, size_t n, float* dst, const float* src) { LUGH_SIMD_DISPATCH(unary_row_impl)(op, n, dst, src); }

}  // namespace lugh::cpu::simd
#endif
