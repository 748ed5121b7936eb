// Element-wise unary ops: sqr, sqrt, log (ops of their own) and the
// GGML_OP_UNARY family (neg, abs, relu, gelu, silu, tanh, sigmoid, exp, ...).
#include "core/check.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

ggml_tensor* math(ggml_context* ctx, ggml_op op, ggml_tensor* a, bool inplace, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, op, a);
    return r;
}

ggml_tensor* unary(ggml_context* ctx, ggml_tensor* a, int op, bool inplace, const char* caller) {
    require_tensor(a, caller, "a");
    if (op < 0 || op >= GGML_UNARY_OP_COUNT) core::fail("lugh: %s: unknown unary op %d", caller, op);
    require_type(a, GGML_TYPE_F32, caller, "a");
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, GGML_OP_UNARY, a);
    core::set_param_i32(r, 0, op);
    return r;
}

}  // namespace lugh::node
