// ggml-alloc.h: the tensor allocator, whole-context allocation and the graph
// planner, as thin shims onto src/alloc/.
#include <cstdio>

#include "alloc/ctx_alloc.hpp"
#include "alloc/graph_allocator.hpp"
#include "backend/cpu_backend.hpp"
#include "capi/guard.hpp"
#include "capi/log.hpp"
#include "core/check.hpp"
#include "graph/cgraph.hpp"
#include "lugh/ggml/ggml-alloc.h"

using lugh::capi::guarded;
using lugh::capi::need;
namespace al = lugh::alloc;

extern "C" {

ggml_tallocr ggml_tallocr_new(ggml_backend_buffer_t buffer) {
    return guarded([&] { return al::tallocr_new(buffer, "ggml_tallocr_new"); });
}

enum ggml_status ggml_tallocr_alloc(ggml_tallocr* talloc, ggml_tensor* tensor) {
    guarded([&] { al::tallocr_alloc(talloc, tensor, "ggml_tallocr_alloc"); });
    return GGML_STATUS_SUCCESS;
}

size_t ggml_backend_alloc_ctx_tensors_from_buft_size(ggml_context* ctx, ggml_backend_buffer_type_t buft) {
    return guarded([&] { return al::ctx_tensors_size(ctx, buft, "ggml_backend_alloc_ctx_tensors_from_buft_size"); });
}

ggml_backend_buffer_t ggml_backend_alloc_ctx_tensors_from_buft(ggml_context* ctx, ggml_backend_buffer_type_t buft) {
    return guarded([&] { return al::alloc_ctx_tensors(ctx, buft, "ggml_backend_alloc_ctx_tensors_from_buft"); });
}

ggml_backend_buffer_t ggml_backend_alloc_ctx_tensors(ggml_context* ctx, ggml_backend_t backend) {
    return guarded([&] {
        lugh::backend::require_backend(backend, "ggml_backend_alloc_ctx_tensors");
        return al::alloc_ctx_tensors(ctx, lugh::backend::cpu_buffer_type(), "ggml_backend_alloc_ctx_tensors");
    });
}

ggml_gallocr_t ggml_gallocr_new(ggml_backend_buffer_type_t buft) {
    return guarded([&] { return al::gallocr_new(buft, "ggml_gallocr_new"); });
}

ggml_gallocr_t ggml_gallocr_new_n(ggml_backend_buffer_type_t* bufts, int n_bufs) {
    return guarded([&] {
        const char* fn = "ggml_gallocr_new_n";
        need(bufts, fn, "bufts");
        if (n_bufs < 1) lugh::core::fail("lugh: %s: n_bufs is %d; it must be >= 1", fn, n_bufs);
        for (int i = 0; i < n_bufs; ++i) {
            if (!bufts[i]) lugh::core::fail("lugh: %s: bufts[%d] is NULL", fn, i);
            lugh::backend::require_buft(bufts[i], fn);
        }
        ggml_gallocr* galloc = al::gallocr_new(bufts[0], fn);
        galloc->n_buffers = n_bufs;
        return galloc;
    });
}

void ggml_gallocr_free(ggml_gallocr_t galloc) {
    if (!galloc) return;
    guarded([&] { al::gallocr_free(galloc, "ggml_gallocr_free"); });
}

// Misuse aborts; only a failed buffer allocation returns false (upstream's contract).
namespace {
bool planned(ggml_gallocr_t galloc, ggml_cgraph* graph, bool assign, const char* fn) {
    return guarded([&] {
        try {
            if (assign) al::gallocr_alloc_graph(galloc, graph, fn);
            else al::gallocr_reserve(galloc, graph, fn);
            return true;
        } catch (const lugh::backend::AllocFailed& e) {
            lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, e.what());
            return false;
        }
    });
}
}  // namespace

bool ggml_gallocr_reserve(ggml_gallocr_t galloc, ggml_cgraph* graph) {
    return planned(galloc, graph, false, "ggml_gallocr_reserve");
}

bool ggml_gallocr_reserve_n(ggml_gallocr_t galloc, ggml_cgraph* graph, const int* node_buffer_ids,
                            const int* leaf_buffer_ids) {
    guarded([&] {
        const char* fn = "ggml_gallocr_reserve_n";
        al::require_gallocr(galloc, fn);
        need(graph, fn, "graph");
        const auto check = [&](const int* ids, int n, const char* what) {
            for (int i = 0; ids && i < n; ++i)
                if (ids[i] < 0 || ids[i] >= galloc->n_buffers)
                    lugh::core::fail("lugh: %s: %s[%d] is %d; the allocator has buffers 0..%d", fn, what, i, ids[i],
                                     galloc->n_buffers - 1);
        };
        check(node_buffer_ids, graph->n_nodes, "node_buffer_ids");
        check(leaf_buffer_ids, graph->n_leafs, "leaf_buffer_ids");
    });
    return planned(galloc, graph, false, "ggml_gallocr_reserve_n");
}

bool ggml_gallocr_alloc_graph(ggml_gallocr_t galloc, ggml_cgraph* graph) {
    return planned(galloc, graph, true, "ggml_gallocr_alloc_graph");
}

size_t ggml_gallocr_get_buffer_size(ggml_gallocr_t galloc, int buffer_id) {
    return guarded([&] {
        al::require_gallocr(galloc, "ggml_gallocr_get_buffer_size");
        if (buffer_id < 0 || buffer_id >= galloc->n_buffers)
            lugh::core::fail("lugh: ggml_gallocr_get_buffer_size: buffer_id is %d; the allocator has buffers 0..%d",
                             buffer_id, galloc->n_buffers - 1);
        // Ids past 0 share buffer 0 (one buffer type), counted once as upstream counts shared buffers.
        return buffer_id == 0 ? galloc->buffer->size : size_t{0};
    });
}

}  // extern "C"
