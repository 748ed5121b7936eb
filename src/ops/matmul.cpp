// mul_mat: a [K, M, A2, A3] times b [K, N, B2, B3] -> [M, N, B2, B3].
#include "core/check.hpp"
#include "core/op_info.hpp"
#include "core/type_traits.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

ggml_tensor* mul_mat(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(b, caller, "b");
    // Float or block-quantized weights (every block type but Q8_K, which only activations use).
    if (!core::is_quantized(a->type) || a->type == GGML_TYPE_Q8_K) require_float_type(a, caller, "a");
    require_type(b, GGML_TYPE_F32, caller, "b");
    if (a->ne[0] != b->ne[0])
        core::fail("lugh: %s: a %s and b %s must have the same row length ne0 (the K of the product)", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    if (a->ne[2] == 0 || a->ne[3] == 0 || b->ne[2] % a->ne[2] != 0 || b->ne[3] % a->ne[3] != 0)
        core::fail("lugh: %s: a %s does not broadcast over b %s in dims 2 and 3 (a's must divide b's)", caller,
                   Desc(a).c_str(), Desc(b).c_str());
    if (a->ne[0] > 1 && a->nb[0] != core::type_size(a->type))
        core::fail("lugh: %s: a %s must have contiguous rows (it is transposed; use ggml_cont first)", caller,
                   Desc(a).c_str());
    const int64_t ne[4] = {a->ne[1], b->ne[1], b->ne[2], b->ne[3]};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_MUL_MAT, a, b);
    return r;
}

void mul_mat_set_prec(ggml_tensor* t, int prec, const char* caller) {
    require_tensor(t, caller, "a");
    if (t->op != GGML_OP_MUL_MAT)
        core::fail("lugh: %s: %s is not a mul_mat node (its op is %s)", caller, Desc(t).c_str(), core::op_desc(t));
    require_prec(prec, caller);
    core::set_param_i32(t, 0, prec);
}

void require_prec(int prec, const char* caller) {
    if (prec != GGML_PREC_DEFAULT && prec != GGML_PREC_F32)
        core::fail("lugh: %s: precision %d is not GGML_PREC_DEFAULT (0) or GGML_PREC_F32 (10)", caller, prec);
}

}  // namespace lugh::node
