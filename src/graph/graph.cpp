#include "graph/graph.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <new>
#include <unordered_set>
#include <vector>

#include "core/borrows.hpp"
#include "core/check.hpp"
#include "core/context.hpp"
#include "core/registry.hpp"
#include "core/tensor_label.hpp"
#include "core/tensor_new.hpp"

namespace lugh::graph {

namespace {

// Power of two above 2 * size: nodes plus leafs never fill the set.
size_t hash_size_for(size_t size) {
    size_t h = 1;
    while (h <= 2 * size) h <<= 1;
    return h;
}

size_t slot_of(const ggml_tensor* t, size_t hash_size) {
    const uint64_t x = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(t)) >> 4;
    return static_cast<size_t>((x * 0x9E3779B97F4A7C15ull) >> 17) & (hash_size - 1);
}

bool hash_contains(const ggml_cgraph* g, const ggml_tensor* t) {
    for (size_t i = slot_of(t, g->hash_size);; i = (i + 1) & (g->hash_size - 1)) {
        if (g->hash_keys[i] == t) return true;
        if (!g->hash_keys[i]) return false;
    }
}

void hash_insert(ggml_cgraph* g, const ggml_tensor* t) {
    size_t i = slot_of(t, g->hash_size);
    while (g->hash_keys[i] && g->hash_keys[i] != t) i = (i + 1) & (g->hash_size - 1);
    g->hash_keys[i] = t;
}

bool in_region(const ReadContext& r, const void* p) {
    const auto a = reinterpret_cast<uintptr_t>(p);
    return a >= r.begin && a < r.end;
}

bool still_valid(const ReadContext& r) {
    return r.ctx->live.load(std::memory_order_acquire) &&
           r.ctx->generation.load(std::memory_order_acquire) == r.generation;
}

// The contexts a graph reads, while build_forward adds tensors: starts as a
// copy of the graph's list and is written back only when the build succeeds.
struct ReadSet {
    const ggml_cgraph* g;
    int n;
    ReadContext at[kMaxReadContexts];

    explicit ReadSet(const ggml_cgraph* graph) : g(graph), n(graph->n_read_contexts) {
        std::copy(graph->read_contexts, graph->read_contexts + n, at);
    }

    // Record the context holding t, unless it is the graph's own, already
    // known, or none (a tensor record made outside every arena).
    void note(const ggml_tensor* t, const char* caller) {
        // Cheapest first: the graph's own arena, then the contexts seen
        // already; only a tensor of a new context costs a registry scan.
        if (g->ctx->arena.holds_record(t)) return;
        for (int i = 0; i < n; ++i)
            if (in_region(at[i], t) && still_valid(at[i])) return;
        // The region is read under the registry mutex: c may belong to
        // another thread, which may free it at any moment.
        uintptr_t region[2];
        ggml_context* c = core::ContextRegistry::instance().owner_of(t, region);
        if (!c || c == g->ctx) return;
        const uint32_t generation = c->generation.load(std::memory_order_acquire);
        for (int i = 0; i < n; ++i)
            if (at[i].ctx == c && at[i].generation == generation) return;
        if (n == kMaxReadContexts)
            core::fail("lugh: %s: tensor %s lives in context #%u, but the graph already reads tensors of %d "
                       "contexts besides its own (#%u), the most one graph may read from (kMaxReadContexts = %d)",
                       caller, core::tensor_label(t).text, c->slot, n, g->ctx->slot, kMaxReadContexts);
        at[n++] = ReadContext{c, generation, region[0], region[1]};
    }
};

constexpr size_t kHeaderBytes = (sizeof(ggml_cgraph) + 7) & ~size_t{7};
constexpr size_t kMaxSize = static_cast<size_t>(INT_MAX) / 4;

}  // namespace

size_t object_bytes(size_t size) {
    const size_t ptrs = 2 * size + hash_size_for(size);
    return GGML_PAD(kHeaderBytes + ptrs * sizeof(void*), GGML_MEM_ALIGN);
}

ggml_cgraph* new_graph(ggml_context* ctx, size_t size, const char* caller) {
    if (size == 0 || size > kMaxSize) core::fail("lugh: %s: graph size must be 1..%zu nodes, got %zu", caller, kMaxSize, size);
    const size_t bytes = object_bytes(size);
    void* mem = core::new_object(ctx, bytes, caller);
    std::memset(mem, 0, bytes);
    auto* g = new (mem) ggml_cgraph();
    auto** ptrs = reinterpret_cast<ggml_tensor**>(static_cast<char*>(mem) + kHeaderBytes);
    g->size = static_cast<int>(size);
    g->nodes = ptrs;
    g->leafs = ptrs + size;
    g->hash_size = hash_size_for(size);
    g->hash_keys = const_cast<const ggml_tensor**>(ptrs + 2 * size);
    g->ctx = ctx;
    return g;
}

