// Vectorised transcendental functions shared by the kernels, built on
// Highway's contrib/math (documented accuracy, float32):
//   exp  <= 1 ulp (Highway Exp), plus the edges it leaves open: x > 88.72
//        gives +inf, -inf gives 0, NaN stays NaN;
//   log  <= 4 ulp (Highway Log) on normal positive inputs; log(0) = -inf,
//        log(x < 0) = NaN, log(+inf) = +inf;
//   tanh <= 4 ulp (Highway Tanh);
//   sigmoid(x) = 1 / (1 + exp(-x)), silu(x) = x * sigmoid(x): a few ulp;
//   gelu(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), the tanh
//        approximation upstream uses; error dominated by tanh's 4 ulp.
// Included per target (Highway's re-include idiom, see tail-inl.h).
#if defined(LUGH_SIMD_VMATH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef LUGH_SIMD_VMATH_INL_H_
#undef LUGH_SIMD_VMATH_INL_H_
#else
#define LUGH_SIMD_VMATH_INL_H_
#endif

#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D, class V>
HWY_INLINE V vexp(D d, V x) {
    // Highway's Exp is valid on [-FLT_MAX, 104]: clamp into it (89 already
    // overflows to +inf, -FLT_MAX underflows to 0), then put NaNs back.
    const V clamped = hn::Min(hn::Max(x, hn::Set(d, -3.4028234e38f)), hn::Set(d, 89.0f));
    return hn::IfThenElse(hn::IsNaN(x), x, hn::Exp(d, clamped));
}

template <class D, class V>
HWY_INLINE V vlog(D d, V x) {
    const V inf = hn::Set(d, HUGE_VALF);
    const V zero = hn::Zero(d);
    const V positive = hn::Max(x, hn::Set(d, 1.17549435e-38f));  // keep Log in its range
    V r = hn::Log(d, hn::Min(positive, hn::Set(d, 3.4028234e38f)));
    r = hn::IfThenElse(hn::Eq(x, zero), hn::Neg(inf), r);
    r = hn::IfThenElse(hn::Eq(x, inf), inf, r);
    // x < 0 and NaN: not (x >= 0) gives NaN; 0/0 makes one without constants.
    return hn::IfThenElse(hn::Not(hn::Ge(x, zero)), hn::Div(zero, zero), r);
}

template <class D, class V>
HWY_INLINE V vtanh(D d, V x) {
    return hn::Tanh(d, x);
}

template <class D, class V>
HWY_INLINE V vsigmoid(D d, V x) {
    const V one = hn::Set(d, 1.0f);
    return hn::Div(one, hn::Add(one, vexp(d, hn::Neg(x))));
}

template <class D, class V>
HWY_INLINE V vsilu(D d, V x) {
    return hn::Mul(x, vsigmoid(d, x));
}

template <class D, class V>
HWY_INLINE V vgelu(D d, V x) {
    const V half = hn::Set(d, 0.5f);
    const V k0 = hn::Set(d, 0.7978845608028654f);  // sqrt(2 / pi)
    const V k1 = hn::Set(d, 0.044715f);
    const V inner = hn::Mul(k0, hn::MulAdd(hn::Mul(k1, x), hn::Mul(x, x), x));  // k0 (x + k1 x^3)
    return hn::Mul(hn::Mul(half, x), hn::Add(hn::Set(d, 1.0f), vtanh(d, inner)));
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#endif
