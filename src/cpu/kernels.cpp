// Which kernel runs each op, on how many threads, with how much scratch.
#include "cpu/kernels.hpp"

#include <atomic>
#include <cstdarg>
#include <cstdio>


namespace lugh::cpu {

namespace {
std::atomic<size_t> g_min_parallel_work{4096};
}

size_t min_parallel_work() { return g_min_parallel_work.load(std::memory_order_relaxed); }
void set_min_parallel_work(size_t elements) { g_min_parallel_work.store(elements, std::memory_order_relaxed); }

void KernelArgs::fail(const char* fmt, ...) const {
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    std::lock_guard<std::mutex> lock(errors->mutex);
    if (!errors->failed.load(std::memory_order_relaxed)) errors->message = text;
    errors->failed.store(true, std::memory_order_release);
}

int n_tasks(const ggml_tensor* node, int n_threads) {
    size_t work = static_cast<size_t>(ggml_nelements(node));
    switch (node->op) {
        case GGML_OP_NONE:
        case GGML_OP_RESHAPE:
        case GGML_OP_VIEW:
        case GGML_OP_PERMUTE:
        case GGML_OP_TRANSPOSE: return 0;
        case GGML_OP_SUM: return 1;   // one fixed summation order
        case GGML_OP_MUL_MAT: work *= static_cast<size_t>(node->src[0]->ne[0]); break;
        case GGML_OP_SUM_ROWS:
        case GGML_OP_MEAN:
        case GGML_OP_ARGMAX: work = static_cast<size_t>(ggml_nelements(node->src[0])); break;
        default: break;
    }
    return work < min_parallel_work() ? 1 : n_threads;
}

size_t work_bytes_per_thread(const ggml_tensor* node) {
    switch (node->op) {
        case GGML_OP_MUL_MAT: return mul_mat_work_bytes(node);
        // An F16 mask row converted to F32 and a gathered strided row.
        case GGML_OP_SOFT_MAX: return 2 * static_cast<size_t>(node->src[0]->ne[0]) * sizeof(float);
        case GGML_OP_NORM:
        case GGML_OP_RMS_NORM:
        case GGML_OP_SUM:
        case GGML_OP_SUM_ROWS:
        case GGML_OP_MEAN:
        case GGML_OP_ARGMAX: return static_cast<size_t>(node->src[0]->ne[0]) * sizeof(float);
        case GGML_OP_ROPE: return static_cast<size_t>(node->op_params[0]) * sizeof(float);
        default: return 0;
    }
}

void run_kernel(ggml_tensor* node, const KernelArgs& args) {
    switch (node->op) {
        case GGML_OP_ADD:
        case GGML_OP_SUB:
        case GGML_OP_MUL:
        case GGML_OP_DIV: compute_binary(node, args); break;
        case GGML_OP_SCALE:
        case GGML_OP_CLAMP:
        case GGML_OP_SQR:
        case GGML_OP_SQRT:
        case GGML_OP_LOG:
        case GGML_OP_UNARY: compute_map(node, args); break;
        case GGML_OP_SUM:
        case GGML_OP_SUM_ROWS:
        case GGML_OP_MEAN:
        case GGML_OP_ARGMAX: compute_reduce(node, args); break;
        case GGML_OP_NORM:
        case GGML_OP_RMS_NORM: compute_norm(node, args); break;
        case GGML_OP_SOFT_MAX: compute_soft_max(node, args); break;
        case GGML_OP_DIAG_MASK_INF: compute_diag_mask_inf(node, args); break;
        case GGML_OP_MUL_MAT: compute_mul_mat(node, args); break;
        case GGML_OP_ROPE: compute_rope(node, args); break;
        case GGML_OP_GET_ROWS: compute_get_rows(node, args); break;
        case GGML_OP_CPY:
        case GGML_OP_DUP:
        case GGML_OP_CONT: compute_copy(node, args); break;
        case GGML_OP_REPEAT: compute_repeat(node, args); break;
        case GGML_OP_CONCAT: compute_concat(node, args); break;
        default: break;
    }
}

}  // namespace lugh::cpu
