#include "backend/cpu_backend.hpp"

#include <cstdio>
#include <new>

#include "core/check.hpp"
#include "graph/cgraph.hpp"
#include "lugh/ggml/ggml-cpu.h"

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
    if (n_threads < 1) core::fail("lugh: %s: n_threads is %d; it must be at least 1", caller, n_threads);
    backend->n_threads = n_threads;
}

namespace {
void require_data(const ggml_tensor* t, const char* role, int index, const char* caller) {
    if (t->data || ggml_nelements(t) == 0) return;
    char msg[512];
    std::snprintf(msg, sizeof msg, "lugh: %s: %s %d '%s' (%s, %lld x %lld x %lld x %lld) has no data: allocate the graph with "
               "ggml_gallocr_alloc_graph or its context with ggml_backend_alloc_ctx_tensors",
               caller, role, index, t->name, ggml_op_desc(t), (long long)t->ne[0], (long long)t->ne[1],
               (long long)t->ne[2], (long long)t->ne[3]);
    throw GraphNotAllocated(msg);
}
}  // namespace

void require_graph_allocated(const ggml_cgraph* graph, const char* caller) {
    if (!graph) core::fail("lugh: %s: graph is NULL", caller);
    for (int i = 0; i < graph->n_leafs; ++i) require_data(graph->leafs[i], "leaf", i, caller);
    for (int i = 0; i < graph->n_nodes; ++i) {
        const ggml_tensor* node = graph->nodes[i];
        for (int s = 0; s < GGML_MAX_SRC; ++s)
            if (node->src[s]) require_data(node->src[s], "source of node", i, caller);
        require_data(node, "node", i, caller);
    }
}

ggml_status compute_graph(ggml_backend* backend, ggml_cgraph* graph, const char* caller) {
    require_backend(backend, caller);
    require_graph_allocated(graph, caller);
    ggml_cplan plan = ggml_graph_plan(graph, backend->n_threads, nullptr);
    // The work buffer only grows: a model computed step after step allocates it once.
    if (plan.work_size > backend->work.size()) {
        try {
            backend->work.resize(plan.work_size);
        } catch (const std::bad_alloc&) {
            core::fail("lugh: %s: no memory for a work buffer of %zu bytes", caller, plan.work_size);
        }
    }
    plan.work_data = plan.work_size ? backend->work.data() : nullptr;
    return ggml_graph_compute(graph, &plan);
}

}  // namespace lugh::backend
