// The rows of b ("activations") in the form the row dots of a weight type
// read them. mul_mat converts each row of b once and reuses it against
// every weight row: for quantized weights it is quantized as upstream does
// (Q8_0, Q8_1 or Q8_K), so each block of the dot product is an exact
// integer dot of int8 pairs and a float multiply-add by the scales.
//
//   q8_0_grouped  Q8_0 blocks "prepared" for the 32-element types (Q8_0,
//                 Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL): per block the scale as
//                 a float, -z times the sum of its codes (z the weight
//                 type's zero point: Q4_0's 8, Q5_0's 16, 128 for Q8_0 and
//                 IQ4_NL, whose codes and levels are shifted to unsigned), which folds the zero
//                 point into the integer dot (sum (u - z) x = sum u x -
//                 z sum x) so the weights' codes are used unsigned, and
//                 d * (sum of codes) as a float (upstream's Q8_1 keeps it in
//                 fp16), which the minimum of Q4_1 / Q5_1 multiplies; and a
//                 copy of the codes laid out in groups of 8 blocks for the
//                 VNNI kernels (ActivationGroup)
//   q8_k          Q8_K blocks (one float scale per 256, sums per 16): the
//                 K-quants and IQ4_XS
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::cpu::matmul {

enum class ActFormat : uint8_t { q8_0_grouped, q8_k };

// The form of b that row dots of a block weight type read.
ActFormat act_format(ggml_type weights);
// Bytes of one converted row of k values (k a whole number of blocks), a multiple of 64.
size_t act_row_bytes(ggml_type weights, int64_t k);
// Convert k floats into `out` (64-byte aligned, act_row_bytes long).
void quantize_act_row(ggml_type weights, const float* x, int64_t k, void* out);

// The VNNI Q4_0 kernel reads the codes rearranged in groups of 8 blocks, so
// that the activation side costs aligned loads and no shuffles: the codes
// of each pair of blocks split by which nibble of the weights they meet,
// and each pair's offset corrections already in the lanes its integer dot
// starts from.
struct alignas(64) ActivationGroup {
    // Pair j (blocks 2j, 2j+1): elements 0..15 of block 2j, then 0..15 of
    // 2j+1 (they meet the low nibbles); then elements 16..31 of each (high).
    int8_t codes[4][64];
    // Pair j: block 2j's -z * sum of codes in lane 0, block 2j+1's in lane 4.
    int32_t offset[4][8];
};
// Groups for k elements. Blocks past the end of a row (when k/32 is not a
// multiple of 8) are all zeros in the group.
inline int64_t activation_groups(int64_t k) { return (k / 32 + 7) / 8; }

// A q8_0_grouped row, as the kernels see it.
struct ActivationRow {
    const void* q8;                 // k/32 Q8_0 blocks
    const float* scale;             // k/32 floats
    const int32_t* offset_sum;      // k/32 values of -z * sum of the block's codes
    const float* sum_dx;            // k/32 values of d * sum of the block's codes
    const ActivationGroup* groups;  // activation_groups(k) groups (64-byte aligned)
};
// The parts of a q8_0_grouped row of k values stored at `row`.
ActivationRow activation_row(const void* row, int64_t k);
// The codes and the scale of elements g * group .. g * group + group - 1
// of a row of Q8_0 blocks (Q8_K blocks when k_blocks); group 16 or 32.
struct ActGroup {
    const int8_t* codes;
    float d;
};
ActGroup act_group(const void* blocks, bool k_blocks, int64_t g, int group);

}  // namespace lugh::cpu::matmul
