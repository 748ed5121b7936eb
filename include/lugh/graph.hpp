// lugh::Graph: a computation graph in a Context, and running it.
//
//     lugh::Graph g(ctx);          // room for 2048 nodes, in ctx's arena
//     g.build_forward(result);     // result and every node it depends on
//     g.compute(4);                // 4 threads; results bitwise equal for any count
//     g.n_nodes(); g.node(-1);     // the last node is `result`
//
// A Graph is a small copyable handle (like Tensor): when its context is
// destroyed or reset, every call throws lugh::Error instead of touching freed
// memory. compute() throws lugh::Error when a tensor of the graph has no data
// (a no_alloc context without a buffer) or a kernel meets bad data (a
// get_rows index out of range), with a message naming the tensor; the graph
// and its tensors stay usable.
//
// A graph may read tensors of other contexts (up to 16 besides its own):
// build_forward records them, and compute() (and node/get_tensor/has_tensor)
// throw lugh::Error once one of them was destroyed or reset, instead of
// reading freed memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "lugh/context.hpp"
#include "lugh/tensor.hpp"

struct ggml_cgraph;

namespace lugh {

class Graph {
public:
    static constexpr size_t kDefaultSize = 2048;   // GGML_DEFAULT_GRAPH_SIZE

    Graph() = default;   // an empty handle
    explicit Graph(Context& ctx, size_t max_nodes = kDefaultSize);

    // Add t and the nodes it depends on. Throws when the graph is full or
    // would read more than 16 other contexts.
    void build_forward(const Tensor& t);
    // Run every node on n_threads (1..512) threads. The work buffer is kept
    // per calling thread (never taken from a context's arena).
    void compute(int n_threads);
    // The same; ctx is only checked to be live (the first version of this
    // call took it; the graph's own context is what the graph uses).
    void compute(Context& ctx, int n_threads);

    int n_nodes() const;
    int n_leafs() const;
    int size() const;
    // Node i; negative i counts from the end. Throws when out of range. The
    // handle is tied to the context the tensor lives in (not necessarily the
    // graph's), so it dies with that context.
    Tensor node(int i) const;
    // The node or leaf with this name, tied to its own context; throws when there is none.
    Tensor get_tensor(const std::string& name) const;
    bool has_tensor(const std::string& name) const;

    bool alive() const;
    // The C API view; throws unless alive().
    ggml_cgraph* raw() const;

private:
    ggml_context* ctx_ = nullptr;
    uint32_t generation_ = 0;
    ggml_cgraph* graph_ = nullptr;
};

}  // namespace lugh
