// The packed operands of the quantized GEMM (gemm_quant.hpp), built from
// the integer form of the weight type (integer_form.hpp).
//
// The activations (rows of b) are quantized to int8 once per product, by
// the rule the row dots use (Q8_0: one scale per 32 values; Q8_K for the
// K-quants: one per 256), so a group's dot of weight codes and activation
// codes is one exact integer sum from which the zero point comes out as
// z * (sum of activation codes).
//
// Panels put the operand the micro-kernel broadcasts or loads as a vector
// where it reads it: in a weight panel the codes of 32 rows for 4
// consecutive k sit side by side (one vector of 16 rows x 4 bytes feeds a
// vpdpbusd that accumulates 4 products per row); in an activation panel the
// 4 codes of each of NR rows of b are one 32-bit word to broadcast.
//
//   weight panel, per group:  codes[group/4][32][4] u8, scale[32] f32,
//                             beta[32] f32 (minimum types only)
//   activation panel of nr rows, per group:
//                             codes[group/4][nr][4] s8, dx[nr] f32,
//                             then per row: -z * sum(codes) (i32, zero-point
//                             types) or dx * sum(codes) (f32, minimum types)
// Rows past the end of a (or of b) are zeros in their panel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cpu/matmul/integer_form.hpp"
#include "lugh/ggml/ggml.h"

namespace lugh::cpu::matmul {

constexpr int kPanelRows = 32;   // rows of a per weight panel

// The scheme of a weight type the GEMM packs, or nullptr.
const QuantScheme* gemm_scheme(ggml_type type);

inline size_t weight_group_bytes(const QuantScheme& q) {
    return static_cast<size_t>(q.group) * kPanelRows + kPanelRows * sizeof(float) * (q.has_min ? 2 : 1);
}
inline size_t act_group_bytes(const QuantScheme& q, int nr) {
    return static_cast<size_t>(nr) * (static_cast<size_t>(q.group) + 2 * sizeof(float));
}

// Scratch bytes pack_weight_panel needs for rows of k elements.
size_t weight_panel_scratch_bytes(const QuantScheme& q, int64_t k);
// Pack rows[0..31] (each a row of k elements of `type`; nullptr: a row of
// zeros) into one weight panel of k / group groups: each row is unpacked
// into `scratch` (unpack.hpp), then 4-byte words of 8 rows at a time are
// transposed into the panel's order.
void pack_weight_panel(ggml_type type, const QuantScheme& q, const char* const rows[kPanelRows], int64_t k,
                       uint8_t* out, void* scratch);

// Pack nr rows of b, already quantized (xq[j]: k/32 Q8_0 blocks, or k/256
// Q8_K blocks when q.k_activations; nullptr: a row of zeros), into one
// activation panel.
void pack_act_panel(const QuantScheme& q, const void* const xq[], int nr, int64_t k, uint8_t* out);

}  // namespace lugh::cpu::matmul
