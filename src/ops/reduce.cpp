// Reductions: sum (all elements), sum_rows and mean (per row), argmax (per row).
#include "core/check.hpp"
#include "core/tensor_shape.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"

namespace lugh::node {

namespace {
ggml_tensor* per_row(ggml_context* ctx, ggml_op op, ggml_tensor* a, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    const int64_t ne[4] = {1, a->ne[1], a->ne[2], a->ne[3]};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, op, a);
    return r;
}
}  // namespace

ggml_tensor* sum(ggml_context* ctx, ggml_tensor* a, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    const int64_t ne[4] = {1, 1, 1, 1};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_SUM, a);
    return r;
}

ggml_tensor* sum_rows(ggml_context* ctx, ggml_tensor* a, const char* caller) {
    return per_row(ctx, GGML_OP_SUM_ROWS, a, caller);
}

ggml_tensor* mean(ggml_context* ctx, ggml_tensor* a, const char* caller) { return per_row(ctx, GGML_OP_MEAN, a, caller); }

ggml_tensor* argmax(ggml_context* ctx, ggml_tensor* a, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    if (!core::is_matrix(a)) core::fail("lugh: %s: a must be a matrix (ne2 = ne3 = 1), got %s", caller, Desc(a).c_str());
    if (a->ne[0] == 0) core::fail("lugh: %s: a has rows of length 0, which have no largest element", caller);
    const int64_t ne[4] = {a->ne[1], 1, 1, 1};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_I32, ne, caller);
    set_op(ctx, r, GGML_OP_ARGMAX, a);
    return r;
}

}  // namespace lugh::node
