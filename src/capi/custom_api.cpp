// lugh-ggml-custom.h: custom operations, shims onto src/ops/custom.cpp.
#include "capi/guard.hpp"
#include "ops/custom.hpp"

using lugh::capi::guarded;
using lugh::core::CustomOpParams;
namespace node = lugh::node;

namespace {

template <typename Fn>
CustomOpParams params_of(Fn fun, int n_tasks, void* userdata) {
    return CustomOpParams{reinterpret_cast<void (*)()>(fun), n_tasks, userdata};
}

ggml_tensor* map(ggml_context* ctx, ggml_op op, ggml_tensor* a, ggml_tensor* b, ggml_tensor* c,
                 const CustomOpParams& p, bool inplace, const char* fn) {
    ggml_tensor* srcs[3] = {a, b, c};
    const int n = op == GGML_OP_MAP_CUSTOM1 ? 1 : op == GGML_OP_MAP_CUSTOM2 ? 2 : 3;
    return guarded([&] { return node::map_custom(ctx, op, srcs, n, p, inplace, fn); });
}

}  // namespace

extern "C" {

ggml_tensor* ggml_map_custom1(ggml_context* ctx, ggml_tensor* a, ggml_custom1_op_t fun, int n_tasks, void* userdata) {
    return map(ctx, GGML_OP_MAP_CUSTOM1, a, nullptr, nullptr, params_of(fun, n_tasks, userdata), false,
               "ggml_map_custom1");
}
ggml_tensor* ggml_map_custom1_inplace(ggml_context* ctx, ggml_tensor* a, ggml_custom1_op_t fun, int n_tasks,
                                      void* userdata) {
    return map(ctx, GGML_OP_MAP_CUSTOM1, a, nullptr, nullptr, params_of(fun, n_tasks, userdata), true,
               "ggml_map_custom1_inplace");
}
ggml_tensor* ggml_map_custom2(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, ggml_custom2_op_t fun, int n_tasks,
                              void* userdata) {
    return map(ctx, GGML_OP_MAP_CUSTOM2, a, b, nullptr, params_of(fun, n_tasks, userdata), false, "ggml_map_custom2");
}
ggml_tensor* ggml_map_custom2_inplace(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, ggml_custom2_op_t fun,
                                      int n_tasks, void* userdata) {
    return map(ctx, GGML_OP_MAP_CUSTOM2, a, b, nullptr, params_of(fun, n_tasks, userdata), true,
               "ggml_map_custom2_inplace");
}
ggml_tensor* ggml_map_custom3(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, ggml_tensor* c, ggml_custom3_op_t fun,
                              int n_tasks, void* userdata) {
    return map(ctx, GGML_OP_MAP_CUSTOM3, a, b, c, params_of(fun, n_tasks, userdata), false, "ggml_map_custom3");
}
ggml_tensor* ggml_map_custom3_inplace(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, ggml_tensor* c,
                                      ggml_custom3_op_t fun, int n_tasks, void* userdata) {
    return map(ctx, GGML_OP_MAP_CUSTOM3, a, b, c, params_of(fun, n_tasks, userdata), true,
               "ggml_map_custom3_inplace");
}

ggml_tensor* ggml_custom_4d(ggml_context* ctx, enum ggml_type type, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3,
                            ggml_tensor** args, int n_args, ggml_custom_op_t fun, int n_tasks, void* userdata) {
    const int type_number = lugh::capi::enum_number(type);
    return guarded([&] {
        const int64_t ne[4] = {ne0, ne1, ne2, ne3};
        return node::custom_4d(ctx, static_cast<ggml_type>(type_number), ne, args, n_args,
                               params_of(fun, n_tasks, userdata), "ggml_custom_4d");
    });
}

ggml_tensor* ggml_custom_inplace(ggml_context* ctx, ggml_tensor* a, ggml_tensor** args, int n_args,
                                 ggml_custom_op_t fun, int n_tasks, void* userdata) {
    return guarded([&] {
        return node::custom_inplace(ctx, a, args, n_args, params_of(fun, n_tasks, userdata), "ggml_custom_inplace");
    });
}

}  // extern "C"
