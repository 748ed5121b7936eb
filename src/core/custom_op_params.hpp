// The op_params of a custom operation (GGML_OP_MAP_CUSTOM1..3, GGML_OP_CUSTOM):
// the caller's function, its n_tasks and its userdata, in upstream's layout
// (function pointer at byte 0, n_tasks at byte 8, userdata at byte 16). The
// node constructor (src/ops/custom.cpp) writes them, the executor and the
// kernel (src/cpu/custom.cpp) read them.
#pragma once

#include <cstring>

#include "lugh/ggml/ggml.h"

namespace lugh::core {

struct CustomOpParams {
    void (*fun)();   // one of the ggml_custom*_op_t, by the node's op
    int n_tasks;     // GGML_N_TASKS_MAX or >= 1
    void* userdata;
};
static_assert(sizeof(CustomOpParams) <= GGML_MAX_OP_PARAMS, "custom op params fit in op_params");

inline bool is_custom_op(ggml_op op) {
    return op == GGML_OP_MAP_CUSTOM1 || op == GGML_OP_MAP_CUSTOM2 || op == GGML_OP_MAP_CUSTOM3 ||
           op == GGML_OP_CUSTOM;
}

inline void set_custom_params(ggml_tensor* t, const CustomOpParams& p) { std::memcpy(t->op_params, &p, sizeof p); }

inline CustomOpParams custom_params(const ggml_tensor* t) {
    CustomOpParams p;
    std::memcpy(&p, t->op_params, sizeof p);
    return p;
}

}  // namespace lugh::core
