// ggml-alloc.h: the tensor allocator, whole-context allocation and the graph
// planner, as thin shims onto src/alloc/.
#include <cstdio>

#include "alloc/ctx_alloc.hpp"
#include "alloc/graph_allocator.hpp"
#include "backend/cpu_backend.hpp"
#include "capi/guard.hpp"
#include "core/check.hpp"
#include "lugh/ggml/ggml-alloc.h"

using lugh::capi::guarded;
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
            std::fprintf(stderr, "%s\n", e.what());
            return false;
        }
    });
}
}  // namespace

bool ggml_gallocr_reserve(ggml_gallocr_t galloc, ggml_cgraph* graph) {
    return planned(galloc, graph, false, "ggml_gallocr_reserve");
}

bool ggml_gallocr_alloc_graph(ggml_gallocr_t galloc, ggml_cgraph* graph) {
    return planned(galloc, graph, true, "ggml_gallocr_alloc_graph");
}

size_t ggml_gallocr_get_buffer_size(ggml_gallocr_t galloc, int buffer_id) {
    return guarded([&] {
        al::require_gallocr(galloc, "ggml_gallocr_get_buffer_size");
        if (buffer_id != 0)
            lugh::core::fail("lugh: ggml_gallocr_get_buffer_size: buffer_id is %d, but the planner has one buffer (0)",
                             buffer_id);
        return galloc->buffer->size;
    });
}

}  // extern "C"
