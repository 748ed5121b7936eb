// What this CPU can run, detected once: the one place Lugh asks the CPU.
// Both kinds of kernels are chosen from it: the Highway ones (targets.hpp
// maps these features to Highway targets) and the hand-written x86 ones
// (integer dot products, the quantized GEMM), whose sets follow the same
// target choice through kernel_level() in targets.hpp, so forcing a target
// moves every kernel at once.
#pragma once

namespace lugh::cpu::simd {

struct CpuFeatures {
    bool sse4 = false;          // SSSE3, SSE4.1, SSE4.2, POPCNT (Highway SSE4)
    bool avx = false;
    bool avx2 = false;          // AVX2, FMA, F16C, BMI, BMI2 (Highway AVX2)
    bool avx512 = false;        // AVX-512 F, VL, DQ, BW (Highway AVX3)
    bool avx512_vnni = false;   // vpdpbusd on 512/256/128-bit EVEX vectors
    bool avx512_bf16 = false;
    bool avx_vnni = false;      // vpdpbusd VEX-coded (256-bit), e.g. Alder Lake, Sapphire Rapids
    bool amx_int8 = false;
    // The core executes 512-bit operations as two 256-bit halves (AMD Zen 4):
    // kernels that gain nothing from 512-bit vectors there use 256-bit ones.
    bool splits_512 = false;
    // Vendor and family from cpuid, for the record (docs and benchmarks).
    bool amd = false, intel = false;
    unsigned family = 0, model = 0;
};

// Detected on first use (thread-safe); never changes afterwards.
const CpuFeatures& cpu_features();

}  // namespace lugh::cpu::simd
