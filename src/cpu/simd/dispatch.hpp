// Choosing a kernel's per-target version at run time. Include at the end of a
// kernel file, in its `#if HWY_ONCE` part, after foreach_target compiled the
// kernels into namespaces N_AVX3, N_AVX2, N_SSE4, N_SCALAR, ... (HWY_TARGETS
// says which). Inside the namespace that holds them:
//
//   LUGH_SIMD_DISPATCH(add_row_impl)(n, dst, a, b);
//
// calls the best compiled version the CPU (or a forced target) allows.
#pragma once

#include <cstdint>

#include "cpu/simd/targets.hpp"

namespace lugh::cpu::simd {

template <class Fn>
struct TargetEntry {
    int64_t target;
    Fn fn;
};

// The first (best) entry the allowed targets include; the table ends with a
// scalar entry, which is always allowed.
template <class Fn, size_t Count>
inline Fn pick(const TargetEntry<Fn> (&table)[Count]) {
    const int64_t allowed = allowed_targets();
    for (size_t i = 0; i + 1 < Count; ++i)
        if (table[i].target & allowed) return table[i].fn;
    return table[Count - 1].fn;
}

}  // namespace lugh::cpu::simd

// One table entry per compiled target, best first (Highway's bit order).
#if HWY_TARGETS & HWY_AVX3
#define LUGH_SIMD_ENTRY_AVX3(fn) {HWY_AVX3, &N_AVX3::fn},
#else
#define LUGH_SIMD_ENTRY_AVX3(fn)
#endif
#if HWY_TARGETS & HWY_AVX2
#define LUGH_SIMD_ENTRY_AVX2(fn) {HWY_AVX2, &N_AVX2::fn},
#else
#define LUGH_SIMD_ENTRY_AVX2(fn)
#endif
#if HWY_TARGETS & HWY_SSE4
#define LUGH_SIMD_ENTRY_SSE4(fn) {HWY_SSE4, &N_SSE4::fn},
#else
#define LUGH_SIMD_ENTRY_SSE4(fn)
#endif
#if HWY_TARGETS & HWY_NEON
#define LUGH_SIMD_ENTRY_NEON(fn) {HWY_NEON, &N_NEON::fn},
#else
#define LUGH_SIMD_ENTRY_NEON(fn)
#endif
#if HWY_TARGETS & HWY_EMU128
#define LUGH_SIMD_ENTRY_FALLBACK(fn) {HWY_EMU128, &N_EMU128::fn},
#else
#define LUGH_SIMD_ENTRY_FALLBACK(fn) {HWY_SCALAR, &N_SCALAR::fn},
#endif

#define LUGH_SIMD_DISPATCH(fn)                                                                          \
    ([]() {                                                                                             \
        static const ::lugh::cpu::simd::TargetEntry<decltype(&N_SCALAR_OR_EMU128::fn)> table[] = {      \
            LUGH_SIMD_ENTRY_AVX3(fn) LUGH_SIMD_ENTRY_AVX2(fn) LUGH_SIMD_ENTRY_SSE4(fn)                  \
                LUGH_SIMD_ENTRY_NEON(fn) LUGH_SIMD_ENTRY_FALLBACK(fn)};                                 \
        return ::lugh::cpu::simd::pick(table);                                                          \
    }())

#if HWY_TARGETS & HWY_EMU128
#define N_SCALAR_OR_EMU128 N_EMU128
#else
#define N_SCALAR_OR_EMU128 N_SCALAR
#endif
