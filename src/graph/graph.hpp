// Building graphs: the arena object, the visited-set and the topological
// walk behind ggml_build_forward_expand and lugh::Graph.
#pragma once

#include <cstddef>

#include "graph/cgraph.hpp"

namespace lugh::graph {

// Bytes of one graph object of `size` nodes (what new_graph takes from the arena).
size_t object_bytes(size_t size);
// A new empty graph in ctx's arena. Throws on size 0, size too large, or a full arena.
ggml_cgraph* new_graph(ggml_context* ctx, size_t size, const char* caller);
// Add t and every node it depends on that the graph does not hold yet,
// sources before users. Throws when the graph has no room (nothing is added then).
void build_forward(ggml_cgraph* g, ggml_tensor* t, const char* caller);
// Node i (negative: from the end); throws when out of range.
ggml_tensor* node(const ggml_cgraph* g, int i, const char* caller);
// The node or leaf named `name`, or nullptr.
ggml_tensor* find(const ggml_cgraph* g, const char* name);
// Forget nodes and leafs.
void clear(ggml_cgraph* g);

}  // namespace lugh::graph
