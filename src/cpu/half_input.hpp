// mul_mat's default precision for F16 weights: each row of b is rounded to
// binary16 before the products, as upstream's CPU backend does, in every
// path (row dots, the blocked GEMM, the tiled fallback), so a product's
// numbers do not depend on how many rows b has. Not for a node set to
// GGML_PREC_F32, and not for a row holding a finite value that binary16
// cannot hold (|x| >= 65520 rounds to infinity): such a row is used in F32.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::cpu {

// Whether the mul_mat node dst, with weights a, rounds the rows of its b to F16.
inline bool rounds_b_to_f16(const ggml_tensor* a, const ggml_tensor* dst) {
    return a->type == GGML_TYPE_F16 && dst->op_params[0] != GGML_PREC_F32;
}

// True when no finite one of the n floats (stride_bytes apart) overflows binary16.
bool row_fits_f16(const void* x, int64_t n, size_t stride_bytes);

}  // namespace lugh::cpu
