// Running a graph: the one compute path under every face.
//
// ggml_graph_compute, ggml_graph_compute_with_ctx, ggml_backend_graph_compute,
// lugh::Graph::compute and lugh::Backend::compute all end here. The checks
// come first and in one place, before any kernel runs:
//   - n_threads is 1..512;
//   - every context the graph reads is still there (graph/graph.hpp);
//   - every leaf and node has data;
//   - no node writes into read-only memory (core/read_only.hpp; the op
//     constructors refuse that already, this catches graphs wired by hand);
//   - the work buffer is large enough (cpu/work_buffer.hpp says who owns it);
// then the nodes run on the thread pool (cpu/executor.hpp).
//
// Misuse (a NULL graph, n_threads out of range, a caller's work buffer too
// small) throws lugh::Error. A graph that cannot run as built (a context it
// reads is gone, a tensor has no data) and data errors found by kernels come
// back as GGML_STATUS_FAILED with the message: the C API prints it and
// returns the status, the C++ API throws it.
#pragma once

#include <cstddef>

#include "cpu/executor.hpp"
#include "cpu/work_buffer.hpp"
#include "graph/cgraph.hpp"

namespace lugh::graph {

struct ComputeOptions {
    int n_threads = 1;
    ggml_abort_callback abort_callback = nullptr;   // polled after each node (C API only)
    void* abort_callback_data = nullptr;
};

// Bytes of work buffer computing g on n_threads needs; 0 when the graph
// reads a context that is gone (its tensors cannot be looked at).
size_t work_size(const ggml_cgraph* g, int n_threads);

cpu::ComputeResult compute(ggml_cgraph* g, const ComputeOptions& opt, cpu::WorkBuffer& work, const char* caller);

}  // namespace lugh::graph
