// Row dot products: one weight row against one row of b, the inner loop of
// mul_mat when b has few rows (matrix-vector products, where the speed is
// that of streaming the weights once).
//
// Quantized weights meet b converted once per row (activation.hpp): each
// block costs an exact integer dot and one float multiply-add by the
// scales. Float weights meet b as floats, or, for F16 weights at the
// default precision, b rounded to F16.
//
// Kernels come in sets per level (targets.hpp's kernel_level): scalar (the
// reference, any CPU), avx2 (AVX2 + FMA + F16C, maddubs for the integer
// dots) and avx512 (512-bit float rows; AVX512-VNNI integer dots when the
// CPU has them, else the avx2 ones). The x86 sets use per-function target
// attributes, so one build runs on any x86-64.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cpu/matmul/activation.hpp"
#include "lugh/ggml/ggml.h"

namespace lugh::cpu::matmul {

// sum over k elements (a multiple of the block) of weight * activation: w is
// one row of the weight type, x one row of b converted to act_format(type).
using RowDotFn = float (*)(int64_t k, const void* w, const void* x);
// sum over k elements of weight * x for a row of F32, F16 or BF16 weights and F32 x.
using FloatDotFn = float (*)(int64_t k, const void* w, const float* x);
// The same for F16 weights and x already rounded to F16 (products and sums in F32).
using HalfDotFn = float (*)(int64_t k, const void* w, const uint16_t* x);

struct DotKernels {
    // "scalar", "avx2", "avx512", "avx512vnni" (full-width 512-bit units) or
    // "avx512vnni-256" (the same CPUs' kernels kept to 256-bit vectors where
    // 512-bit operations run as two halves: Zen 4)
    const char* name;
    // By weight type (x in act_format(type)); a set without its own kernel
    // for a type carries the one of the level below.
    RowDotFn quant[GGML_TYPE_COUNT];
    FloatDotFn f32, f16, bf16;
    HalfDotFn f16_f16;
};

// The quantized types that have row dots (every block weight type); the
// form of b each reads is act_format(type) (activation.hpp).
bool has_row_dot(ggml_type type);
// The set's kernel for quantized weights of `type` (has_row_dot(type)).
RowDotFn row_dot(const DotKernels& set, ggml_type type);

// The set for the kernel level allowed now (follows force_target).
const DotKernels& dot_kernels();
// Every set this CPU can run, scalar first (for tests and benchmarks).
std::vector<DotKernels> runnable_dot_kernels();

// The sets by level; the x86 ones exist only in x86 builds.
DotKernels scalar_dot_kernels();
#if defined(__x86_64__)
DotKernels avx2_dot_kernels();
// Integer dots with VNNI only when the CPU has it; then the 512-bit ones
// for Q2_K, Q3_K, Q6_K and IQ4_XS unless the CPU splits 512-bit operations.
DotKernels avx512_dot_kernels();
// The VNNI set with (full_width) or without those 512-bit kernels.
DotKernels avx512_vnni_dot_kernels(bool full_width);
// The kernels of the avx512 set, by file.
// The 32-element types, 8 blocks per step (dot_q32_vnni.cpp).
float dot_q8_0_vnni(int64_t k, const void* w, const void* x);
float dot_q4_0_vnni(int64_t k, const void* w, const void* x);
float dot_q4_1_vnni(int64_t k, const void* w, const void* x);
float dot_q5_0_vnni(int64_t k, const void* w, const void* x);
float dot_q5_1_vnni(int64_t k, const void* w, const void* x);
float dot_iq4_nl_vnni(int64_t k, const void* w, const void* x);
float dot_f32_avx512(int64_t k, const void* w, const float* x);  // dot_avx512.cpp
float dot_f16_avx512(int64_t k, const void* w, const float* x);
float dot_bf16_avx512(int64_t k, const void* w, const float* x);
float dot_f16_f16_avx512(int64_t k, const void* w, const uint16_t* x);
// The other types' AVX2 kernels (dot_q4_1_q5.cpp, dot_iq4.cpp).
float dot_q4_1_avx2(int64_t k, const void* w, const void* x);
float dot_q5_0_avx2(int64_t k, const void* w, const void* x);
float dot_q5_1_avx2(int64_t k, const void* w, const void* x);
float dot_iq4_nl_avx2(int64_t k, const void* w, const void* x);
// The 256-element types' kernels on 256-bit vectors, once with maddubs
// (avx2 set) and once with VNNI (avx512 set): dot_iq4.cpp,
// dot_q4_k_q5_k.cpp, dot_k_quants16.cpp.
#define LUGH_DECLARE_ROW_DOT(type) \
    float dot_##type##_avx2(int64_t k, const void* w, const void* x); \
    float dot_##type##_vnni(int64_t k, const void* w, const void* x);
LUGH_DECLARE_ROW_DOT(iq4_xs)
LUGH_DECLARE_ROW_DOT(q2_k)
LUGH_DECLARE_ROW_DOT(q3_k)
LUGH_DECLARE_ROW_DOT(q4_k)
LUGH_DECLARE_ROW_DOT(q5_k)
LUGH_DECLARE_ROW_DOT(q6_k)
#undef LUGH_DECLARE_ROW_DOT
// On 512-bit vectors, 64 weights per step (dot_k_quants_zmm.cpp).
float dot_q2_k_zmm(int64_t k, const void* w, const void* x);
float dot_q3_k_zmm(int64_t k, const void* w, const void* x);
float dot_q6_k_zmm(int64_t k, const void* w, const void* x);
float dot_iq4_xs_zmm(int64_t k, const void* w, const void* x);
#endif

}  // namespace lugh::cpu::matmul
