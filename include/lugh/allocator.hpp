// lugh::GraphAllocator: the memory planner for compute graphs.
//
//     lugh::Context compute({64 << 20, nullptr, true});   // metadata only
//     lugh::GraphAllocator planner;
//     for (int step = 0; step < n; ++step) {
//         compute.reset();
//         ggml_cgraph* g = build(compute);                  // graph of this step
//         planner.alloc_graph(g);                           // one reused buffer
//         backend.compute(g);
//     }
//
// Every intermediate tensor gets an offset in one buffer, reused as soon as
// its last consumer has run (in place where the op allows it). Inputs and
// outputs (ggml_set_input / ggml_set_output) and results nothing consumes
// keep their memory; tensors that already have data are left alone. The
// buffer grows when a graph needs more than any before, and never shrinks.
#pragma once

#include <cstddef>

#include "lugh/error.hpp"

struct ggml_gallocr;
struct ggml_cgraph;

namespace lugh {

class Graph;

// What the last plan found (bytes).
struct PlanFigures {
    size_t planned = 0;          // the buffer this graph needs
    size_t lower_bound = 0;      // most bytes live at any one step: no packing does better
    size_t sum_of_tensors = 0;   // with no reuse at all
    size_t n_tensors = 0;        // tensors placed
    int n_inplace = 0;           // nodes that run in their input's memory
};

class GraphAllocator {
public:
    GraphAllocator();   // CPU buffers
    ~GraphAllocator();
    GraphAllocator(GraphAllocator&& other) noexcept;
    GraphAllocator& operator=(GraphAllocator&& other) noexcept;
    GraphAllocator(const GraphAllocator&) = delete;
    GraphAllocator& operator=(const GraphAllocator&) = delete;

    // Size the buffer for graph (e.g. the worst case) without touching its tensors.
    void reserve(ggml_cgraph* graph);
    void reserve(const Graph& graph);
    // Give every tensor of graph that needs memory its place.
    void alloc_graph(ggml_cgraph* graph);
    void alloc_graph(const Graph& graph);

    size_t buffer_size() const;         // bytes of the buffer now
    PlanFigures last_plan() const;      // figures of the last reserve / alloc_graph
    ggml_gallocr* raw() const;

private:
    ggml_gallocr* galloc_ = nullptr;
};

}  // namespace lugh
