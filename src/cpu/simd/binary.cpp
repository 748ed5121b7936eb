// Element-wise binary F32 rows, compiled once per Highway target
// (foreach_target re-includes this file) and dispatched at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/binary.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "core/check.hpp"
#include "cpu/simd/binary.hpp"
#include "cpu/simd/tail-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One loop body per operation so the compiler sees a single IEEE op per lane.
template <class Op>
HWY_INLINE void rows(size_t n, float* HWY_RESTRICT dst, const float* a, const float* b, Op op) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    size_t i = 0;
    for (; i + 4 * N <= n; i += 4 * N) {
        const auto r0 = op(hn::LoadU(d, a + i), hn::LoadU(d, b + i));
        const auto r1 = op(hn::LoadU(d, a + i + N), hn::LoadU(d, b + i + N));
        const auto r2 = op(hn::LoadU(d, a + i + 2 * N), hn::LoadU(d, b + i + 2 * N));
        const auto r3 = op(hn::LoadU(d, a + i + 3 * N), hn::LoadU(d, b + i + 3 * N));
        hn::StoreU(r0, d, dst + i);
        hn::StoreU(r1, d, dst + i + N);
        hn::StoreU(r2, d, dst + i + 2 * N);
        hn::StoreU(r3, d, dst + i + 3 * N);
    }
    for (; i + N <= n; i += N) hn::StoreU(op(hn::LoadU(d, a + i), hn::LoadU(d, b + i)), d, dst + i);
    if (i < n) {
        const size_t rest = n - i;
        store_tail(op(load_tail(d, a + i, rest, 1.0f), load_tail(d, b + i, rest, 1.0f)), d, dst + i, rest);
    }
}

template <class Op>
HWY_INLINE void rows_scalar(size_t n, float* HWY_RESTRICT dst, const float* a, float b, Op op) {
    const hn::ScalableTag<float> d;
    const size_t N = hn::Lanes(d);
    const auto vb = hn::Set(d, b);
    size_t i = 0;
    for (; i + 2 * N <= n; i += 2 * N) {
        const auto r0 = op(hn::LoadU(d, a + i), vb);
        const auto r1 = op(hn::LoadU(d, a + i + N), vb);
        hn::StoreU(r0, d, dst + i);
        hn::StoreU(r1, d, dst + i + N);
    }
    for (; i + N <= n; i += N) hn::StoreU(op(hn::LoadU(d, a + i), vb), d, dst + i);
    if (i < n) store_tail(op(load_tail(d, a + i, n - i, 1.0f), vb), d, dst + i, n - i);
}

struct AddOp { template <class V> HWY_INLINE V operator()(V x, V y) const { return hn::Add(x, y); } };
struct SubOp { template <class V> HWY_INLINE V operator()(V x, V y) const { return hn::Sub(x, y); } };
struct MulOp { template <class V> HWY_INLINE V operator()(V x, V y) const { return hn::Mul(x, y); } };
struct DivOp { template <class V> HWY_INLINE V operator()(V x, V y) const { return hn::Div(x, y); } };

void binary_row_impl(BinaryOp op, size_t n, float* dst, const float* a, const float* b) {
    switch (op) {
        case BinaryOp::add: return rows(n, dst, a, b, AddOp());
        case BinaryOp::sub: return rows(n, dst, a, b, SubOp());
        case BinaryOp::mul: return rows(n, dst, a, b, MulOp());
        case BinaryOp::div: return rows(n, dst, a, b, DivOp());
    }
}

void binary_row_scalar_impl(BinaryOp op, size_t n, float* dst, const float* a, float b) {
    switch (op) {
        case BinaryOp::add: return rows_scalar(n, dst, a, b, AddOp());
        case BinaryOp::sub: return rows_scalar(n, dst, a, b, SubOp());
        case BinaryOp::mul: return rows_scalar(n, dst, a, b, MulOp());
        case BinaryOp::div: return rows_scalar(n, dst, a, b, DivOp());
    }
}

void scale_row_impl(size_t n, float* dst, const float* src, float s) { rows_scalar(n, dst, src, s, MulOp()); }

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {


void binary_row(BinaryOp op, size_t n, float* dst, const float* a, const float* b) {
    LUGH_SIMD_DISPATCH(binary_row_impl)(op, n, dst, a, b);
}

void binary_row_scalar(BinaryOp op, size_t n, float* dst, const float* a, float b) {
    LUGH_SIMD_DISPATCH(binary_row_scalar_impl)(op, n, dst, a, b);
}

void binary_row_repeat(BinaryOp op, size_t n, float* dst, const float* a, const float* b, size_t nb) {
    if (n == 0) return;
    if (nb == 0) core::fail("lugh: simd::binary_row_repeat: empty repeated row (nb = 0) for a row of %zu", n);
    if (nb == 1) return binary_row_scalar(op, n, dst, a, b[0]);
    // Whole copies of b go through the vector row kernel; the tail takes the rest.
    for (size_t i = 0; i < n; i += nb) {
        const size_t len = n - i < nb ? n - i : nb;
        binary_row(op, len, dst + i, a + i, b);
    }
}

void scale_row(size_t n, float* dst, const float* src, float s) { LUGH_SIMD_DISPATCH(scale_row_impl)(n, dst, src, s); }

}  // namespace lugh::cpu::simd
#endif
