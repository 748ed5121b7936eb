// Ops that move data: get_rows, set_rows, cpy, dup/cont, repeat, concat.
#include <cinttypes>

#include "core/check.hpp"
#include "core/tensor_new.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

namespace {
bool plain_type(ggml_type t) {
    return t == GGML_TYPE_F32 || t == GGML_TYPE_F16 || t == GGML_TYPE_BF16 || t == GGML_TYPE_I32 ||
           t == GGML_TYPE_I16 || t == GGML_TYPE_I8;
}
bool float_type(ggml_type t) { return t == GGML_TYPE_F32 || t == GGML_TYPE_F16 || t == GGML_TYPE_BF16; }
// Block-quantized weight types (every one but Q8_K, which only activations use):
// the CPU gets rows of each, and copies quantize into and dequantize from each.
bool block_type(ggml_type t) { return core::is_quantized(t) && t != GGML_TYPE_Q8_K; }
// A row's blocks lie side by side (always so for a plain type's single elements).
bool blocks_packed(const ggml_tensor* t) { return t->ne[0] <= core::block_size(t->type) || t->nb[0] == core::type_size(t->type); }
}  // namespace

ggml_tensor* get_rows(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(b, caller, "b (row indices)");
    if (!float_type(a->type) && !block_type(a->type) && a->type != GGML_TYPE_I32)
        core::fail("lugh: %s: a must be f32, f16, bf16, a block-quantized weight type or i32, got %s", caller,
                   Desc(a).c_str());
    require_type(b, GGML_TYPE_I32, caller, "b (row indices)");
    if (a->ne[2] != b->ne[1] || a->ne[3] != b->ne[2] || b->ne[3] != 1)
        core::fail("lugh: %s: indices b %s do not fit a %s (need b ne1 = a ne2, b ne2 = a ne3, b ne3 = 1)", caller,
                   Desc(b).c_str(), Desc(a).c_str());
    const int64_t ne[4] = {a->ne[0], b->ne[0], b->ne[1], b->ne[2]};
    ggml_tensor* r = new_result(ctx, a->type == GGML_TYPE_I32 ? GGML_TYPE_I32 : GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_GET_ROWS, a, b);
    return r;
}

ggml_tensor* set_rows(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, ggml_tensor* c, const char* caller) {
    require_tensor(a, caller, "a (destination)");
    require_tensor(b, caller, "b (rows)");
    require_tensor(c, caller, "c (row indices)");
    if (!float_type(a->type) && !block_type(a->type))
        core::fail("lugh: %s: destination a must be f32, f16, bf16, q8_0 or q4_0, got %s", caller, Desc(a).c_str());
    require_type(b, GGML_TYPE_F32, caller, "b (rows)");
    require_type(c, GGML_TYPE_I32, caller, "c (row indices)");
    if (b->ne[0] != a->ne[0] || b->ne[2] != a->ne[2] || b->ne[3] != a->ne[3])
        core::fail("lugh: %s: rows b %s do not fit a %s (need equal ne0, ne2 and ne3)", caller, Desc(b).c_str(),
                   Desc(a).c_str());
    if (c->ne[0] != b->ne[1] || c->ne[1] == 0 || c->ne[2] == 0 || b->ne[2] % c->ne[1] != 0 ||
        b->ne[3] % c->ne[2] != 0 || c->ne[3] != 1)
        core::fail("lugh: %s: indices c %s do not fit b %s (need c ne0 = b ne1, c ne1 and ne2 dividing b's ne2 and "
                   "ne3, c ne3 = 1)",
                   caller, Desc(c).c_str(), Desc(b).c_str());
    if (block_type(a->type) && a->nb[0] != ggml_type_size(a->type))
        core::fail("lugh: %s: quantized destination a %s must have packed blocks", caller, Desc(a).c_str());
    ggml_tensor* r = inplace_view(ctx, a, caller);
    derive_name(r, a, 50, " (set rows)");
    set_op(ctx, r, GGML_OP_SET_ROWS, b, c);
    return r;
}

