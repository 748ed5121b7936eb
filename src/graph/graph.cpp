#include "graph/graph.hpp"

#include <climits>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <new>
#include <unordered_set>
#include <vector>

#include "core/check.hpp"
#include "core/context.hpp"
#include "core/tensor_label.hpp"
#include "core/tensor_new.hpp"

namespace lugh::graph {

namespace {

constexpr size_t kHeaderBytes = (sizeof(ggml_cgraph) + 7) & ~size_t{7};
constexpr size_t kMaxSize = static_cast<size_t>(INT_MAX) / 4;

// Power of two above 2 * size: nodes plus leafs never fill the set.
size_t hash_size_for(size_t size) {
    size_t h = 1;
    while (h <= 2 * size) h <<= 1;
    return h;
}

// ---- the visited set ----------------------------------------------------------
// Keys are tensor pointers. During one build_forward, a tensor whose sources
// are still being walked is stored with its low bit set ("open"): meeting an
// open tensor again means src[] links form a cycle. Records are at least
// 8-byte aligned, so the bit is free.

constexpr uintptr_t kOpen = 1;

const ggml_tensor* untag(const ggml_tensor* k) {
    return reinterpret_cast<const ggml_tensor*>(reinterpret_cast<uintptr_t>(k) & ~kOpen);
}
bool is_open(const ggml_tensor* k) { return reinterpret_cast<uintptr_t>(k) & kOpen; }
const ggml_tensor* opened(const ggml_tensor* t) {
    return reinterpret_cast<const ggml_tensor*>(reinterpret_cast<uintptr_t>(t) | kOpen);
}

size_t slot_of(const ggml_tensor* t, size_t hash_size) {
    const uint64_t x = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(t)) >> 4;
    return static_cast<size_t>((x * 0x9E3779B97F4A7C15ull) >> 17) & (hash_size - 1);
}

// The slot holding t, or the empty slot where it would go.
const ggml_tensor** find_slot(const ggml_cgraph* g, const ggml_tensor* t) {
    for (size_t i = slot_of(t, g->hash_size);; i = (i + 1) & (g->hash_size - 1)) {
        const ggml_tensor* k = g->hash_keys[i];
        if (!k || untag(k) == t) return &g->hash_keys[i];
    }
}

// ---- one walk ------------------------------------------------------------------

struct Frame {
    ggml_tensor* t;
    int next_src;
};

// Reused by every build on this thread, so building a graph allocates nothing
// once the vectors have grown (an engine rebuilds its graph every token).
struct WalkScratch {
    std::vector<Frame> stack;
    std::vector<const ggml_tensor*> added;   // keys inserted by this walk, in order
};
WalkScratch& scratch() {
    thread_local WalkScratch s;
    s.stack.clear();
    s.added.clear();
    return s;
}

// Removes this walk's keys, newest first: a key's probe chain only passes
// through keys inserted before it, so each is still found.
void undo(ggml_cgraph* g, const std::vector<const ggml_tensor*>& added) {
    for (size_t i = added.size(); i-- > 0;) *find_slot(g, added[i]) = nullptr;
}

// How many new nodes and leafs t would add to g (slow; for the message of a
// graph that is full).
void count_new(const ggml_cgraph* g, ggml_tensor* t, size_t* nodes, size_t* leafs) {
    std::unordered_set<const ggml_tensor*> seen;
    std::vector<ggml_tensor*> todo{t};
    *nodes = *leafs = 0;
    while (!todo.empty()) {
        ggml_tensor* x = todo.back();
        todo.pop_back();
        if (*find_slot(g, x) || !seen.insert(x).second) continue;
        ++(x->op == GGML_OP_NONE ? *leafs : *nodes);
        for (ggml_tensor* s : x->src)
            if (s) todo.push_back(s);
    }
}

// The other contexts a graph reads, while build_forward adds tensors: starts
// as a copy of the graph's list and is written back only when the build succeeds.
struct ReadIds {
    ggml_cgraph* g;
    int n;
    uint32_t ids[kMaxReadContexts];

    explicit ReadIds(ggml_cgraph* graph) : g(graph), n(graph->n_read_contexts) {
        std::memcpy(ids, graph->read_ids, sizeof(uint32_t) * static_cast<size_t>(n));
    }

    // Record the context owning t, found already (nullptr: none, or made outside every arena).
    void note(ggml_context* owner, const ggml_tensor* t, const char* caller) {
        if (!owner || owner == g->ctx) return;
        const uint32_t id = g->ctx->reads.source_id(owner);
        for (int i = 0; i < n; ++i)
            if (ids[i] == id) return;
        if (n == kMaxReadContexts)
            core::fail("lugh: %s: tensor %s lives in context #%u, but the graph already reads tensors of %d "
                       "contexts besides its own (#%u), the most one graph may read from (kMaxReadContexts = %d)",
                       caller, core::tensor_label(t).text, owner->slot, n, g->ctx->slot, kMaxReadContexts);
        ids[n++] = id;
    }

