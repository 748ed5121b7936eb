// Dot products of a quantized weight row with activations quantized to Q8_0,
// the inner loop of mul_mat for Q8_0 and Q4_0 weights.
//
// The activations (F32) are quantized once per row to Q8_0; each block then
// costs one integer dot of 32 int8 pairs (exact) and one float multiply-add
// by the two scales. The x86 versions use AVX2 (maddubs) or AVX512-VNNI
// (dpbusd on 256-bit vectors), chosen at run time; the scalar version is the
// reference and the fallback on other CPUs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lugh::quant {

// sum over n elements (a multiple of 32) of weight * activation; w is a row
// of Q8_0 or Q4_0 blocks, x a row of Q8_0 blocks.
using VecDotFn = float (*)(int64_t n, const void* w, const void* x);

// A Q8_0 activation row with per-block side data, computed once per row and
// reused against every weight row: each scale as a float, and -8 times the
// sum of each block's codes, which folds Q4_0's offset of 8 into the
// integer dot (sum (c - 8) x = sum c x - 8 sum x), so the weights' codes are
// used unsigned, as they are stored.
//
// The VNNI kernel reads the same row rearranged in groups of 8 blocks, so
// that the activation side costs aligned loads and no shuffles: the codes
// of each pair of blocks split by which nibble of the weights they meet,
// and each pair's offset corrections already in the lanes its integer dot
// starts from.
struct alignas(64) ActivationGroup {
    // Pair j (blocks 2j, 2j+1): elements 0..15 of block 2j, then 0..15 of
    // 2j+1 (they meet the low nibbles); then elements 16..31 of each (high).
    int8_t codes[4][64];
    // Pair j: block 2j's -8 * sum of codes in lane 0, block 2j+1's in lane 4.
    int32_t offset[4][8];
};
// Groups for n elements. Blocks past the end of a row (when n/32 is not a
// multiple of 8) are all zeros in the group.
inline int64_t activation_groups(int64_t n) { return (n / 32 + 7) / 8; }

struct ActivationRow {
    const void* q8;                 // n/32 Q8_0 blocks
    const float* scale;             // n/32 floats
    const int32_t* offset_sum;      // n/32 values of -8 * sum of the block's codes
    const ActivationGroup* groups;  // activation_groups(n) groups (64-byte aligned)
};
// Fill scale, offset_sum and groups for n elements of Q8_0 blocks.
void prepare_activation(const void* q8, int64_t n, float* scale, int32_t* offset_sum, ActivationGroup* groups);
using VecDotActFn = float (*)(int64_t n, const void* w, const ActivationRow& x);
// nrows Q4_0 weight rows (the first at w, each row_bytes after the previous)
// against one prepared row: out[r] = dot of row r. Reading several rows per
// pass reuses each activation block; every out[r] is bitwise what q4_0_act
// of the same kernel set gives for that row alone, so results do not depend
// on how rows are grouped (or on the thread count).
using VecDotActRowsFn = void (*)(int64_t n, const void* w, size_t row_bytes, int64_t nrows, const ActivationRow& x,
                                 float* out);

// sum over n elements of weight * x for a row of F32, F16 or BF16 weights and F32 x.
using VecDotFloatFn = float (*)(int64_t n, const void* w, const float* x);
// The same for F16 weights and x already rounded to F16 (products and sums in F32).
using VecDotHalfFn = float (*)(int64_t n, const void* w, const uint16_t* x);

struct DotKernels {
    const char* name;   // "scalar", "avx2", "avx512vnni"
    VecDotFn q8_0_q8_0;
    VecDotFn q4_0_q8_0;
    VecDotActFn q4_0_act;   // Q4_0 weights against a prepared row
    VecDotActRowsFn q4_0_act_rows;   // the same for several weight rows (what mul_mat uses)
    VecDotFloatFn f32;
    VecDotFloatFn f16;
    VecDotFloatFn bf16;
    VecDotHalfFn f16_f16;
};

// The fastest set this CPU runs (decided once).
const DotKernels& dot_kernels();
// Every set this CPU can run, scalar first (for tests and benchmarks).
std::vector<DotKernels> runnable_dot_kernels();

// The scalar set (always runnable); the x86 sets when compiled in.
DotKernels scalar_dot_kernels();
#if defined(__x86_64__)
DotKernels avx2_dot_kernels();
DotKernels avx512vnni_dot_kernels();
// The Q4_0 kernels of the avx512vnni set (dot_q4_vnni.cpp).
float dot_q4_0_act_vnni(int64_t n, const void* w, const ActivationRow& x);
void dot_q4_0_act_rows_vnni(int64_t n, const void* w, size_t row_bytes, int64_t nrows, const ActivationRow& x,
                            float* out);
// The float-weight kernels of the avx512vnni set (dot_float_avx512.cpp).
float dot_f32_avx512(int64_t n, const void* w, const float* x);
float dot_f16_avx512(int64_t n, const void* w, const float* x);
float dot_bf16_avx512(int64_t n, const void* w, const float* x);
float dot_f16_f16_avx512(int64_t n, const void* w, const uint16_t* x);
#endif

}  // namespace lugh::quant
