// The micro-kernels of the quantized GEMM: one tile of 32 rows of a (one
// weight panel) by up to nr rows of b (one activation panel), over the
// whole K axis, in registers. Per group and per (row of a, row of b) the
// integer dot of the codes starts from the zero-point offset (or zero) and
// is then scaled: acc += float(idot) * (s * dx) [+ beta * dx * sum(x)].
// Sets per level (targets.hpp's kernel_level): scalar (the reference),
// avx2 (AVX-VNNI's vpdpbusd on 256 bits when the CPU has it, else
// maddubs), avx512 (AVX512-VNNI vpdpbusd on 512 bits; without VNNI the
// avx2 set).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cpu/matmul/quant_panels.hpp"

namespace lugh::cpu::matmul {

// w: a weight panel, x: an activation panel of nr rows, `groups` groups of
// each. Writes dst[j * ldd + m] for j < n_valid and m < m_valid (<= 32).
using QuantTileFn = void (*)(const uint8_t* w, const uint8_t* x, int64_t groups, float* dst, size_t ldd, int m_valid,
                             int n_valid);

struct QuantGemmKernels {
    const char* name;
    int nr;   // rows of b per activation panel
    // [group == 16][has_min][codes < 128]: maddubs-based tiles need codes
    // below 128 to be safe from its int16 saturation; the others ignore it.
    QuantTileFn tile[2][2][2];
    QuantTileFn pick(const QuantScheme& q) const {
        return tile[q.group == 16 ? 1 : 0][q.has_min ? 1 : 0][q.small_codes ? 1 : 0];
    }
    // One tile for both code ranges of a (group, has_min).
    template <int G, bool MIN>
    void set(QuantTileFn fn) { tile[G == 16][MIN][0] = tile[G == 16][MIN][1] = fn; }
};

// The set for the kernel level allowed now (follows force_target).
const QuantGemmKernels& quant_gemm_kernels();
// Every set this CPU runs, scalar first; both avx2 forms when the CPU has
// AVX-VNNI (tests and benchmarks).
std::vector<QuantGemmKernels> runnable_quant_gemm_kernels();

// The sets by level; the x86 ones exist only in x86 builds.
QuantGemmKernels scalar_quant_gemm_kernels();
#if defined(__x86_64__)
QuantGemmKernels avx2_quant_gemm_kernels(bool vnni);   // gemm_quant_avx2.cpp; vnni needs AVX-VNNI
QuantGemmKernels avx512_quant_gemm_kernels();         // gemm_quant_avx512.cpp (needs AVX512-VNNI)
#endif

}  // namespace lugh::cpu::matmul
