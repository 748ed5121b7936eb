// The SIMD instruction sets the kernels were compiled for, which one runs, and
// (for tests and benchmarks) forcing a particular one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lugh::cpu::simd {

// Targets compiled into the library that this CPU can run, best first
// (Highway target bits, e.g. HWY_AVX3).
std::vector<int64_t> runnable_targets();

// Human-readable name of a target bit ("AVX3", "AVX2", "SSE4", "EMU128", ...).
std::string target_name(int64_t target);

// The target the kernels dispatch to right now.
int64_t current_target();

// Make every kernel dispatch to `target` (one of runnable_targets()) until
// reset_target(); not thread-safe, meant for tests and benchmarks.
void force_target(int64_t target);

// Go back to the best target the CPU supports.
void reset_target();

}  // namespace lugh::cpu::simd
