// lugh::Graph: a computation graph in a Context, and running it.
//
//     lugh::Graph g(ctx);          // room for 2048 nodes, in ctx's arena
//     g.build_forward(result);     // result and every node it depends on
//     g.compute(ctx, 4);           // 4 threads; results bitwise equal for any count
//     g.n_nodes(); g.node(-1);     // the last node is `result`
//
// A Graph is a small copyable handle (like Tensor): when its context is
// destroyed or reset, every call throws lugh::Error instead of touching freed
// memory. compute() throws lugh::Error when a tensor of the graph has no data
// (a no_alloc context without a buffer) or a kernel meets bad data (a
// get_rows index out of range), with a message naming the tensor.
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

    // Add t and the nodes it depends on. Throws when the graph is full.
    void build_forward(const Tensor& t);
    // Run every node on n_threads (1..512) threads. ctx must be alive; the
    // work buffer comes from a per-thread cache, not ctx's arena.
    void compute(Context& ctx, int n_threads);

    int n_nodes() const;
    int n_leafs() const;
    int size() const;
    // Node i; negative i counts from the end. Throws when out of range. The
    // handle is tied to the graph's context (build nodes in that context, or
    // keep the contexts they live in alive while using it).
    Tensor node(int i) const;
    // The node or leaf with this name; throws when there is none.
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
