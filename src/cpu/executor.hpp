// The executor: runs a graph's nodes in order on the shared thread pool.
//
// Each node with work is split by rows over n_threads (or run by thread 0
// alone when small). Between nodes the threads meet at a Barrier, except
// between two nodes that thread 0 runs alone: nobody else touched their data,
// so a run of tiny nodes costs no synchronisation at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "lugh/ggml/ggml.h"
#include "lugh/ggml/ggml-cpu.h"

namespace lugh::cpu {

// Most threads a compute accepts.
constexpr int kMaxThreads = 512;

// Bytes of work buffer a compute of g on n_threads needs (0 if none).
size_t plan_work_size(const ggml_cgraph* g, int n_threads);

struct ComputeResult {
    ggml_status status = GGML_STATUS_SUCCESS;
    std::string message;   // why, when status is not SUCCESS
};

struct ComputeOptions {
    int n_threads = 1;
    void* work = nullptr;          // >= plan_work_size bytes (any alignment)
    size_t work_size = 0;
    ggml_abort_callback abort_callback = nullptr;
    void* abort_callback_data = nullptr;
};

// Throws lugh::Error for bad arguments (null graph, n_threads out of range,
// work buffer too small). Problems with the graph's data - a tensor without
// data, an index out of range - come back as GGML_STATUS_FAILED with a message.
ComputeResult compute_graph(ggml_cgraph* g, const ComputeOptions& opt, const char* caller);

}  // namespace lugh::cpu