    void commit() {
        std::memcpy(g->read_ids, ids, sizeof(uint32_t) * static_cast<size_t>(n));
        g->n_read_contexts = n;
    }
};

}  // namespace

size_t max_size() { return kMaxSize; }

size_t object_bytes(size_t size, const char* caller) {
    if (size == 0 || size > kMaxSize) core::fail("lugh: %s: graph size must be 1..%zu nodes, got %zu", caller, kMaxSize, size);
    const size_t ptrs = 2 * size + hash_size_for(size);
    return GGML_PAD(kHeaderBytes + ptrs * sizeof(void*), GGML_MEM_ALIGN);
}

ggml_cgraph* new_graph(ggml_context* ctx, size_t size, const char* caller) {
    const size_t bytes = object_bytes(size, caller);
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
    // An iterative post-order walk (graphs can be deeper than the stack
    // allows recursion). New tensors go into the visited set and straight
    // into nodes[] / leafs[] after the counts; the counts move only when the
    // whole walk succeeded, and a failed walk takes its keys out again, so a
    // refused build leaves the graph as it was.
    WalkScratch& w = scratch();
    ReadIds reads(g);
    const size_t room = static_cast<size_t>(g->size);
    size_t n_nodes = static_cast<size_t>(g->n_nodes), n_leafs = static_cast<size_t>(g->n_leafs);
    // Nodes plus leafs never exceed 2 * size; the set holds more than that.
    const size_t max_keys = 2 * room - n_nodes - n_leafs;
    bool full = false;

    auto visit = [&](ggml_tensor* x) {
        const ggml_tensor** slot = find_slot(g, x);
        if (*slot) {
            if (is_open(*slot))
                core::fail("lugh: %s: tensor %s is among its own sources (src[] links form a cycle); a graph "
                           "must be acyclic",
                           caller, core::tensor_label(x).text);
            return;
        }
        if (w.added.size() == max_keys) {
            full = true;
            return;
        }
        // Before anything follows x's pointers: the contexts it reads (its
        // sources', the memory it views) must still be there.
        ggml_context* owner = core::owner_of(x, g->ctx);
        core::require_reads_current(owner, x, caller);
        reads.note(owner, x, caller);
        if (x->view_src) reads.note(core::owner_of(x->view_src, g->ctx), x->view_src, caller);
        *slot = opened(x);
        w.added.push_back(x);
        w.stack.push_back({x, 0});
    };

    try {
        visit(t);
        while (!w.stack.empty() && !full) {
            Frame& f = w.stack.back();
            if (f.next_src < GGML_MAX_SRC) {
                ggml_tensor* s = f.t->src[f.next_src++];
                if (s) visit(s);
                continue;
            }
            ggml_tensor* done = f.t;
            w.stack.pop_back();
            *find_slot(g, done) = done;   // closed: its sources are all placed
            if (done->op == GGML_OP_NONE) {
                if (n_leafs < room) g->leafs[n_leafs] = done;
                ++n_leafs;
            } else {
                if (n_nodes < room) g->nodes[n_nodes] = done;
                ++n_nodes;
            }
        }
    } catch (...) {
        undo(g, w.added);
        throw;
    }
    if (full || n_nodes > room || n_leafs > room) {
        undo(g, w.added);
        size_t more_nodes = 0, more_leafs = 0;
        count_new(g, t, &more_nodes, &more_leafs);
        core::fail("lugh: %s: graph of size %d is full: it holds %d nodes and %d leafs and needs %zu and %zu more "
                   "(use ggml_new_graph_custom with a larger size)",
                   caller, g->size, g->n_nodes, g->n_leafs, more_nodes, more_leafs);
    }
    g->n_nodes = static_cast<int>(n_nodes);
    g->n_leafs = static_cast<int>(n_leafs);
    reads.commit();
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

const core::ContextRef& read_context(const ggml_cgraph* g, int i) { return g->ctx->reads.source(g->read_ids[i]); }

bool reads_live_contexts(const ggml_cgraph* g, const char* caller, std::string* why) {
    for (int i = 0; i < g->n_read_contexts; ++i) {
        const core::ContextRef& r = read_context(g, i);
        if (core::is_current(r)) continue;
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
    ggml_context* c = core::owner_of(t, g->ctx);
    return c ? c : g->ctx;
}

}  // namespace lugh::graph