ggml_tensor* cpy(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(b, caller, "b");
    if (core::nelements(a) != core::nelements(b))
        core::fail("lugh: %s: a %s has %" PRId64 " elements but b %s has %" PRId64, caller, Desc(a).c_str(),
                   core::nelements(a), Desc(b).c_str(), core::nelements(b));
    const bool convertible = float_type(a->type) && float_type(b->type);
    const bool quantizes = float_type(a->type) && block_type(b->type);
    // Blocks to floats, or blocks copied as they are.
    const bool dequantizes = block_type(a->type) && (float_type(b->type) || b->type == a->type);
    const bool integers = (a->type == GGML_TYPE_I32 && b->type == GGML_TYPE_F32) ||
                          (a->type == GGML_TYPE_F32 && b->type == GGML_TYPE_I32);
    if (!convertible && !quantizes && !dequantizes && !integers && !(a->type == b->type && plain_type(a->type)))
        core::fail("lugh: %s: cannot copy %s into %s (f32/f16/bf16 convert, quantize to and dequantize from the "
                   "block types, f32 and i32 convert; other types must match)", caller, Desc(a).c_str(), Desc(b).c_str());
    if ((quantizes || dequantizes) && (!core::same_shape(a, b) || (block_type(a->type) && !blocks_packed(a)) ||
                                       (block_type(b->type) && !blocks_packed(b))))
        core::fail("lugh: %s: copying %s into %s needs equal shapes and the blocks of each row contiguous", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    ggml_tensor* r = inplace_view(ctx, b, caller);
    derive_name(r, b, 55, " (copy)");
    set_op(ctx, r, GGML_OP_CPY, a, b);
    return r;
}

ggml_tensor* copy_of(ggml_context* ctx, ggml_op op, ggml_tensor* a, int n_dims, const int64_t* ne_in, const char* caller) {
    require_tensor(a, caller, "a");
    // A block-quantized a is copied block by block: its shape is kept.
    const bool blocks = block_type(a->type) && blocks_packed(a) && (!ne_in || (n_dims >= 1 && ne_in[0] == a->ne[0]));
    if (!plain_type(a->type) && !blocks)
        core::fail("lugh: %s: a must be a plain type, or a block type with packed rows keeping its row length, got %s",
                   caller, Desc(a).c_str());
    int64_t ne[4] = {a->ne[0], a->ne[1], a->ne[2], a->ne[3]};
    if (ne_in) {
        int64_t n = 1;
        for (int i = 0; i < 4; ++i) {
            ne[i] = i < n_dims ? ne_in[i] : 1;
            if (ne[i] < 0) core::fail("lugh: %s: dimension %d is %" PRId64 "; dimensions must be >= 0", caller, i, ne[i]);
            n *= ne[i];
        }
        if (n != core::nelements(a))
            core::fail("lugh: %s: the new shape [%" PRId64 ", %" PRId64 ", %" PRId64 ", %" PRId64 "] has %" PRId64
                       " elements but a %s has %" PRId64,
                       caller, ne[0], ne[1], ne[2], ne[3], n, Desc(a).c_str(), core::nelements(a));
    }
    ggml_tensor* r = new_result(ctx, a->type, ne, caller);
    set_op(ctx, r, op, a);
    return r;
}

ggml_tensor* repeat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(b, caller, "b");
    const int64_t* ne = b->ne;
    if (!plain_type(a->type)) core::fail("lugh: %s: a must be a plain (not quantized) type, got %s", caller, Desc(a).c_str());
    for (int i = 0; i < 4; ++i)
        if (a->ne[i] <= 0 || ne[i] < 0 || ne[i] % a->ne[i] != 0)
            core::fail("lugh: %s: a %s cannot be tiled to [%" PRId64 ", %" PRId64 ", %" PRId64 ", %" PRId64
                       "] (each target dimension must be a multiple of a's)",
                       caller, Desc(a).c_str(), ne[0], ne[1], ne[2], ne[3]);
    ggml_tensor* r = new_result(ctx, a->type, ne, caller);
    set_op(ctx, r, GGML_OP_REPEAT, a);
    return r;
}

ggml_tensor* concat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, int dim, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(b, caller, "b");
    if (dim < 0 || dim >= GGML_MAX_DIMS) core::fail("lugh: %s: dim must be 0..3, got %d", caller, dim);
    if (a->type != b->type || !plain_type(a->type))
        core::fail("lugh: %s: a %s and b %s must have the same plain type", caller, Desc(a).c_str(), Desc(b).c_str());
    int64_t ne[4];
    for (int i = 0; i < 4; ++i) {
        if (i != dim && a->ne[i] != b->ne[i])
            core::fail("lugh: %s: a %s and b %s differ in dimension %d (only dim %d may differ)", caller,
                       Desc(a).c_str(), Desc(b).c_str(), i, dim);
        ne[i] = i == dim ? a->ne[i] + b->ne[i] : a->ne[i];
    }
    ggml_tensor* r = new_result(ctx, a->type, ne, caller);
    set_op(ctx, r, GGML_OP_CONCAT, a, b);
    core::set_param_i32(r, 0, dim);
    return r;
}

}  // namespace lugh::node
