// The CPU backend: a thread count and a reusable work buffer around the
// graph executor (ggml_graph_plan / ggml_graph_compute from ggml-cpu.h).
//
// `struct ggml_backend` is the C API's opaque type; Lugh defines it here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "backend/buffer.hpp"
#include "lugh/error.hpp"

struct ggml_cgraph;

struct ggml_backend {
    uint32_t magic = 0;           // kBackendMagic while alive
    const char* name = "CPU";
    int n_threads = GGML_DEFAULT_N_THREADS;
    // Scratch the executor asks for (ggml_cplan::work_size); kept between
    // computations so a model run step after step allocates it once.
    std::vector<unsigned char> work;
};

namespace lugh::backend {

constexpr uint32_t kBackendMagic = 0x4c554245;   // "LUBE"

// A graph that cannot run because a tensor has no data: the C API reports it
// as GGML_STATUS_FAILED (as the executor does), not as an abort.
class GraphNotAllocated : public lugh::Error {
public:
    using lugh::Error::Error;
};

ggml_backend* new_cpu_backend();
void free_backend(ggml_backend* backend, const char* caller);
void require_backend(const ggml_backend* backend, const char* caller);
void set_n_threads(ggml_backend* backend, int n_threads, const char* caller);

// Throws, naming the first one, unless every node, leaf and source of graph has data.
void require_graph_allocated(const ggml_cgraph* graph, const char* caller);
// Run graph on the backend's threads; the executor's status.
ggml_status compute_graph(ggml_backend* backend, ggml_cgraph* graph, const char* caller);

}  // namespace lugh::backend
