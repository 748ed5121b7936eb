// Custom operations: the node records the caller's function; the kernel
// (src/cpu/custom.cpp) calls it on every thread of the node.
#include "ops/custom.hpp"

#include "core/check.hpp"
#include "core/cross_reads.hpp"
#include "ops/node_common.hpp"

namespace lugh::node {

namespace {

void require_params(const core::CustomOpParams& p, const char* caller) {
    if (!p.fun) core::fail("lugh: %s: fun is NULL", caller);
    if (p.n_tasks != GGML_N_TASKS_MAX && p.n_tasks < 1)
        core::fail("lugh: %s: n_tasks is %d; it must be >= 1 or GGML_N_TASKS_MAX (-1)", caller, p.n_tasks);
}

// srcs[0..n) become t's sources (set_op records at most three).
void set_sources(ggml_context* ctx, ggml_tensor* t, ggml_op op, ggml_tensor* const* srcs, int n,
                 const core::CustomOpParams& params) {
    set_op(ctx, t, op, n > 0 ? srcs[0] : nullptr, n > 1 ? srcs[1] : nullptr, n > 2 ? srcs[2] : nullptr);
    for (int i = 3; i < n; ++i) {
        t->src[i] = srcs[i];
        core::note_read(ctx, t, srcs[i]);
    }
    core::set_custom_params(t, params);
}

void require_args(ggml_tensor* const* args, int n_args, int most, const char* caller) {
    if (n_args < 0 || n_args > most) core::fail("lugh: %s: n_args is %d; it must be 0..%d", caller, n_args, most);
    if (n_args > 0 && !args) core::fail("lugh: %s: args is NULL but n_args is %d", caller, n_args);
    static const char* const names[] = {"args[0]", "args[1]", "args[2]", "args[3]"};
    for (int i = 0; i < n_args; ++i) require_tensor(args[i], caller, names[i]);
}

}  // namespace

ggml_tensor* map_custom(ggml_context* ctx, ggml_op op, ggml_tensor* const* srcs, int n_srcs,
                        const core::CustomOpParams& params, bool inplace, const char* caller) {
    static const char* const names[] = {"a", "b", "c"};
    for (int i = 0; i < n_srcs; ++i) require_tensor(srcs[i], caller, names[i]);
    require_params(params, caller);
    ggml_tensor* r = result_like(ctx, srcs[0], inplace, caller);
    set_sources(ctx, r, op, srcs, n_srcs, params);
    return r;
}

ggml_tensor* custom_4d(ggml_context* ctx, ggml_type type, const int64_t ne[4], ggml_tensor* const* args, int n_args,
                       const core::CustomOpParams& params, const char* caller) {
    require_args(args, n_args, GGML_MAX_SRC, caller);
    require_params(params, caller);
    ggml_tensor* r = new_result(ctx, type, ne, caller);
    set_sources(ctx, r, GGML_OP_CUSTOM, args, n_args, params);
    return r;
}

ggml_tensor* custom_inplace(ggml_context* ctx, ggml_tensor* a, ggml_tensor* const* args, int n_args,
                            const core::CustomOpParams& params, const char* caller) {
    require_tensor(a, caller, "a");
    require_args(args, n_args, GGML_MAX_SRC - 1, caller);
    require_params(params, caller);
    ggml_tensor* srcs[GGML_MAX_SRC] = {a};
    for (int i = 0; i < n_args; ++i) srcs[i + 1] = args[i];
    ggml_tensor* r = inplace_view(ctx, a, caller);
    set_sources(ctx, r, GGML_OP_CUSTOM, srcs, n_args + 1, params);
    return r;
}

}  // namespace lugh::node
