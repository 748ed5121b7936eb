#include "backend/cpu_backend.hpp"

#include <new>

#include "core/check.hpp"
#include "graph/compute.hpp"

namespace lugh::backend {

ggml_backend* new_cpu_backend() {
    auto* b = new (std::nothrow) ggml_backend();
    if (!b) core::fail("lugh: ggml_backend_cpu_init: out of memory");
    b->magic = kBackendMagic;
    return b;
}

void require_backend(const ggml_backend* backend, const char* caller) {
    if (!backend) core::fail("lugh: %s: backend is NULL", caller);
    if (backend->magic != kBackendMagic) core::fail("lugh: %s: backend %p has been freed", caller, (const void*)backend);
}

void free_backend(ggml_backend* backend, const char* caller) {
    require_backend(backend, caller);
    backend->magic = 0;
    delete backend;
}

void set_n_threads(ggml_backend* backend, int n_threads, const char* caller) {
    require_backend(backend, caller);
    cpu::require_thread_count(n_threads, caller);
    backend->n_threads = n_threads;
}

cpu::ComputeResult compute_graph(ggml_backend* backend, ggml_cgraph* graph, const char* caller) {
    require_backend(backend, caller);
    graph::ComputeOptions opt;
    opt.n_threads = backend->n_threads;
    opt.abort_callback = backend->abort_callback;
    opt.abort_callback_data = backend->abort_callback_data;
    return graph::compute(graph, opt, backend->work, caller);
}

}  // namespace lugh::backend
