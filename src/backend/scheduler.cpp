#include "backend/scheduler.hpp"

#include <new>

#include "alloc/graph_allocator.hpp"
#include "backend/buffer.hpp"
#include "backend/cpu_backend.hpp"
#include "core/check.hpp"
#include "graph/cgraph.hpp"

namespace lugh::backend {

namespace {

void require_graph(const ggml_backend_sched* sched, const ggml_cgraph* graph, const char* caller) {
    if (!graph) core::fail("lugh: %s: graph is NULL", caller);
    if (static_cast<size_t>(graph->n_nodes) > sched->graph_size)
        core::fail("lugh: %s: the graph has %d nodes, more than the scheduler's graph_size %zu", caller,
                   graph->n_nodes, sched->graph_size);
}

// Nodes [first, last] of g as a graph of their own (same leafs, same
// contexts read), for computing one split or one stretch between callbacks.
ggml_cgraph node_range(const ggml_cgraph* g, int first, int last) {
    ggml_cgraph part = *g;
    part.nodes = g->nodes + first;
    part.n_nodes = last - first + 1;
    return part;
}

cpu::ComputeResult compute_range(ggml_backend_sched* sched, ggml_cgraph* g, int backend, int first, int last,
                                 const char* caller) {
    ggml_cgraph part = node_range(g, first, last);
    return compute_graph(sched->backends[static_cast<size_t>(backend)], &part, caller);
}

// One split with the eval callback: nodes run in stretches that end at a
// node the callback asked to see, which it is then shown. False when the
// callback asks to stop.
bool compute_observed(ggml_backend_sched* sched, ggml_cgraph* g, const Split& s, cpu::ComputeResult* result,
                      const char* caller) {
    const int end = s.first + s.n_nodes;
    for (int j0 = s.first; j0 < end; ++j0) {
        int j1 = j0;
        bool wanted = sched->eval_callback(g->nodes[j1], true, sched->eval_user_data);
        while (!wanted && j1 + 1 < end) wanted = sched->eval_callback(g->nodes[++j1], true, sched->eval_user_data);
        *result = compute_range(sched, g, s.backend, j0, j1, caller);
        if (result->status != GGML_STATUS_SUCCESS) return false;
        if (wanted && !sched->eval_callback(g->nodes[j1], false, sched->eval_user_data)) return false;
        j0 = j1;
    }
    return true;
}

}  // namespace

void require_sched(const ggml_backend_sched* sched, const char* caller) {
    if (!sched) core::fail("lugh: %s: sched is NULL", caller);
    if (sched->magic != kSchedMagic) core::fail("lugh: %s: scheduler %p has been freed", caller, (const void*)sched);
}

ggml_backend_sched* sched_new(ggml_backend** backends, ggml_backend_buffer_type** bufts, int n_backends,
                              size_t graph_size, bool parallel, const char* caller) {
    if (!backends) core::fail("lugh: %s: backends is NULL", caller);
    if (n_backends < 1 || n_backends > GGML_SCHED_MAX_BACKENDS)
        core::fail("lugh: %s: n_backends is %d; it must be 1..%d", caller, n_backends, GGML_SCHED_MAX_BACKENDS);
    if (graph_size == 0) core::fail("lugh: %s: graph_size is 0", caller);
    for (int i = 0; i < n_backends; ++i) {
        if (!backends[i]) core::fail("lugh: %s: backends[%d] is NULL", caller, i);
        require_backend(backends[i], caller);
        if (bufts) {
            if (!bufts[i]) core::fail("lugh: %s: bufts[%d] is NULL", caller, i);
            require_buft(bufts[i], caller);
        }
    }
    auto* s = new (std::nothrow) ggml_backend_sched();
    if (!s) core::fail("lugh: %s: out of memory", caller);
    try {
        for (int i = 0; i < n_backends; ++i) {
            s->backends.push_back(backends[i]);
            s->bufts.push_back(bufts ? bufts[i] : cpu_buffer_type());
        }
        s->galloc = alloc::gallocr_new(s->bufts[0], caller);
    } catch (...) {
        delete s;
        throw;
    }
    s->graph_size = graph_size;
    s->n_copies = parallel ? GGML_SCHED_MAX_COPIES : 1;
    s->magic = kSchedMagic;
    return s;
}

void sched_free(ggml_backend_sched* sched, const char* caller) {
    require_sched(sched, caller);
    alloc::gallocr_free(sched->galloc, caller);
    sched->magic = 0;
    delete sched;
}

int sched_backend_index(const ggml_backend_sched* sched, const ggml_backend* backend, const char* caller) {
    if (!backend) core::fail("lugh: %s: backend is NULL", caller);
    for (size_t i = 0; i < sched->backends.size(); ++i)
        if (sched->backends[i] == backend) return static_cast<int>(i);
    core::fail("lugh: %s: backend %p is not one of the scheduler's %zu backends", caller, (const void*)backend,
               sched->backends.size());
}

void sched_reset(ggml_backend_sched* sched, const char* caller) {
    require_sched(sched, caller);
    sched->chosen.clear();
    sched->assigned.clear();
    sched->splits.clear();
    sched->allocated = nullptr;
    sched->is_reset = true;
    sched->is_alloc = false;
}

void sched_split_graph(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller) {
    require_sched(sched, caller);
    require_graph(sched, graph, caller);
    const int n = graph->n_nodes;
    // Chosen nodes keep their backend; the others follow the chosen node
    // before them, or (before the first one) the one after; with none
    // chosen, everything runs on backend 0, the highest priority.
    std::vector<int> ids(static_cast<size_t>(n), -1);
    for (int i = 0; i < n; ++i) {
        auto it = sched->chosen.find(graph->nodes[i]);
        if (it != sched->chosen.end()) ids[static_cast<size_t>(i)] = it->second;
    }
    for (int i = 0, cur = -1; i < n; ++i) {
        int& id = ids[static_cast<size_t>(i)];
        if (id >= 0) cur = id;
        else id = cur;
    }
    for (int i = n - 1, cur = 0; i >= 0; --i) {
        int& id = ids[static_cast<size_t>(i)];
        if (id >= 0) cur = id;
        else id = cur;
    }
    sched->assigned.clear();
    sched->splits.clear();
    for (int i = 0; i < n; ++i) {
        const int id = ids[static_cast<size_t>(i)];
        sched->assigned[graph->nodes[i]] = id;
        if (sched->splits.empty() || sched->splits.back().backend != id) sched->splits.push_back(Split{id, i, 0});
        ++sched->splits.back().n_nodes;
    }
    sched->is_reset = false;
}

size_t sched_plan_bytes(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller) {
    require_sched(sched, caller);
    require_graph(sched, graph, caller);
    return alloc::plan_graph(graph, sched->bufts[0], caller).planned;
}

void sched_reserve(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller) {
    sched_split_graph(sched, graph, caller);
    alloc::gallocr_reserve(sched->galloc, graph, caller);
    sched_reset(sched, caller);
}

void sched_alloc_graph(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller) {
    require_sched(sched, caller);
    if (sched->is_alloc)
        core::fail("lugh: %s: a graph is already allocated; call ggml_backend_sched_reset before allocating another",
                   caller);
    sched_split_graph(sched, graph, caller);
    alloc::gallocr_alloc_graph(sched->galloc, graph, caller);
    sched->allocated = graph;
    sched->is_alloc = true;
}

cpu::ComputeResult sched_compute(ggml_backend_sched* sched, ggml_cgraph* graph, const char* caller) {
    require_sched(sched, caller);
    require_graph(sched, graph, caller);
    cpu::ComputeResult result;
    if (!sched->is_reset && !sched->is_alloc) sched_reset(sched, caller);
    if (!sched->is_alloc) {
        try {
            sched_alloc_graph(sched, graph, caller);
        } catch (const AllocFailed& e) {
            result.status = GGML_STATUS_ALLOC_FAILED;
            result.message = e.what();
            return result;
        }
    }
    if (graph != sched->allocated)
        core::fail("lugh: %s: this graph is not the one allocated; call ggml_backend_sched_reset, then compute it",
                   caller);
    for (const Split& s : sched->splits) {
        if (sched->eval_callback) {
            if (!compute_observed(sched, graph, s, &result, caller)) break;
        } else {
            result = compute_range(sched, graph, s.backend, s.first, s.first + s.n_nodes - 1, caller);
            if (result.status != GGML_STATUS_SUCCESS) break;
        }
    }
    return result;
}

}  // namespace lugh::backend
