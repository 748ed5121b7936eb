// What this CPU can run, detected once: the one place Lugh asks the CPU
// (cpuid, and xgetbv for what the OS saves on a context switch). Every
// kernel is chosen from it: the Highway ones (targets.hpp maps these
// features to Highway targets) and the hand-written x86 ones (integer dot
// products, the quantized GEMM), whose sets follow the same target choice
// through kernel_level() in targets.hpp, so forcing a target moves every
// kernel at once. The C API's ggml_cpu_has_* answer from it too.
#pragma once

namespace lugh::cpu::simd {

struct CpuFeatures {
    // Single extensions, each usable only when the OS saves its registers.
    bool sse3 = false, ssse3 = false, sse41 = false, sse42 = false, popcnt = false;
    bool avx = false, avx2 = false, fma = false, f16c = false, bmi1 = false, bmi2 = false;
    bool avx512f = false, avx512dq = false, avx512bw = false, avx512vl = false, avx512vbmi = false;
    bool avx512_vnni = false;   // vpdpbusd on EVEX vectors
    bool avx512_bf16 = false;
    bool avx_vnni = false;      // vpdpbusd VEX-coded (256-bit), e.g. Alder Lake, Sapphire Rapids
    bool amx_int8 = false;      // reported; the kernels do not use AMX
    // The levels the kernels are compiled for.
    bool sse4 = false;     // SSSE3, SSE4.1, SSE4.2, POPCNT (Highway SSE4)
    bool avx2_fma = false; // AVX2, FMA, F16C, BMI1, BMI2 (Highway AVX2)
    bool avx512 = false;   // AVX-512 F, VL, DQ, BW on top of that (Highway AVX3)
    // The core executes 512-bit operations as two 256-bit halves (AMD Zen 4):
    // kernels that gain nothing from 512-bit vectors there use 256-bit ones.
    bool splits_512 = false;
    bool amd = false, intel = false;
    unsigned family = 0, model = 0;
};

// Detected on first use (thread-safe); never changes afterwards.
const CpuFeatures& cpu_features();

}  // namespace lugh::cpu::simd
