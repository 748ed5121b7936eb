// The C API's graphs (lugh-ggml-graph.h) and CPU compute (lugh-ggml-cpu-compute.h).
#include <cstdio>

#include "capi/guard.hpp"
#include "capi/log.hpp"
#include "core/check.hpp"
#include "core/tensor_new.hpp"
#include "cpu/executor.hpp"
#include "cpu/work_buffer.hpp"
#include "graph/compute.hpp"
#include "graph/graph.hpp"
#include "lugh/ggml/ggml-cpu.h"

using lugh::capi::guarded;
using lugh::capi::need;
namespace core = lugh::core;

extern "C" {

ggml_cgraph* ggml_new_graph(ggml_context* ctx) {
    return guarded([&] { return lugh::graph::new_graph(ctx, GGML_DEFAULT_GRAPH_SIZE, "ggml_new_graph"); });
}

ggml_cgraph* ggml_new_graph_custom(ggml_context* ctx, size_t size, bool grads) {
    return guarded([&] {
        if (grads) core::fail("lugh: ggml_new_graph_custom: grads must be false (Lugh does not compute gradients)");
        return lugh::graph::new_graph(ctx, size, "ggml_new_graph_custom");
    });
}

size_t ggml_graph_overhead_custom(size_t size, bool grads) {
    (void)grads;
    return guarded([&] { return lugh::graph::object_bytes(size, "ggml_graph_overhead_custom"); });
}

size_t ggml_graph_overhead(void) {
    return guarded([&] { return lugh::graph::object_bytes(GGML_DEFAULT_GRAPH_SIZE, "ggml_graph_overhead"); });
}

void ggml_build_forward_expand(ggml_cgraph* cgraph, ggml_tensor* tensor) {
    guarded([&] { lugh::graph::build_forward(cgraph, tensor, "ggml_build_forward_expand"); });
}

int ggml_graph_size(ggml_cgraph* cgraph) {
    return guarded([&] {
        if (!cgraph) core::fail("lugh: ggml_graph_size: graph is NULL");
        return cgraph->size;
    });
}

int ggml_graph_n_nodes(ggml_cgraph* cgraph) {
    return guarded([&] {
        if (!cgraph) core::fail("lugh: ggml_graph_n_nodes: graph is NULL");
        return cgraph->n_nodes;
    });
}

ggml_tensor* ggml_graph_node(ggml_cgraph* cgraph, int i) {
    return guarded([&] { return lugh::graph::node(cgraph, i, "ggml_graph_node"); });
}

ggml_tensor** ggml_graph_nodes(ggml_cgraph* cgraph) {
    return guarded([&] {
        if (!cgraph) core::fail("lugh: ggml_graph_nodes: graph is NULL");
        return cgraph->nodes;
    });
}

ggml_tensor* ggml_graph_get_tensor(const ggml_cgraph* cgraph, const char* name) {
    return guarded([&] { return lugh::graph::find(need(cgraph, "ggml_graph_get_tensor", "graph"), name); });
}

void ggml_graph_clear(ggml_cgraph* cgraph) {
    guarded([&] {
        if (!cgraph) core::fail("lugh: ggml_graph_clear: graph is NULL");
        lugh::graph::clear(cgraph);
    });
}

void ggml_graph_print(const ggml_cgraph* g) {
    if (!g) return;
    using lugh::capi::log_message;
    log_message(GGML_LOG_LEVEL_INFO, "=== graph: %d nodes, %d leafs (size %d)", g->n_nodes, g->n_leafs, g->size);
    for (int i = 0; i < g->n_nodes; ++i) {
        const ggml_tensor* t = g->nodes[i];
        log_message(GGML_LOG_LEVEL_INFO, "  node %3d [%5lld, %5lld, %5lld, %5lld] %-14s %s", i, (long long)t->ne[0],
                    (long long)t->ne[1], (long long)t->ne[2], (long long)t->ne[3], ggml_op_desc(t), t->name);
    }
    for (int i = 0; i < g->n_leafs; ++i) {
        const ggml_tensor* t = g->leafs[i];
        log_message(GGML_LOG_LEVEL_INFO, "  leaf %3d [%5lld, %5lld, %5lld, %5lld] %s", i, (long long)t->ne[0],
                    (long long)t->ne[1], (long long)t->ne[2], (long long)t->ne[3], t->name);
    }
}

// ---- ggml-cpu.h ---------------------------------------------------------------

ggml_cplan ggml_graph_plan(const ggml_cgraph* cgraph, int n_threads, ggml_threadpool* threadpool) {
    return guarded([&] {
        need(cgraph, "ggml_graph_plan", "graph");
        if (threadpool) core::fail("lugh: ggml_graph_plan: threadpool must be NULL (Lugh uses its shared pool)");
        if (n_threads <= 0) n_threads = GGML_DEFAULT_N_THREADS;
        lugh::cpu::require_thread_count(n_threads, "ggml_graph_plan");
        ggml_cplan plan{};
        plan.n_threads = n_threads;
        plan.work_size = lugh::graph::work_size(cgraph, n_threads);
        return plan;
    });
}

// The one compute path (graph/compute.hpp), with the C contract: misuse
// aborts; a graph that cannot run, or a kernel's data error, prints one line
// and returns GGML_STATUS_FAILED.
static ggml_status run_compute(ggml_cgraph* cgraph, const ggml_cplan& plan, lugh::cpu::WorkBuffer& work,
                               const char* caller) {
    const lugh::cpu::ComputeResult r = guarded([&] {
        if (plan.threadpool) core::fail("lugh: %s: cplan.threadpool must be NULL", caller);
        lugh::graph::ComputeOptions opt;
        opt.n_threads = plan.n_threads;
        opt.abort_callback = plan.abort_callback;
        opt.abort_callback_data = plan.abort_callback_data;
        return lugh::graph::compute(cgraph, opt, work, caller);
    });
    if (r.status == GGML_STATUS_FAILED) lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, r.message.c_str());
    return r.status;
}

enum ggml_status ggml_graph_compute(ggml_cgraph* cgraph, ggml_cplan* cplan) {
    guarded([&] { need(cplan, "ggml_graph_compute", "cplan"); });
    lugh::cpu::WorkBuffer work(cplan->work_data, cplan->work_size);   // the caller's
    return run_compute(cgraph, *cplan, work, "ggml_graph_compute");
}

// As upstream: the work buffer is taken from ctx's arena.
enum ggml_status ggml_graph_compute_with_ctx(ggml_context* ctx, ggml_cgraph* cgraph, int n_threads) {
    ggml_cplan plan = ggml_graph_plan(cgraph, n_threads, nullptr);
    if (plan.work_size > 0)
        plan.work_data = static_cast<uint8_t*>(guarded([&] {
            return core::new_object(ctx, plan.work_size, "ggml_graph_compute_with_ctx");
        }));
    lugh::cpu::WorkBuffer work(plan.work_data, plan.work_size);
    return run_compute(cgraph, plan, work, "ggml_graph_compute_with_ctx");
}

}  // extern "C"
