#include "graph/compute.hpp"

#include <cstdio>

#include "core/check.hpp"
#include "core/op_info.hpp"
#include "core/read_only.hpp"
#include "core/tensor_label.hpp"
#include "core/tensor_shape.hpp"
#include "graph/graph.hpp"

namespace lugh::graph {

namespace {

// A view made before its source had data points nowhere yet: point it now.
void resolve_view(ggml_tensor* t) {
    if (!t->data && t->view_src && t->view_src->data) t->data = static_cast<char*>(t->view_src->data) + t->view_offs;
}

// Why the graph cannot run as built, or an empty string.
std::string unrunnable(ggml_cgraph* g, const char* caller) {
    std::string why;
    if (!reads_live_contexts(g, caller, &why)) return why;
    for (int i = 0; i < g->n_leafs + g->n_nodes; ++i) {
        const bool leaf = i < g->n_leafs;
        ggml_tensor* t = leaf ? g->leafs[i] : g->nodes[i - g->n_leafs];
        resolve_view(t);
        if (t->data || core::nelements(t) == 0) continue;
        char msg[512];
        std::snprintf(msg, sizeof msg,
                      "lugh: %s: %s %d %s (%s) has no data: allocate the graph with ggml_gallocr_alloc_graph "
                      "(lugh::GraphAllocator) or its no_alloc context's tensors with ggml_backend_alloc_ctx_tensors "
                      "(lugh::alloc_tensors)",
                      caller, leaf ? "leaf" : "node", leaf ? i : i - g->n_leafs, core::tensor_label(t).text,
                      core::op_desc(t));
        return msg;
    }
    for (int i = 0; i < g->n_nodes; ++i) {
        const ggml_tensor* t = g->nodes[i];
        if (!core::op_writes(t->op) || !core::is_read_only(t)) continue;
        char msg[512];
        std::snprintf(msg, sizeof msg,
                      "lugh: %s: node %d %s (%s) would write into read-only memory (data memory-mapped from a file; "
                      "load it by copy to change it)",
                      caller, i, core::tensor_label(t).text, core::op_desc(t));
        return msg;
    }
    return why;
}

}  // namespace

size_t work_size(const ggml_cgraph* g, int n_threads) {
    if (!reads_live_contexts(g)) return 0;
    return cpu::work_size(g->nodes, g->n_nodes, n_threads);
}

cpu::ComputeResult compute(ggml_cgraph* g, const ComputeOptions& opt, cpu::WorkBuffer& work, const char* caller) {
    if (!g) core::fail("lugh: %s: graph is NULL", caller);
    cpu::require_thread_count(opt.n_threads, caller);
    cpu::ComputeResult result;
    result.message = unrunnable(g, caller);
    if (!result.message.empty()) {
        result.status = GGML_STATUS_FAILED;
        return result;
    }
    cpu::RunOptions run;
    run.n_threads = opt.n_threads;
    run.work = work.reserve(cpu::work_size(g->nodes, g->n_nodes, opt.n_threads), opt.n_threads, caller);
    run.abort_callback = opt.abort_callback;
    run.abort_callback_data = opt.abort_callback_data;
    return cpu::run_nodes(g->nodes, g->n_nodes, run, caller);
}

}  // namespace lugh::graph
