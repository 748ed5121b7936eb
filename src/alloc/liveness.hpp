// From a graph to live ranges: which tensors the planner must place, how long
// each must keep its bytes, and which nodes can write over a dying input.
//
// Steps: 0 is "before the graph runs" (leafs and inputs are written then),
// node i runs at step i + 1, and n_nodes + 1 is "after the graph ran".
//   - Only tensors that own memory (not views) get a block; a view extends
//     its source's range to cover the view and the view's consumers.
//   - A tensor with data from elsewhere (weights, another buffer) is left alone;
//     one already in the planner's own buffer is planned again.
//   - Inputs (ggml_set_input) live from step 0 to the end; outputs
//     (ggml_set_output) and nodes nothing consumes live to the end.
//   - In place: an element-wise node whose source has the same type, shape and
//     strides, is not read by anyone after this node, and is not a leaf,
//     takes over that source's block instead of getting a new one.
#pragma once

#include <cstddef>
#include <vector>

#include "alloc/pack.hpp"
#include "backend/buffer.hpp"

struct ggml_cgraph;

namespace lugh::alloc {

struct GraphLiveness {
    std::vector<LiveRange> blocks;
    // Every tensor that owns memory and needs a place, with its block.
    std::vector<std::pair<ggml_tensor*, size_t>> placements;
    // Views reachable from the graph, to point at their sources afterwards.
    std::vector<ggml_tensor*> views;
    size_t sum_of_tensors = 0;   // bytes if every placed tensor had its own memory
    int n_inplace = 0;           // nodes that reuse a source's block
};

// `own` is the planner's buffer (may be nullptr): tensors in it are planned again.
GraphLiveness analyse_graph(const ggml_cgraph* graph, const ggml_backend_buffer_type* buft,
                            const ggml_backend_buffer* own, const char* caller);

}  // namespace lugh::alloc
