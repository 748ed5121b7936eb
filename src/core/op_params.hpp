// Reading and writing a node's op_params (10 int32 slots): part of the tensor
// record, so it lives in the core. The layout per op is shared by the
// constructors (src/ops) and the kernels (src/cpu):
//   SCALE f0 = s          CLAMP f0 = min, f1 = max     UNARY i0 = ggml_unary_op
//   NORM, RMS_NORM f0 = eps                            SOFT_MAX f0 = scale, f1 = max_bias
//   DIAG_MASK_INF i0 = n_past                          CONCAT i0 = dim
//   PERMUTE i0..i3 = axes                              VIEW i0..i1 = byte offset
//   ROPE i0 = n_dims, i1 = mode, i2 = n_ctx_orig, f3..f8 = freq_base, freq_scale,
//        ext_factor, attn_factor, beta_fast, beta_slow
// (upstream keeps n_past and n_ctx in ROPE's params too; Lugh's 40-byte
// op_params has no room for them and no use.)
#pragma once

#include <cstdint>
#include <cstring>

#include "lugh/ggml/ggml.h"

namespace lugh::core {

inline void set_param_i32(ggml_tensor* t, int slot, int32_t v) { t->op_params[slot] = v; }
inline int32_t param_i32(const ggml_tensor* t, int slot) { return t->op_params[slot]; }
inline void set_param_f32(ggml_tensor* t, int slot, float v) { std::memcpy(&t->op_params[slot], &v, 4); }
inline float param_f32(const ggml_tensor* t, int slot) {
    float v;
    std::memcpy(&v, &t->op_params[slot], 4);
    return v;
}

}  // namespace lugh::core
