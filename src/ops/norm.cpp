// Row normalisation: norm (mean and variance) and rms_norm.
#include <cmath>

#include "core/check.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

ggml_tensor* norm(ggml_context* ctx, ggml_op op, ggml_tensor* a, float eps, bool inplace, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    if (!(eps >= 0.0f) || !std::isfinite(eps)) core::fail("lugh: %s: eps must be finite and >= 0, got %g", caller, eps);
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, op, a);
    core::set_param_f32(r, 0, eps);
    return r;
}

}  // namespace lugh::node
