#include "alloc/liveness.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "backend/tensor_data.hpp"
#include "core/check.hpp"
#include "core/op_info.hpp"
#include "core/tensor_shape.hpp"
#include "graph/cgraph.hpp"

namespace lugh::alloc {

namespace {

struct StorageInfo {
    bool managed = false;     // the planner places it
    bool is_node = false;     // made by a node of this graph (else a leaf or outside tensor)
    int start = 0;
    int end = 0;
    size_t size = 0;          // padded bytes
    size_t block = SIZE_MAX;
};

class Analysis {
public:
    Analysis(const ggml_cgraph* g, const ggml_backend_buffer_type* buft, const ggml_backend_buffer* own,
             const char* caller)
        : g_(g), buft_(buft), own_(own), caller_(caller), last_step_(g->n_nodes + 1) {}

    GraphLiveness run() {
        for (int i = 0; i < g_->n_nodes; ++i) node_step_[g_->nodes[i]] = i + 1;
        for (int i = 0; i < g_->n_leafs; ++i) visit(g_->leafs[i]);
        for (int i = 0; i < g_->n_nodes; ++i) {
            ggml_tensor* node = g_->nodes[i];
            if (!node) core::fail("lugh: %s: node %d of the graph is NULL", caller_, i);
            visit(node);
            for (ggml_tensor* s : node->src)
                if (s) visit(s);
        }
        mark_uses();
        form_blocks();
        return std::move(out_);
    }

private:
    StorageInfo& info(const ggml_tensor* storage) { return storage_.at(storage); }

    // Record t (and, through views, the tensor that owns its memory).
    void visit(ggml_tensor* t) {
        if (seen_.count(t)) return;
        seen_.insert(t);
        if (t->view_src) {
            out_.views.push_back(t);
            visit(t->view_src);
            return;
        }
        StorageInfo s;
        s.managed = t->data == nullptr || (own_ != nullptr && t->buffer == own_);
        auto step = node_step_.find(t);
        s.is_node = step != node_step_.end();
        s.start = s.is_node ? step->second : 0;
        s.end = s.start;
        if (t->flags & GGML_TENSOR_FLAG_INPUT) {
            s.start = 0;
            s.end = last_step_;
        }
        if (s.managed) {
            s.size = std::max(backend::padded_size(buft_, core::nbytes(t), caller_), buft_->alignment);
            if (core::add_overflows(out_.sum_of_tensors, s.size, &out_.sum_of_tensors))
                core::fail("lugh: %s: the graph's tensors need more than SIZE_MAX bytes", caller_);
        }
        storage_.emplace(t, s);
        order_.push_back(t);
    }

    void extend(const ggml_tensor* t, int step) {
        StorageInfo& s = info(backend::storage_of(t));
        s.end = std::max(s.end, step);
    }

    void mark_uses() {
        std::unordered_map<const ggml_tensor*, int> consumers;
        for (int i = 0; i < g_->n_nodes; ++i) {
            const ggml_tensor* node = g_->nodes[i];
            for (const ggml_tensor* s : node->src) {
                if (!s) continue;
                extend(s, i + 1);
                ++consumers[s];
            }
            if (node->view_src) extend(node, i + 1);   // e.g. a copy into a view writes its source now
        }
        for (int i = 0; i < g_->n_nodes; ++i) {
            const ggml_tensor* node = g_->nodes[i];
            if (consumers[node] == 0 || (node->flags & GGML_TENSOR_FLAG_OUTPUT)) extend(node, last_step_);
        }
        for (int i = 0; i < g_->n_leafs; ++i)
            if (g_->leafs[i]->flags & (GGML_TENSOR_FLAG_OUTPUT | GGML_TENSOR_FLAG_INPUT)) extend(g_->leafs[i], last_step_);
    }

    // The source whose block `node` may take over, or nullptr.
    const ggml_tensor* in_place_source(const ggml_tensor* node, int step) {
        if (!core::op_runs_in_place(node->op) || !core::is_contiguous(node)) return nullptr;
        for (const ggml_tensor* s : node->src) {
            if (!s) continue;
            const ggml_tensor* root = backend::storage_of(s);
            const StorageInfo& r = info(root);
            if (!r.managed || !r.is_node || r.end != step || r.block == SIZE_MAX) continue;
            if (s->type != node->type || !core::same_shape(s, node) || !core::same_stride(s, node)) continue;
            if (s != root && s->view_offs != 0) continue;
            if (r.size < core::nbytes(node)) continue;
            // Another source reading the same memory through a different view
            // could see elements this node has already overwritten.
            bool aliased = false;
            for (const ggml_tensor* o : node->src)
                if (o && o != s && backend::storage_of(o) == root) aliased = true;
            if (!aliased) return root;
        }
        return nullptr;
    }

    void form_blocks() {
        // Leafs and outside tensors first (they live from step 0), then nodes in execution order.
        std::stable_sort(order_.begin(), order_.end(),
                         [&](const ggml_tensor* a, const ggml_tensor* b) { return info(a).start < info(b).start; });
        for (ggml_tensor* t : order_) {
            StorageInfo& s = info(t);
            if (!s.managed) continue;
            const ggml_tensor* donor = s.is_node ? in_place_source(t, s.start) : nullptr;
            if (donor) {
                s.block = info(donor).block;
                LiveRange& b = out_.blocks[s.block];
                b.end = std::max(b.end, s.end);
                ++out_.n_inplace;
            } else {
                s.block = out_.blocks.size();
                out_.blocks.push_back(LiveRange{s.size, s.start, s.end});
            }
            out_.placements.emplace_back(t, s.block);
        }
    }

    const ggml_cgraph* g_;
    const ggml_backend_buffer_type* buft_;
    const ggml_backend_buffer* own_;
    const char* caller_;
    const int last_step_;
    std::unordered_map<const ggml_tensor*, int> node_step_;
    std::unordered_set<const ggml_tensor*> seen_;
    std::unordered_map<const ggml_tensor*, StorageInfo> storage_;
    std::vector<ggml_tensor*> order_;   // storage tensors, as first seen
    GraphLiveness out_;
};

}  // namespace

GraphLiveness analyse_graph(const ggml_cgraph* graph, const ggml_backend_buffer_type* buft,
                            const ggml_backend_buffer* own, const char* caller) {
    if (!graph) core::fail("lugh: %s: graph is NULL", caller);
    if (graph->n_nodes < 0 || graph->n_leafs < 0 || graph->n_nodes > graph->size || graph->n_leafs > graph->size)
        core::fail("lugh: %s: graph has %d nodes and %d leafs for a size of %d", caller, graph->n_nodes,
                   graph->n_leafs, graph->size);
    return Analysis(graph, buft, own, caller).run();
}

}  // namespace lugh::alloc
