// struct ggml_cgraph: a computation graph, as the executor and the memory
// planner see it. The object itself lives in its context's arena (made by
// ggml_new_graph); `nodes` and `leafs` point into the same allocation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::graph {

// Most contexts other than its own that one graph may read tensors from.
constexpr int kMaxReadContexts = 16;

}  // namespace lugh::graph

struct ggml_cgraph {
    int size = 0;                    // capacity of nodes[] and of leafs[]
    int n_nodes = 0;                 // tensors with an op, in execution (topological) order
    int n_leafs = 0;                 // tensors without an op (inputs, weights, constants) it reads
    ggml_tensor** nodes = nullptr;
    ggml_tensor** leafs = nullptr;

    // Open-addressing set of the tensors already visited by build_forward,
    // so a tensor reached twice is added once (hash_size slots, > 2 * size).
    size_t hash_size = 0;
    const ggml_tensor** hash_keys = nullptr;

    ggml_context* ctx = nullptr;     // the context whose arena holds the graph

    // The other contexts whose tensors (or views' memory) the graph holds:
    // ids of sources in ctx->reads (core/cross_reads.hpp), each at the
    // generation it had when build_forward met it.
    int n_read_contexts = 0;
    uint32_t read_ids[lugh::graph::kMaxReadContexts];
};
