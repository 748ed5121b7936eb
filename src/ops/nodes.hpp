// The op constructors behind both APIs. Each validates its inputs, throwing
// lugh::Error whose message starts "lugh: <caller>: " and names the shapes,
// then makes the result tensor in ctx and records op, sources and
// parameters. Nothing is computed here. Nothing changes on error.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::node {

// Small arrays built in a call's argument list (the op table's calls:
// view(ctx, a, 2, dims(ne0, ne1), strides(nb1), offset, fn)); they live
// until the end of the full expression, so the pointer is valid in the call.
template <typename T>
struct Values {
    T v[4];
    operator const T*() const { return v; }
};
template <typename... A>
Values<int64_t> dims(A... x) { return Values<int64_t>{{static_cast<int64_t>(x)...}}; }
template <typename... A>
Values<size_t> strides(A... x) { return Values<size_t>{{static_cast<size_t>(x)...}}; }
template <typename... A>
Values<int> axes(A... x) { return Values<int>{{static_cast<int>(x)...}}; }

// add, sub, mul, div: b broadcasts over a (core::can_repeat(b, a)).
ggml_tensor* binary(ggml_context* ctx, ggml_op op, ggml_tensor* a, ggml_tensor* b, bool inplace, const char* caller);
ggml_tensor* scale(ggml_context* ctx, ggml_tensor* a, float s, bool inplace, const char* caller);
ggml_tensor* clamp(ggml_context* ctx, ggml_tensor* a, float lo, float hi, const char* caller);

// op is GGML_OP_SQR, GGML_OP_SQRT or GGML_OP_LOG.
ggml_tensor* math(ggml_context* ctx, ggml_op op, ggml_tensor* a, bool inplace, const char* caller);
// op: a ggml_unary_op number (checked: C callers may pass any int).
ggml_tensor* unary(ggml_context* ctx, ggml_tensor* a, int op, bool inplace, const char* caller);

ggml_tensor* sum(ggml_context* ctx, ggml_tensor* a, const char* caller);
ggml_tensor* sum_rows(ggml_context* ctx, ggml_tensor* a, const char* caller);
ggml_tensor* mean(ggml_context* ctx, ggml_tensor* a, const char* caller);
ggml_tensor* argmax(ggml_context* ctx, ggml_tensor* a, const char* caller);

// op is GGML_OP_NORM or GGML_OP_RMS_NORM.
ggml_tensor* norm(ggml_context* ctx, ggml_op op, ggml_tensor* a, float eps, bool inplace, const char* caller);
ggml_tensor* soft_max(ggml_context* ctx, ggml_tensor* a, ggml_tensor* mask, float scale, float max_bias, bool inplace,
                      const char* caller);
ggml_tensor* diag_mask_inf(ggml_context* ctx, ggml_tensor* a, int n_past, bool inplace, const char* caller);

ggml_tensor* mul_mat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
// Stores a ggml_prec in a mul_mat node's op_params[0].
void mul_mat_set_prec(ggml_tensor* t, int prec, const char* caller);
// Fails unless prec is GGML_PREC_DEFAULT or GGML_PREC_F32.
void require_prec(int prec, const char* caller);

ggml_tensor* get_rows(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
ggml_tensor* cpy(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
// op is GGML_OP_DUP or GGML_OP_CONT; ne (n_dims entries) is the new shape, or
// nullptr for a's shape.
ggml_tensor* copy_of(ggml_context* ctx, ggml_op op, ggml_tensor* a, int n_dims, const int64_t* ne, const char* caller);
// a tiled to b's shape (b's data is not read).
ggml_tensor* repeat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
ggml_tensor* concat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int dim, const char* caller);

ggml_tensor* reshape(ggml_context* ctx, ggml_tensor* a, int n_dims, const int64_t* ne, const char* caller);
// a with b's shape.
ggml_tensor* reshape_like(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller);
// nb holds n_dims-1 row strides (nb[1..n_dims)); nb[0] is a's element size.
ggml_tensor* view(ggml_context* ctx, ggml_tensor* a, int n_dims, const int64_t* ne, const size_t* nb, size_t offset,
                  const char* caller);
ggml_tensor* permute(ggml_context* ctx, ggml_tensor* a, const int axes[4], const char* caller);
ggml_tensor* transpose(ggml_context* ctx, ggml_tensor* a, const char* caller);

struct RopeParams {
    int n_dims;
    int mode;                // 0 normal, GGML_ROPE_TYPE_NEOX
    int n_ctx_orig;
    float freq_base, freq_scale, ext_factor, attn_factor, beta_fast, beta_slow;
};
// The parameters in the order ggml_rope_ext takes them.
RopeParams rope_params(int n_dims, int mode, int n_ctx_orig, float freq_base, float freq_scale, float ext_factor,
                       float attn_factor, float beta_fast, float beta_slow);
// What ggml_rope uses (the one place its defaults are written): no YaRN,
// base 10000, scale 1, attn_factor 1.
RopeParams plain_rope(int n_dims, int mode);
ggml_tensor* rope(ggml_context* ctx, ggml_tensor* a, ggml_tensor* pos, ggml_tensor* freq_factors, const RopeParams& p,
                  bool inplace, const char* caller);

}  // namespace lugh::node
