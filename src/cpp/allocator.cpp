#include "lugh/allocator.hpp"

#include "alloc/graph_allocator.hpp"
#include "core/check.hpp"
#include "lugh/graph.hpp"

namespace lugh {

GraphAllocator::GraphAllocator() : galloc_(alloc::gallocr_new(backend::cpu_buffer_type(), "GraphAllocator")) {}
GraphAllocator::~GraphAllocator() {
    if (galloc_) alloc::gallocr_free(galloc_, "~GraphAllocator");
}
GraphAllocator::GraphAllocator(GraphAllocator&& other) noexcept : galloc_(other.galloc_) { other.galloc_ = nullptr; }
GraphAllocator& GraphAllocator::operator=(GraphAllocator&& other) noexcept {
    if (this != &other) {
        if (galloc_) alloc::gallocr_free(galloc_, "GraphAllocator");
        galloc_ = other.galloc_;
        other.galloc_ = nullptr;
    }
    return *this;
}

ggml_gallocr* GraphAllocator::raw() const {
    if (!galloc_) core::fail("lugh: this GraphAllocator was moved from");
    return galloc_;
}

void GraphAllocator::reserve(ggml_cgraph* graph) { alloc::gallocr_reserve(raw(), graph, "GraphAllocator::reserve"); }
void GraphAllocator::alloc_graph(ggml_cgraph* graph) {
    alloc::gallocr_alloc_graph(raw(), graph, "GraphAllocator::alloc_graph");
}
void GraphAllocator::reserve(const Graph& graph) { reserve(graph.raw()); }
void GraphAllocator::alloc_graph(const Graph& graph) { alloc_graph(graph.raw()); }
size_t GraphAllocator::buffer_size() const { return raw()->buffer->size; }

PlanFigures GraphAllocator::last_plan() const {
    const alloc::PlanStats& s = raw()->last;
    return PlanFigures{s.planned, s.lower_bound, s.sum_of_tensors, s.n_tensors, s.n_inplace};
}

}  // namespace lugh
