// The backend scheduler (ggml_backend_sched_*): which backend runs each node
// of a graph, the graph's memory from one planner (src/alloc/), and the
// compute, split into runs of consecutive nodes on one backend.
//
// Every Lugh backend is a CPU backend and every buffer type host memory, so
// a split never needs copies and one planner buffer serves all backends.
//
// `struct ggml_backend_sched` is the C API's opaque type; Lugh defines it here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "cpu/executor.hpp"
#include "lugh/ggml/ggml-backend.h"

namespace lugh::backend {

// Consecutive nodes [first, first + n_nodes) of the graph run on backends[backend].
struct Split {
    int backend = 0;
    int first = 0;
    int n_nodes = 0;
};

constexpr uint32_t kSchedMagic = 0x4c555343;   // "LUSC"

}  // namespace lugh::backend

struct ggml_backend_sched {
    uint32_t magic = 0;                               // kSchedMagic while alive
    std::vector<ggml_backend*> backends;
    std::vector<ggml_backend_buffer_type*> bufts;     // one per backend
    ggml_gallocr* galloc = nullptr;                   // the graph's memory, shared by every backend
    size_t graph_size = 0;
    int n_copies = 1;
    ggml_backend_sched_eval_callback eval_callback = nullptr;
    void* eval_user_data = nullptr;

    std::unordered_map<const ggml_tensor*, int> chosen;     // set_tensor_backend, until reset
    std::unordered_map<const ggml_tensor*, int> assigned;   // every node of the last split graph
    std::vector<lugh::backend::Split> splits;
    ggml_cgraph* allocated = nullptr;                 // the graph alloc_graph placed
    bool is_reset = true;                             // nothing assigned or allocated since the last reset
    bool is_alloc = false;
};

namespace lugh::backend {

ggml_backend_sched* sched_new(ggml_backend** backends, ggml_backend_buffer_type** bufts, int n_backends,
                              size_t graph_size, bool parallel, const char* caller);
void sched_free(ggml_backend_sched* sched, const char* caller);
void require_sched(const ggml_backend_sched* sched, const char* caller);
// The index of backend among sched's backends; throws if it is not one.
int sched_backend_index(const ggml_backend_sched* sched, const ggml_backend* backend, const char* caller);

void sched_reset(ggml_backend_sched* sched, const char* caller);
// Assign every node of graph to a backend and cut the node list into splits.
void sched_split_graph(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller);
// Bytes of planner buffer graph needs (no allocation).
size_t sched_plan_bytes(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller);
// Split graph and grow the buffer to fit it; then reset. Throws AllocFailed when memory is short.
void sched_reserve(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller);
// Split graph and place its tensors. Throws AllocFailed when memory is short.
void sched_alloc_graph(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller);
// Run the allocated graph (allocating it first if needed; AllocFailed then
// becomes GGML_STATUS_ALLOC_FAILED), with the eval callback if one is set.
cpu::ComputeResult sched_compute(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller);

}  // namespace lugh::backend
