// The SIMD instruction sets the kernels were compiled for (Highway targets),
// which one this CPU runs, and forcing one (tests and benchmarks).
//
// Lugh does its own run-time selection rather than Highway's
// HWY_DYNAMIC_DISPATCH, which needs libhwy's target detection at link time:
// Debian ships no static libhwy, and liblugh.a must link statically. So the
// kernels only use Highway's headers; see dispatch.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lugh::cpu::simd {

// Targets compiled into the library that this CPU can run, best first
// (Highway target bits, e.g. HWY_AVX3).
std::vector<int64_t> runnable_targets();

// Human-readable name of a target bit ("AVX3", "AVX2", "SSE4", "SCALAR", ...).
std::string target_name(int64_t target);

// The target the kernels dispatch to right now.
int64_t current_target();

// Make every kernel dispatch to `target` (one of runnable_targets(), else
// lugh::Error) until reset_target(); not thread-safe, for tests and benchmarks.
void force_target(int64_t target);

// Go back to the best target the CPU supports.
void reset_target();

// The hand-written x86 kernels (integer dot products, quantized GEMM) come
// in sets per level. The level follows the targets allowed now, so the
// CPU's best target picks both kinds of kernel and force_target moves both:
//   avx512  Highway AVX3 allowed: AVX-512 F/BW/DQ/VL (sets add VNNI when
//           cpu_features() has it)
//   avx2    Highway AVX2 allowed: AVX2, FMA, F16C (sets add AVX-VNNI when present)
//   scalar  anything else (SSE4, the scalar fallback, other architectures)
enum class KernelLevel { scalar = 0, avx2 = 1, avx512 = 2 };
KernelLevel kernel_level();

// Bit mask of the targets kernels may use now: the CPU's supported targets,
// or only the forced one. Read on every dispatch, so it is one relaxed load.
int64_t allowed_targets();

}  // namespace lugh::cpu::simd
