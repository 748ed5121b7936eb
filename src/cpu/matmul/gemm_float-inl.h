// What the two float GEMMs (gemm_float.cpp, gemm_float_narrow.cpp) share,
// per target (Highway's re-include idiom, see cpu/simd/tail-inl.h): the
// vector type, the per-thread pack buffers, how a row of either operand
// becomes floats, and the result of an empty sum.
#if defined(LUGH_MATMUL_GEMM_FLOAT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef LUGH_MATMUL_GEMM_FLOAT_INL_H_
#undef LUGH_MATMUL_GEMM_FLOAT_INL_H_
#else
#define LUGH_MATMUL_GEMM_FLOAT_INL_H_
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <hwy/highway.h>

#include "cpu/simd/convert-inl.h"
#include "cpu/simd/pack_buffer.hpp"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::matmul {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
using simd::PackBuffers;
using simd::thread_pack_buffers;

using DF = hn::ScalableTag<float>;

// n elements of a row of a (F32 or F16) or of b (F32) as floats: an F32 row
// where it is, or rounded through binary16 into scratch when `round` (b for
// F16 weights at mul_mat's default precision); an F16 row widened into
// scratch. scratch has room for n floats when it is written.
template <typename T>
HWY_INLINE const float* row_as_floats(const T* row, size_t n, bool round, float* scratch) {
    if constexpr (std::is_same_v<T, float>) {
        if (!round) return row;
        simd::HWY_NAMESPACE::round_through_f16_row(DF(), row, n, scratch);
    } else {
        simd::HWY_NAMESPACE::widen_f16_row(DF(), row, n, scratch);
    }
    return scratch;
}

// K = 0: the result columns [m0, m1) of rows [n0, n1) are empty sums.
HWY_INLINE void zero_result(float* dst, size_t ldd, size_t n0, size_t n1, size_t m0, size_t m1) {
    for (size_t n = n0; n < n1; ++n) std::fill(dst + n * ldd + m0, dst + n * ldd + m1, 0.0f);
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::matmul
HWY_AFTER_NAMESPACE();

#endif  // the re-include guard
