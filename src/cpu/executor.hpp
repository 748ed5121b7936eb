// The executor: runs a list of nodes in order on the shared thread pool.
//
// Each node with work is split by rows over n_threads (or run by thread 0
// alone when small). Between nodes the threads meet at a Barrier, except
// between two nodes that thread 0 runs alone: nobody else touched their data,
// so a run of tiny nodes costs no synchronisation at all. What the nodes are
// (a graph, its checks) is the graph layer's business (graph/compute.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "lugh/ggml/ggml.h"
#include "lugh/ggml/ggml-cpu.h"

namespace lugh::cpu {

// Most threads a compute accepts.
constexpr int kMaxThreads = 512;

// Throws lugh::Error, naming caller, unless 1 <= n_threads <= kMaxThreads.
void require_thread_count(int n_threads, const char* caller);

// Bytes of work buffer running these nodes on n_threads needs (0 if none),
// including room to align it to 64 bytes.
size_t work_size(ggml_tensor* const* nodes, int n_nodes, int n_threads);

struct ComputeResult {
    ggml_status status = GGML_STATUS_SUCCESS;
    std::string message;   // why, when status is not SUCCESS
};

struct RunOptions {
    int n_threads = 1;
    void* work = nullptr;          // >= work_size bytes (any alignment)
    ggml_abort_callback abort_callback = nullptr;
    void* abort_callback_data = nullptr;
};

// Runs every node's kernel, in order. A data error a kernel finds (an index
// out of range) stops the run: GGML_STATUS_FAILED with the kernel's message;
// the abort callback returning true gives GGML_STATUS_ABORTED. The nodes and
// every tensor they read must have data.
ComputeResult run_nodes(ggml_tensor* const* nodes, int n_nodes, const RunOptions& opt, const char* caller);

}  // namespace lugh::cpu
