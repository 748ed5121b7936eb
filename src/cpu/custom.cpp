// The kernel of the custom operations: call the caller's function with this
// thread's ith and the node's nth (upstream's contract). How many threads a
// custom node gets is the executor's business (kernels.cpp: n_tasks).
#include "core/custom_op_params.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

int custom_n_tasks(const ggml_tensor* node, int n_threads) {
    const int n = core::custom_params(node).n_tasks;
    return n == GGML_N_TASKS_MAX || n > n_threads ? n_threads : n;
}

void compute_custom(ggml_tensor* dst, const KernelArgs& args) {
    const core::CustomOpParams p = core::custom_params(dst);
    ggml_tensor* const* s = dst->src;
    switch (dst->op) {
        case GGML_OP_MAP_CUSTOM1:
            reinterpret_cast<ggml_custom1_op_t>(p.fun)(dst, s[0], args.ith, args.nth, p.userdata);
            break;
        case GGML_OP_MAP_CUSTOM2:
            reinterpret_cast<ggml_custom2_op_t>(p.fun)(dst, s[0], s[1], args.ith, args.nth, p.userdata);
            break;
        case GGML_OP_MAP_CUSTOM3:
            reinterpret_cast<ggml_custom3_op_t>(p.fun)(dst, s[0], s[1], s[2], args.ith, args.nth, p.userdata);
            break;
        default:
            reinterpret_cast<ggml_custom_op_t>(p.fun)(dst, args.ith, args.nth, p.userdata);
            break;
    }
}

}  // namespace lugh::cpu
