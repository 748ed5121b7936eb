// lugh::Graph: a handle onto a ggml_cgraph in a context's arena.
#include "lugh/graph.hpp"

#include "core/check.hpp"
#include "core/context.hpp"
#include "cpu/work_buffer.hpp"
#include "graph/compute.hpp"
#include "graph/graph.hpp"

namespace lugh {

Graph::Graph(Context& ctx, size_t max_nodes) {
    ggml_context* c = ctx.raw();
    graph_ = graph::new_graph(c, max_nodes, "Graph::Graph");
    ctx_ = c;
    generation_ = c->generation.load(std::memory_order_acquire);
}

bool Graph::alive() const { return graph_ && core::is_current(ctx_, generation_); }

ggml_cgraph* Graph::raw() const {
    if (!graph_) core::fail("lugh: this Graph handle is empty");
    if (!alive()) core::fail("lugh: graph used after its context #%u was destroyed or reset", ctx_->slot);
    return graph_;
}

void Graph::build_forward(const Tensor& t) { graph::build_forward(raw(), t.raw(), "Graph::build_forward"); }

void Graph::compute(int n_threads) {
    // One work buffer per calling thread, grown as needed and reused, so
    // repeated computes allocate nothing and never grow a context's arena.
    thread_local cpu::WorkBuffer work;
    graph::ComputeOptions opt;
    opt.n_threads = n_threads;
    const cpu::ComputeResult r = graph::compute(raw(), opt, work, "Graph::compute");
    if (r.status != GGML_STATUS_SUCCESS) throw Error(r.message);
}

void Graph::compute(Context& ctx, int n_threads) {
    ctx.raw();   // kept from the first version of this call: ctx must be live, nothing more
    compute(n_threads);
}

int Graph::n_nodes() const { return raw()->n_nodes; }
int Graph::n_leafs() const { return raw()->n_leafs; }
int Graph::size() const { return raw()->size; }

// Handles carry the context the tensor really lives in (which may not be the
// graph's), so they die with that context.
Tensor Graph::node(int i) const {
    ggml_cgraph* g = raw();
    graph::require_live_contexts(g, "Graph::node");
    ggml_tensor* t = graph::node(g, i, "Graph::node");
    return Tensor::wrap(graph::owner(g, t), t);
}

Tensor Graph::get_tensor(const std::string& name) const {
    ggml_cgraph* g = raw();
    graph::require_live_contexts(g, "Graph::get_tensor");   // names of freed tensors cannot be read
    ggml_tensor* t = graph::find(g, name.c_str());
    if (!t) core::fail("lugh: Graph::get_tensor: the graph has no tensor named '%s'", name.c_str());
    return Tensor::wrap(graph::owner(g, t), t);
}

bool Graph::has_tensor(const std::string& name) const {
    ggml_cgraph* g = raw();
    graph::require_live_contexts(g, "Graph::has_tensor");
    return graph::find(g, name.c_str()) != nullptr;
}

}  // namespace lugh
