// Building graphs: the arena object, the visited-set and the topological
// walk behind ggml_build_forward_expand and lugh::Graph.
#pragma once

#include <cstddef>
#include <string>

#include "core/cross_reads.hpp"
#include "graph/cgraph.hpp"

namespace lugh::graph {

// Bytes of one graph object of `size` nodes (what new_graph takes from the
// arena). Throws, naming `caller`, unless size is 1..max_size().
size_t object_bytes(size_t size, const char* caller);
size_t max_size();
// A new empty graph in ctx's arena. Throws on size 0, size too large, or a full arena.
ggml_cgraph* new_graph(ggml_context* ctx, size_t size, const char* caller);
// Add t and every node it depends on that the graph does not hold yet,
// sources before users. Throws (and adds nothing) when the graph has no
// room, a tensor reads a context that is gone, or src[] links form a cycle.
void build_forward(ggml_cgraph* g, ggml_tensor* t, const char* caller);
// Node i (negative: from the end); throws when out of range.
ggml_tensor* node(const ggml_cgraph* g, int i, const char* caller);
// The node or leaf named `name`, or nullptr.
ggml_tensor* find(const ggml_cgraph* g, const char* name);
// Forget nodes, leafs and the contexts they came from.
void clear(ggml_cgraph* g);

// Other context i (0 <= i < g->n_read_contexts) the graph reads, at the
// generation build_forward met it.
const core::ContextRef& read_context(const ggml_cgraph* g, int i);
// Is every context the graph reads from (other than its own) still live at
// the generation it had when build_forward met it? If not and `why` is given,
// *why says which one, in a message naming `caller`.
bool reads_live_contexts(const ggml_cgraph* g, const char* caller = "compute", std::string* why = nullptr);
// Throws lugh::Error with that message unless reads_live_contexts(g).
void require_live_contexts(const ggml_cgraph* g, const char* caller);
// The context holding tensor t of graph g: the one whose arena holds the
// record, or the graph's own for a record made outside every arena.
ggml_context* owner(const ggml_cgraph* g, const ggml_tensor* t);

}  // namespace lugh::graph
