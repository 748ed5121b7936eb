// Views: reshape, view_Nd, permute, transpose. They share their source's
// data (no copy); the graph records them as nodes whose kernels do nothing.
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "core/check.hpp"
#include "core/tensor_new.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

namespace {
// A view of a at `offset` with its own shape and strides (new_tensor checks
// its span against a's root).
ggml_tensor* make_view(ggml_context* ctx, ggml_tensor* a, const int64_t ne[4], const size_t nb[4], size_t offset,
                       const char* caller) {
    return core::new_tensor(ctx, a->type, GGML_MAX_DIMS, ne, a, offset, caller, nb);
}
}  // namespace

ggml_tensor* reshape(ggml_context* ctx, ggml_tensor* a, int n_dims, const int64_t* ne_in, const char* caller) {
    require_tensor(a, caller, "a");
    if (n_dims < 1 || n_dims > 4 || !ne_in) core::fail("lugh: %s: a shape has 1 to 4 dimensions, got %d", caller, n_dims);
    require_contiguous(a, caller, "a");
    int64_t ne[4] = {1, 1, 1, 1};
    int64_t n = 1;
    for (int i = 0; i < n_dims; ++i) {
        if (ne_in[i] < 0) core::fail("lugh: %s: dimension %d is %" PRId64 "; dimensions must be >= 0", caller, i, ne_in[i]);
        ne[i] = ne_in[i];
        n *= ne[i];
    }
    if (n != core::nelements(a))
        core::fail("lugh: %s: the new shape [%" PRId64 ", %" PRId64 ", %" PRId64 ", %" PRId64 "] has %" PRId64
                   " elements but a %s has %" PRId64,
                   caller, ne[0], ne[1], ne[2], ne[3], n, Desc(a).c_str(), core::nelements(a));
    ggml_tensor* t = core::new_tensor(ctx, a->type, 4, ne, a, 0, caller);
    derive_name(t, a, 50, " (reshaped)");
    set_op(ctx, t, GGML_OP_RESHAPE, a);
    return t;
}

ggml_tensor* reshape_like(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, const char* caller) {
    require_tensor(b, caller, "b");
    return reshape(ctx, a, 4, b->ne, caller);
}

ggml_tensor* view(ggml_context* ctx, ggml_tensor* a, int n_dims, const int64_t* ne_in, const size_t* nb_in,
                  size_t offset, const char* caller) {
    require_tensor(a, caller, "a");
    if (n_dims < 1 || n_dims > 4) core::fail("lugh: %s: a view has 1 to 4 dimensions, got %d", caller, n_dims);
    int64_t ne[4] = {1, 1, 1, 1};
    size_t nb[4];
    for (int i = 0; i < n_dims; ++i) ne[i] = ne_in[i];
    nb[0] = core::type_size(a->type);
    for (int i = 1; i < 4; ++i) {
        if (i < n_dims) {
            nb[i] = nb_in[i - 1];
        } else if (core::mul_overflows(nb[i - 1], static_cast<size_t>(ne[i - 1] < 0 ? 0 : ne[i - 1]), &nb[i])) {
            core::fail("lugh: %s: the view's strides overflow", caller);
        }
    }
    if (a->ne[0] > 0 && ne[0] > 0 && core::block_size(a->type) != 1)
        core::fail("lugh: %s: views of quantized %s tensors are not supported", caller, Desc(a).c_str());
    check_view_span(a, ne, nb, offset, caller);
    ggml_tensor* t = make_view(ctx, a, ne, nb, offset, caller);
    derive_name(t, a, 55, " (view)");
    set_op(ctx, t, GGML_OP_VIEW, a);
    std::memcpy(t->op_params, &offset, sizeof offset);
    return t;
}

ggml_tensor* permute(ggml_context* ctx, ggml_tensor* a, const int axes[4], const char* caller) {
    require_tensor(a, caller, "a");
    bool seen[4] = {false, false, false, false};
    for (int i = 0; i < 4; ++i) {
        if (axes[i] < 0 || axes[i] > 3 || seen[axes[i]])
            core::fail("lugh: %s: axes (%d, %d, %d, %d) are not a permutation of 0..3", caller, axes[0], axes[1],
                       axes[2], axes[3]);
        seen[axes[i]] = true;
    }
    int64_t ne[4];
    size_t nb[4];
    for (int i = 0; i < 4; ++i) {
        ne[axes[i]] = a->ne[i];
        nb[axes[i]] = a->nb[i];
    }
    ggml_tensor* t = make_view(ctx, a, ne, nb, 0, caller);
    derive_name(t, a, 50, " (permuted)");
    set_op(ctx, t, GGML_OP_PERMUTE, a);
    for (int i = 0; i < 4; ++i) core::set_param_i32(t, i, axes[i]);
    return t;
}

ggml_tensor* transpose(ggml_context* ctx, ggml_tensor* a, const char* caller) {
    require_tensor(a, caller, "a");
    const int64_t ne[4] = {a->ne[1], a->ne[0], a->ne[2], a->ne[3]};
    const size_t nb[4] = {a->nb[1], a->nb[0], a->nb[2], a->nb[3]};
    ggml_tensor* t = make_view(ctx, a, ne, nb, 0, caller);
    derive_name(t, a, 50, " (transposed)");
    set_op(ctx, t, GGML_OP_TRANSPOSE, a);
    return t;
}

}  // namespace lugh::node
