// Which Highway targets Lugh compiles its SIMD kernels for. Included by every
// src/cpu/simd/*.cpp before Highway itself.
//
// Each kernel file is compiled once per target, so the list is kept short:
//   x86:     AVX3 (AVX-512F/BW/DQ/VL: Skylake-X, Ice Lake, Zen 4), AVX2 (+FMA,
//            F16C: Haswell, Zen 1-3), SSE4 (any x86-64-v2), EMU128 (any CPU).
//   aarch64: NEON and EMU128. SVE targets are left out: their vectors are
//            sizeless types, which the GEMM micro-kernel's accumulator arrays
//            cannot hold.
// SSSE3 and AVX3_DL/ZEN4 add compile time without making float kernels faster.
#pragma once

#ifndef HWY_DISABLED_TARGETS
#define HWY_DISABLED_TARGETS (HWY_SSSE3 | HWY_AVX3_DL | HWY_SVE | HWY_SVE2 | HWY_SVE_256 | HWY_SVE2_128)
#endif
