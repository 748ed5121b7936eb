// soft_max (with optional mask, scale and ALiBi bias) and diag_mask_inf.
#include <cinttypes>

#include "core/check.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

ggml_tensor* soft_max(ggml_context* ctx, ggml_tensor* a, ggml_tensor* mask, float scale, float max_bias, bool inplace,
                      const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    if (mask) {
        if (mask->type != GGML_TYPE_F32 && mask->type != GGML_TYPE_F16)
            core::fail("lugh: %s: mask must be f32 or f16, got %s", caller, Desc(mask).c_str());
        require_contiguous(mask, caller, "mask");
        if (mask->ne[0] != a->ne[0] || mask->ne[1] < a->ne[1] || mask->ne[2] == 0 || mask->ne[3] == 0 ||
            a->ne[2] % mask->ne[2] != 0 || a->ne[3] % mask->ne[3] != 0)
            core::fail("lugh: %s: mask %s does not fit a %s (need mask ne0 = a ne0, mask ne1 >= a ne1, and mask ne2, "
                       "ne3 dividing a's)",
                       caller, Desc(mask).c_str(), Desc(a).c_str());
    }
    if (max_bias < 0.0f) core::fail("lugh: %s: max_bias must be >= 0, got %g", caller, max_bias);
    if (max_bias > 0.0f && !mask) core::fail("lugh: %s: max_bias %g (ALiBi) needs a mask", caller, max_bias);
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, GGML_OP_SOFT_MAX, a, mask);
    core::set_param_f32(r, 0, scale);
    core::set_param_f32(r, 1, max_bias);
    return r;
}

ggml_tensor* diag_mask_inf(ggml_context* ctx, ggml_tensor* a, int n_past, bool inplace, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    if (n_past < 0) core::fail("lugh: %s: n_past must be >= 0, got %d", caller, n_past);
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, GGML_OP_DIAG_MASK_INF, a);
    core::set_param_i32(r, 0, n_past);
    return r;
}

}  // namespace lugh::node
