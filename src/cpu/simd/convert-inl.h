// Vector conversions between F32 and F16/BF16 lanes, per target (Highway's
// re-include idiom, see tail-inl.h). Used by convert.cpp, dot.cpp and the
// float GEMMs (src/cpu/matmul/gemm_float*.cpp).
#if defined(LUGH_SIMD_CONVERT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef LUGH_SIMD_CONVERT_INL_H_
#undef LUGH_SIMD_CONVERT_INL_H_
#else
#define LUGH_SIMD_CONVERT_INL_H_
#endif

#include <cstdint>

#include <hwy/highway.h>

#include "core/fp16.hpp"

// Targets without half-precision conversion instructions (F16C on x86 comes
// with AVX2 and AVX-512; NEON has them) convert one lane at a time.
#undef LUGH_SIMD_NO_F16_INSTRUCTIONS
#define LUGH_SIMD_NO_F16_INSTRUCTIONS \
    (HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3 || HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128)

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Lanes(df) binary16 values at p, widened to float (vcvtph2ps with F16C).
template <class DF>
HWY_INLINE hn::VFromD<DF> load_f16(DF df, const uint16_t* p) {
#if LUGH_SIMD_NO_F16_INSTRUCTIONS
    // Highway's emulation mishandles inf; the scalar conversion is exact.
    HWY_ALIGN float buf[HWY_MAX_BYTES / sizeof(float)];
    for (size_t i = 0; i < hn::Lanes(df); ++i) buf[i] = core::fp16_to_fp32(p[i]);
    return hn::Load(df, buf);
#else
    const hn::Rebind<hwy::float16_t, DF> dh;
    return hn::PromoteTo(df, hn::LoadU(dh, reinterpret_cast<const hwy::float16_t*>(p)));
#endif
}

// Narrow v to binary16 (nearest even) and store Lanes(df) values at p.
template <class DF>
HWY_INLINE void store_f16(DF df, hn::VFromD<DF> v, uint16_t* p) {
#if LUGH_SIMD_NO_F16_INSTRUCTIONS
    // Highway's emulation truncates: round with the scalar conversion.
    HWY_ALIGN float buf[HWY_MAX_BYTES / sizeof(float)];
    hn::Store(v, df, buf);
    for (size_t i = 0; i < hn::Lanes(df); ++i) p[i] = core::fp32_to_fp16(buf[i]);
#else
    const hn::Rebind<hwy::float16_t, DF> dh;
    hn::StoreU(hn::DemoteTo(dh, v), dh, reinterpret_cast<hwy::float16_t*>(p));
#endif
}

// n binary16 values at src widened into out (the tail by the scalar
// conversion, which the vector one matches bit for bit).
template <class DF>
HWY_INLINE void widen_f16_row(DF df, const uint16_t* src, size_t n, float* out) {
    const size_t N = hn::Lanes(df);
    size_t i = 0;
    for (; i + N <= n; i += N) hn::StoreU(load_f16(df, src + i), df, out + i);
    for (; i < n; ++i) out[i] = core::fp16_to_fp32(src[i]);
}

// n floats at src rounded to binary16 and back into out: b as mul_mat
// multiplies it for F16 weights at the default precision.
template <class DF>
HWY_INLINE void round_through_f16_row(DF df, const float* src, size_t n, float* out) {
    const size_t N = hn::Lanes(df);
    HWY_ALIGN uint16_t half[HWY_MAX_BYTES / sizeof(float)];
    size_t i = 0;
    for (; i + N <= n; i += N) {
        store_f16(df, hn::LoadU(df, src + i), half);
        hn::StoreU(load_f16(df, half), df, out + i);
    }
    for (; i < n; ++i) out[i] = core::fp16_to_fp32(core::fp32_to_fp16(src[i]));
}

// Lanes(df) bfloat16 values at p, widened to float (a 16-bit shift).
template <class DF>
HWY_INLINE hn::VFromD<DF> load_bf16(DF df, const uint16_t* p) {
    const hn::RebindToUnsigned<DF> du;
    const hn::Rebind<uint16_t, DF> du16;
    return hn::BitCast(df, hn::ShiftLeft<16>(hn::PromoteTo(du, hn::LoadU(du16, p))));
}

// Round v to bfloat16 (nearest even, NaN kept quiet) and store Lanes(df) values.
template <class DF>
HWY_INLINE void store_bf16(DF /*df*/, hn::VFromD<DF> v, uint16_t* p) {
    const hn::RebindToUnsigned<DF> du;
    const hn::RebindToSigned<DF> di;
    const hn::Rebind<uint16_t, DF> du16;
    const auto bits = hn::BitCast(du, v);
    const auto odd = hn::And(hn::ShiftRight<16>(bits), hn::Set(du, 1u));
    auto hi = hn::ShiftRight<16>(hn::Add(bits, hn::Add(hn::Set(du, 0x7fffu), odd)));
    const auto quiet_nan = hn::Or(hn::ShiftRight<16>(bits), hn::Set(du, 0x40u));
    hi = hn::IfThenElse(hn::RebindMask(du, hn::IsNaN(v)), quiet_nan, hi);
    // Every value is <= 0xffff, so the saturating narrowing is exact.
    hn::StoreU(hn::DemoteTo(du16, hn::BitCast(di, hi)), du16, p);
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#endif
