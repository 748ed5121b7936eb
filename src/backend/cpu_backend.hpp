// The CPU backend: a thread count and a reusable work buffer around the
// one compute path (graph/compute.hpp).
//
// `struct ggml_backend` is the C API's opaque type; Lugh defines it here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "backend/buffer.hpp"
#include "cpu/executor.hpp"
#include "cpu/work_buffer.hpp"
#include "lugh/error.hpp"

struct ggml_cgraph;

struct ggml_backend {
    uint32_t magic = 0;           // kBackendMagic while alive
    const char* name = "CPU";
    int n_threads = GGML_DEFAULT_N_THREADS;
    // Polled between nodes (ggml_backend_cpu_set_abort_callback); may be NULL.
    ggml_abort_callback abort_callback = nullptr;
    void* abort_callback_data = nullptr;
    // Scratch of the kernels, grown to what a graph needs and kept, so a
    // model run step after step allocates it once.
    lugh::cpu::WorkBuffer work;
};

namespace lugh::backend {

constexpr uint32_t kBackendMagic = 0x4c554245;   // "LUBE"

ggml_backend* new_cpu_backend();
void free_backend(ggml_backend* backend, const char* caller);
void require_backend(const ggml_backend* backend, const char* caller);
// 1..512 threads (cpu::kMaxThreads); throws otherwise.
void set_n_threads(ggml_backend* backend, int n_threads, const char* caller);

// Run graph on the backend's threads with its work buffer (graph/compute.hpp:
// misuse throws; a graph that cannot run, or a kernel's data error, is
// GGML_STATUS_FAILED with the message).
cpu::ComputeResult compute_graph(ggml_backend* backend, ggml_cgraph* graph, const char* caller);

}  // namespace lugh::backend
