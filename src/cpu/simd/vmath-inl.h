// Vectorised transcendental functions shared by the kernels, built on
// Highway's contrib/math (documented accuracy, float32):
//   exp  our own (below): within 2 ulp of the correctly rounded result for
//        results >= 2^-126; results that would be subnormal (x < -87.33)
//        are flushed to 0; x > 88.72 gives +inf; NaN stays NaN;
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

// e^x for x in [-87.33, 88.72] (results that are normal floats): x = n ln2 + r
// with |r| <= ln2/2, e^r by its Taylor polynomial of degree 7 (truncation
// error < 6e-9 relative), 2^n added straight into the exponent bits. About
// half the instructions of Highway's Exp, which matters for softmax.
// n is found with the 1.5 * 2^23 trick: adding it leaves round(x / ln2) in
// the low mantissa bits, so one FMA rounds and the same bits shifted left by
// 23 are n in the exponent field (two's complement wraps correctly).
template <class D, class V>
HWY_INLINE V vexp_normal_range(D d, V x) {
    const hn::RebindToSigned<D> di;
    const V magic = hn::Set(d, 12582912.0f);  // 1.5 * 2^23
    const V shifted = hn::MulAdd(x, hn::Set(d, 1.44269504088896341f), magic);
    const V n = hn::Sub(shifted, magic);
    // r = x - n ln2 with ln2 split in two so n*ln2_hi is exact.
    V r = hn::NegMulAdd(n, hn::Set(d, 0.693359375f), x);
    r = hn::NegMulAdd(n, hn::Set(d, -2.12194440e-4f), r);
    V p = hn::Set(d, 1.0f / 5040);
    p = hn::MulAdd(p, r, hn::Set(d, 1.0f / 720));
    p = hn::MulAdd(p, r, hn::Set(d, 1.0f / 120));
    p = hn::MulAdd(p, r, hn::Set(d, 1.0f / 24));
    p = hn::MulAdd(p, r, hn::Set(d, 1.0f / 6));
    p = hn::MulAdd(p, r, hn::Set(d, 0.5f));
    p = hn::MulAdd(p, r, hn::Set(d, 1.0f));
    p = hn::MulAdd(p, r, hn::Set(d, 1.0f));
    const auto scale = hn::ShiftLeft<23>(hn::BitCast(di, shifted));  // n in the exponent field
    return hn::BitCast(d, hn::Add(hn::BitCast(di, p), scale));
}

template <class D, class V>
HWY_INLINE V vexp(D d, V x) {
    const V lo = hn::Set(d, -87.33654f), hi = hn::Set(d, 88.72283f);
    V r = vexp_normal_range(d, hn::Min(hn::Max(x, lo), hi));
    r = hn::IfThenZeroElse(hn::Lt(x, lo), r);
    r = hn::IfThenElse(hn::Gt(x, hi), hn::Set(d, HUGE_VALF), r);
    return hn::IfThenElse(hn::IsNaN(x), x, r);
}

// e^x for x <= 0 that is not NaN (softmax's shifted inputs): fewer checks.
template <class D, class V>
HWY_INLINE V vexp_nonpositive(D d, V x) {
    const V lo = hn::Set(d, -87.33654f);
    return hn::IfThenZeroElse(hn::Lt(x, lo), vexp_normal_range(d, hn::Max(x, lo)));
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
