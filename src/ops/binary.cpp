// Element-wise binary ops (add, sub, mul, div) and the scalar ones (scale, clamp).
#include "core/check.hpp"
#include "core/tensor_shape.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

ggml_tensor* binary(ggml_context* ctx, ggml_op op, ggml_tensor* a, ggml_tensor* b, bool inplace, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(b, caller, "b");
    require_type(a, GGML_TYPE_F32, caller, "a");
    require_type(b, GGML_TYPE_F32, caller, "b");
    if (!core::can_repeat(b, a))
        core::fail("lugh: %s: b %s does not broadcast over a %s (each dimension of b must divide a's)", caller,
                   Desc(b).c_str(), Desc(a).c_str());
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, op, a, b);
    return r;
}

ggml_tensor* scale(ggml_context* ctx, ggml_tensor* a, float s, bool inplace, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, GGML_OP_SCALE, a);
    core::set_param_f32(r, 0, s);
    return r;
}

ggml_tensor* clamp(ggml_context* ctx, ggml_tensor* a, float lo, float hi, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    if (!(lo <= hi)) core::fail("lugh: %s: min %g is greater than max %g", caller, lo, hi);
    // Upstream's clamp writes through a view of a.
    ggml_tensor* r = inplace_view(ctx, a, caller);
    set_op(ctx, r, GGML_OP_CLAMP, a);
    core::set_param_f32(r, 0, lo);
    core::set_param_f32(r, 1, hi);
    return r;
}

}  // namespace lugh::node
