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
//   ARANGE f0..f2 = start, stop, step           ARGSORT i0 = ggml_sort_order
//   PAD i0..i7 = lp0, rp0, lp1, rp1, lp2, rp2, lp3, rp3
//   PAD_REFLECT_1D i0, i1 = p0, p1               ROLL i0..i3 = shifts
//   ACC i64 at 0, 2, 4, 6 = nb1, nb2, nb3, offset (bytes); i8 = inplace
//   TIMESTEP_EMBEDDING i0 = dim, i1 = max_period  ADD_REL_POS i0 = inplace
//   IM2COL i0..i6 = s0, s1, p0, p1, d0, d1, is_2D
//   CONV_2D, CONV_2D_DW i0..i5 = s0, s1, p0, p1, d0, d1
//   CONV_TRANSPOSE_1D i0..i2 = s0, p0, d0         CONV_TRANSPOSE_2D i0 = stride
//   POOL_1D i0..i3 = ggml_op_pool, k0, s0, p0     POOL_2D i0..i6 = ggml_op_pool, k0, k1, s0, s1, p0, p1
//   UPSCALE i0 = mode (ggml_scale_mode | ggml_scale_flag bits)
// (upstream stores ACC's byte strides as int32; Lugh keeps them 64-bit.)
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

// A 64-bit value in slots [slot, slot + 1].
inline void set_param_i64(ggml_tensor* t, int slot, int64_t v) { std::memcpy(&t->op_params[slot], &v, 8); }
inline int64_t param_i64(const ggml_tensor* t, int slot) {
    int64_t v;
    std::memcpy(&v, &t->op_params[slot], 8);
    return v;
}

}  // namespace lugh::core