void build_forward(ggml_cgraph* g, ggml_tensor* t, const char* caller) {
    if (!g) core::fail("lugh: %s: graph is NULL", caller);
    if (!t) core::fail("lugh: %s: tensor is NULL", caller);
    // Iterative post-order walk (graphs can be deeper than the stack allows
    // recursion), collecting new tensors first so a full graph stays unchanged.
    struct Frame {
        ggml_tensor* t;
        int next_src;
    };
    std::vector<Frame> stack;
    std::unordered_set<const ggml_tensor*> seen;
    std::vector<ggml_tensor*> new_nodes, new_leafs;
    auto visit = [&](ggml_tensor* x) {
        if (hash_contains(g, x) || !seen.insert(x).second) return;
        // Before anything reads x's sources: if one of them (or the memory x
        // views) belonged to a context that has gone since, x's pointers
        // lead into freed memory (core/borrows.hpp).
        ggml_context* xc = g->ctx->arena.holds_record(x) ? g->ctx : core::ContextRegistry::instance().owner_of(x);
        if (xc) core::require_borrows_alive(xc, x, caller);
        stack.push_back({x, 0});
    };
    visit(t);
    while (!stack.empty()) {
        Frame& f = stack.back();
        if (f.next_src < GGML_MAX_SRC) {
            ggml_tensor* s = f.t->src[f.next_src++];
            if (s) visit(s);
            continue;
        }
        ggml_tensor* done = f.t;
        stack.pop_back();
        (done->op == GGML_OP_NONE ? new_leafs : new_nodes).push_back(done);
    }
    if (g->n_nodes + new_nodes.size() > static_cast<size_t>(g->size) ||
        g->n_leafs + new_leafs.size() > static_cast<size_t>(g->size))
        core::fail("lugh: %s: graph of size %d is full: it holds %d nodes and %d leafs and needs %zu and %zu more "
                   "(use ggml_new_graph_custom with a larger size)",
                   caller, g->size, g->n_nodes, g->n_leafs, new_nodes.size(), new_leafs.size());
    // Which contexts the new tensors (and the memory their views use) live in.
    ReadSet reads(g);
    for (const auto* list : {&new_leafs, &new_nodes})
        for (const ggml_tensor* x : *list) {
            reads.note(x, caller);
            if (x->view_src) reads.note(x->view_src, caller);
        }
    std::copy(reads.at, reads.at + reads.n, g->read_contexts);
    g->n_read_contexts = reads.n;
    for (ggml_tensor* x : new_leafs) {
        g->leafs[g->n_leafs++] = x;
        hash_insert(g, x);
    }
    for (ggml_tensor* x : new_nodes) {
        g->nodes[g->n_nodes++] = x;
        hash_insert(g, x);
    }
}

ggml_tensor* node(const ggml_cgraph* g, int i, const char* caller) {
    if (!g) core::fail("lugh: %s: graph is NULL", caller);
    const int at = i < 0 ? g->n_nodes + i : i;
    if (at < 0 || at >= g->n_nodes)
        core::fail("lugh: %s: node index %d is out of range for a graph of %d nodes", caller, i, g->n_nodes);
    return g->nodes[at];
}

ggml_tensor* find(const ggml_cgraph* g, const char* name) {
    if (!g || !name) return nullptr;
    for (int i = 0; i < g->n_leafs; ++i)
        if (std::strcmp(g->leafs[i]->name, name) == 0) return g->leafs[i];
    for (int i = 0; i < g->n_nodes; ++i)
        if (std::strcmp(g->nodes[i]->name, name) == 0) return g->nodes[i];
    return nullptr;
}

void clear(ggml_cgraph* g) {
    g->n_nodes = 0;
    g->n_leafs = 0;
    g->n_read_contexts = 0;
    std::memset(static_cast<void*>(g->hash_keys), 0, g->hash_size * sizeof(*g->hash_keys));
}

bool reads_live_contexts(const ggml_cgraph* g, const char* caller, std::string* why) {
    for (int i = 0; i < g->n_read_contexts; ++i) {
        const ReadContext& r = g->read_contexts[i];
        if (still_valid(r)) continue;
        if (why) {
            char msg[256];
            std::snprintf(msg, sizeof msg,
                          "lugh: %s: the graph reads tensors of context #%u, which was destroyed or reset after the "
                          "graph was built",
                          caller, r.ctx->slot);
            *why = msg;
        }
        return false;
    }
    return true;
}

void require_live_contexts(const ggml_cgraph* g, const char* caller) {
    std::string why;
    if (!reads_live_contexts(g, caller, &why)) throw Error(why);
}

ggml_context* owner(const ggml_cgraph* g, const ggml_tensor* t) {
    if (g->ctx->arena.holds_record(t)) return g->ctx;
    for (int i = 0; i < g->n_read_contexts; ++i) {
        const ReadContext& r = g->read_contexts[i];
        if (in_region(r, t) && still_valid(r)) return r.ctx;
    }
    ggml_context* c = core::ContextRegistry::instance().owner_of(t);
    return c ? c : g->ctx;
}

}  // namespace lugh::graph
