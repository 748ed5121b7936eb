#include "alloc/graph_allocator.hpp"

#include <new>

#include "backend/tensor_data.hpp"
#include "core/check.hpp"

namespace lugh::alloc {

namespace {

struct Plan {
    GraphLiveness live;
    Packing packing;
    PlanStats stats;
};

Plan make_plan(const ggml_cgraph* graph, const ggml_backend_buffer_type* buft, const ggml_backend_buffer* own,
               const char* caller) {
    Plan p;
    p.live = analyse_graph(graph, buft, own, caller);
    const Packing greedy = pack_greedy_by_size(p.live.blocks);
    const Packing in_order = pack_best_fit_in_order(p.live.blocks);
    p.packing = in_order.total < greedy.total ? in_order : greedy;
    p.stats.planned = p.packing.total;
    p.stats.lower_bound = peak_live_bytes(p.live.blocks);
    p.stats.sum_of_tensors = p.live.sum_of_tensors;
    p.stats.greedy_by_size = greedy.total;
    p.stats.best_fit_in_order = in_order.total;
    p.stats.n_tensors = p.live.placements.size();
    p.stats.n_blocks = p.live.blocks.size();
    p.stats.n_inplace = p.live.n_inplace;
    return p;
}

void grow_to(ggml_gallocr* galloc, size_t size, const char* caller) {
    if (size > galloc->buffer->size) backend::regrow_buffer(galloc->buffer, size, caller);
}

// Point a view (and first the views it is made of) at its source's memory.
void point_view(ggml_tensor* view, const ggml_backend_buffer* own, const char* caller) {
    if (view->view_src->view_src) point_view(view->view_src, own, caller);
    if (!view->view_src->data) return;   // a source nobody allocated: compute will name it
    if (view->data && view->buffer != own) return;
    view->data = nullptr;
    backend::init_view(view, caller);
}

}  // namespace

void require_gallocr(const ggml_gallocr* galloc, const char* caller) {
    if (!galloc) core::fail("lugh: %s: graph allocator is NULL", caller);
    backend::require_buffer(galloc->buffer, caller);
}

ggml_gallocr* gallocr_new(ggml_backend_buffer_type* buft, const char* caller) {
    backend::require_buft(buft, caller);
    auto* g = new (std::nothrow) ggml_gallocr();
    if (!g) core::fail("lugh: %s: out of memory", caller);
    try {
        g->buffer = backend::alloc_buffer(buft, 0, caller);
    } catch (...) {
        delete g;
        throw;
    }
    g->buffer->usage = GGML_BACKEND_BUFFER_USAGE_COMPUTE;
    g->buft = buft;
    return g;
}

void gallocr_free(ggml_gallocr* galloc, const char* caller) {
    require_gallocr(galloc, caller);
    backend::free_buffer(galloc->buffer, caller);
    delete galloc;
}

void gallocr_reserve(ggml_gallocr* galloc, ggml_cgraph* graph, const char* caller) {
    require_gallocr(galloc, caller);
    Plan p = make_plan(graph, galloc->buft, galloc->buffer, caller);
    grow_to(galloc, p.stats.planned, caller);
    galloc->last = p.stats;
}

void gallocr_alloc_graph(ggml_gallocr* galloc, ggml_cgraph* graph, const char* caller) {
    require_gallocr(galloc, caller);
    Plan p = make_plan(graph, galloc->buft, galloc->buffer, caller);
    grow_to(galloc, p.stats.planned, caller);   // may throw: nothing is changed yet
    ggml_backend_buffer* buffer = galloc->buffer;
    for (auto& [t, block] : p.live.placements) {
        t->data = nullptr;
        t->buffer = nullptr;
        backend::place_tensor(buffer, t, buffer->base + p.packing.offsets[block], caller);
    }
    for (ggml_tensor* v : p.live.views) point_view(v, buffer, caller);
    galloc->last = p.stats;
}

PlanStats plan_graph(const ggml_cgraph* graph, const ggml_backend_buffer_type* buft, const char* caller) {
    return make_plan(graph, buft, nullptr, caller).stats;
}

}  // namespace lugh::alloc
