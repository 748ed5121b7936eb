// Building graphs by hand for the planner's tests and benchmark: tensors in a
// metadata-only context with op and sources set directly, and a ggml_cgraph
// struct filled in execution order (the order nodes are made). It needs
// nothing but the core, so the planner can be tested without the op library.
#pragma once

#include <cstring>
#include <memory>
#include <vector>

#include "core/tensor_new.hpp"
#include "graph/cgraph.hpp"
#include "lugh/ggml/ggml-alloc.h"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml.h"

namespace lugh::testing {

class HandGraph {
public:
    explicit HandGraph(size_t max_tensors = 4096)
        : ctx_(ggml_init(ggml_init_params{max_tensors * sizeof(ggml_tensor) + 4096, nullptr, true})) {}
    ~HandGraph() {
        ggml_backend_buffer_free(weight_buffer_);
        ggml_free(ctx_);
        ggml_free(weight_ctx_);
    }
    HandGraph(const HandGraph&) = delete;
    HandGraph& operator=(const HandGraph&) = delete;

    ggml_context* ctx() const { return ctx_; }

    // A leaf: a tensor with no op (input, weight, constant).
    ggml_tensor* leaf(std::vector<int64_t> ne, const char* name = "leaf") {
        ggml_tensor* t = core::new_tensor(ctx_, GGML_TYPE_F32, (int)ne.size(), ne.data(), nullptr, 0, "HandGraph");
        ggml_set_name(t, name);
        leafs_.push_back(t);
        return t;
    }

    // A weight: a leaf in a separate metadata-only context whose data
    // allocate_weights() places in a backend buffer, so the planner leaves it alone.
    ggml_tensor* weight(std::vector<int64_t> ne, const char* name = "weight") {
        ggml_tensor* t = core::new_tensor(weight_ctx_, GGML_TYPE_F32, (int)ne.size(), ne.data(), nullptr, 0, "HandGraph");
        ggml_set_name(t, name);
        return add_leaf(t);
    }
    void allocate_weights() {
        if (!weight_buffer_)
            weight_buffer_ = ggml_backend_alloc_ctx_tensors_from_buft(weight_ctx_, ggml_backend_cpu_buffer_type());
    }

    // A leaf made elsewhere (e.g. a weight in a context that has its data).
    ggml_tensor* add_leaf(ggml_tensor* t) {
        leafs_.push_back(t);
        return t;
    }

    // A node computing `op` from srcs, with a fresh output of shape ne.
    ggml_tensor* node(ggml_op op, std::vector<int64_t> ne, std::vector<ggml_tensor*> srcs, const char* name = "node") {
        ggml_tensor* t = core::new_tensor(ctx_, GGML_TYPE_F32, (int)ne.size(), ne.data(), nullptr, 0, "HandGraph");
        return finish(t, op, srcs, name);
    }
    ggml_tensor* same(ggml_op op, ggml_tensor* a, std::vector<ggml_tensor*> srcs, const char* name = "node") {
        return node(op, {a->ne[0], a->ne[1], a->ne[2], a->ne[3]}, srcs, name);
    }
    // ggml's matmul shape rule: a [K, M, ...], b [K, N, ...] -> [M, N, ...].
    ggml_tensor* mul_mat(ggml_tensor* a, ggml_tensor* b, const char* name = "mul_mat") {
        return node(GGML_OP_MUL_MAT, {a->ne[1], b->ne[1], b->ne[2], b->ne[3]}, {a, b}, name);
    }

    // A view node of src: shape ne, byte strides nb, starting offs bytes in.
    ggml_tensor* view(ggml_op op, ggml_tensor* src, std::vector<int64_t> ne, std::vector<size_t> nb, size_t offs,
                      const char* name = "view") {
        ggml_tensor* t = core::new_tensor(ctx_, src->type, (int)ne.size(), ne.data(), src, offs, "HandGraph");
        for (size_t i = 0; i < nb.size(); ++i) t->nb[i] = nb[i];
        for (size_t i = nb.size(); i < 4; ++i) t->nb[i] = t->nb[i - 1] * t->ne[i - 1];
        core::check_view_bounds(t, "HandGraph");
        return finish(t, op, {src}, name);
    }
    ggml_tensor* reshape(ggml_tensor* src, std::vector<int64_t> ne, const char* name = "reshape") {
        ggml_tensor* t = core::new_tensor(ctx_, src->type, (int)ne.size(), ne.data(), src, 0, "HandGraph");
        return finish(t, GGML_OP_RESHAPE, {src}, name);
    }
    // Swap axes as ggml_permute(src, ...) does for a 4-d permutation `axis`.
    ggml_tensor* permute(ggml_tensor* src, int a0, int a1, int a2, int a3, const char* name = "permute") {
        const int axis[4] = {a0, a1, a2, a3};
        int64_t ne[4];
        size_t nb[4];
        for (int i = 0; i < 4; ++i) {
            ne[axis[i]] = src->ne[i];
            nb[axis[i]] = src->nb[i];
        }
        return view(GGML_OP_PERMUTE, src, {ne[0], ne[1], ne[2], ne[3]}, {nb[0], nb[1], nb[2], nb[3]}, 0, name);
    }

    // The graph: every node made so far in order, every leaf.
    ggml_cgraph* graph() {
        g_.size = (int)std::max(nodes_.size(), leafs_.size()) + 1;
        g_.n_nodes = (int)nodes_.size();
        g_.n_leafs = (int)leafs_.size();
        g_.nodes = nodes_.data();
        g_.leafs = leafs_.data();
        g_.ctx = ctx_;
        return &g_;
    }
    const std::vector<ggml_tensor*>& nodes() const { return nodes_; }
    const std::vector<ggml_tensor*>& leafs() const { return leafs_; }

private:
    ggml_tensor* finish(ggml_tensor* t, ggml_op op, const std::vector<ggml_tensor*>& srcs, const char* name) {
        t->op = op;
        for (size_t i = 0; i < srcs.size() && i < GGML_MAX_SRC; ++i) t->src[i] = srcs[i];
        ggml_set_name(t, name);
        nodes_.push_back(t);
        return t;
    }

    ggml_context* ctx_;
    ggml_context* weight_ctx_ = ggml_init(ggml_init_params{1 << 20, nullptr, true});
    ggml_backend_buffer_t weight_buffer_ = nullptr;
    std::vector<ggml_tensor*> nodes_, leafs_;
    ggml_cgraph g_;
};

}  // namespace lugh::testing
