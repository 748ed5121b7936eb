// lugh-ggml-backend-sched.h: the backend scheduler, shims onto src/backend/scheduler.cpp.
#include "alloc/graph_allocator.hpp"
#include "backend/buffer.hpp"
#include "backend/scheduler.hpp"
#include "capi/guard.hpp"
#include "capi/log.hpp"
#include "core/check.hpp"

using lugh::capi::guarded;
using lugh::capi::need;
namespace be = lugh::backend;

namespace {

ggml_backend_sched* sched_ok(ggml_backend_sched* sched, const char* fn) {
    guarded([&] { be::require_sched(sched, fn); });
    return sched;
}

// Index of backend in sched, after checking both.
int index_of(ggml_backend_sched* sched, ggml_backend_t backend, const char* fn) {
    return guarded([&] {
        be::require_sched(sched, fn);
        return be::sched_backend_index(sched, backend, fn);
    });
}

// 0 for a backend whose buffer type an earlier backend has: they share its buffer.
bool shares_earlier_buffer(const ggml_backend_sched* sched, int index) {
    for (int i = 0; i < index; ++i)
        if (sched->bufts[static_cast<size_t>(i)] == sched->bufts[static_cast<size_t>(index)]) return true;
    return false;
}

// Misuse aborts; a failed allocation is false with the reason logged (upstream's contract).
template <typename F>
bool unless_alloc_fails(F&& work) {
    return guarded([&] {
        try {
            work();
            return true;
        } catch (const be::AllocFailed& e) {
            lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, e.what());
            return false;
        }
    });
}

ggml_status compute(ggml_backend_sched* sched, ggml_cgraph* graph, const char* fn) {
    const lugh::cpu::ComputeResult r = guarded([&] { return be::sched_compute(sched, graph, fn); });
    if (r.status == GGML_STATUS_FAILED || r.status == GGML_STATUS_ALLOC_FAILED)
        lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, r.message.c_str());
    return r.status;
}

}  // namespace

extern "C" {

ggml_backend_sched_t ggml_backend_sched_new(ggml_backend_t* backends, ggml_backend_buffer_type_t* bufts, int n_backends,
                                            size_t graph_size, bool parallel, bool op_offload) {
    (void)op_offload;
    return guarded([&]() -> ggml_backend_sched* {
        try {
            return be::sched_new(backends, bufts, n_backends, graph_size, parallel, "ggml_backend_sched_new");
        } catch (const be::AllocFailed& e) {
            lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, e.what());
            return nullptr;
        }
    });
}

void ggml_backend_sched_free(ggml_backend_sched_t sched) {
    if (!sched) return;
    guarded([&] { be::sched_free(sched, "ggml_backend_sched_free"); });
}

bool ggml_backend_sched_reserve(ggml_backend_sched_t sched, ggml_cgraph* measure_graph) {
    return unless_alloc_fails([&] { be::sched_reserve(sched, measure_graph, "ggml_backend_sched_reserve"); });
}

void ggml_backend_sched_reserve_size(ggml_backend_sched_t sched, ggml_cgraph* measure_graph, size_t* sizes) {
    guarded([&] {
        need(sizes, "ggml_backend_sched_reserve_size", "sizes");
        const size_t bytes = be::sched_plan_bytes(sched, measure_graph, "ggml_backend_sched_reserve_size");
        for (size_t i = 0; i < sched->backends.size(); ++i)
            sizes[i] = shares_earlier_buffer(sched, static_cast<int>(i)) ? 0 : bytes;
    });
}

int ggml_backend_sched_get_n_backends(ggml_backend_sched_t sched) {
    return static_cast<int>(sched_ok(sched, "ggml_backend_sched_get_n_backends")->backends.size());
}

ggml_backend_t ggml_backend_sched_get_backend(ggml_backend_sched_t sched, int i) {
    sched_ok(sched, "ggml_backend_sched_get_backend");
    return guarded([&] {
        const int n = static_cast<int>(sched->backends.size());
        if (i < 0 || i >= n)
            lugh::core::fail("lugh: ggml_backend_sched_get_backend: index %d, but the scheduler has %d backend(s)", i, n);
        return sched->backends[static_cast<size_t>(i)];
    });
}

int ggml_backend_sched_get_n_splits(ggml_backend_sched_t sched) {
    return static_cast<int>(sched_ok(sched, "ggml_backend_sched_get_n_splits")->splits.size());
}

int ggml_backend_sched_get_n_copies(ggml_backend_sched_t sched) {
    return sched_ok(sched, "ggml_backend_sched_get_n_copies")->n_copies;
}

ggml_backend_buffer_type_t ggml_backend_sched_get_buffer_type(ggml_backend_sched_t sched, ggml_backend_t backend) {
    const int i = index_of(sched, backend, "ggml_backend_sched_get_buffer_type");
    return sched->bufts[static_cast<size_t>(i)];
}

size_t ggml_backend_sched_get_buffer_size(ggml_backend_sched_t sched, ggml_backend_t backend) {
    const int i = index_of(sched, backend, "ggml_backend_sched_get_buffer_size");
    return shares_earlier_buffer(sched, i) ? 0 : sched->galloc->buffer->size;
}

void ggml_backend_sched_set_tensor_backend(ggml_backend_sched_t sched, ggml_tensor* node, ggml_backend_t backend) {
    const int i = index_of(sched, backend, "ggml_backend_sched_set_tensor_backend");
    guarded([&] { need(node, "ggml_backend_sched_set_tensor_backend", "node"); });
    sched->chosen[node] = i;
    sched->is_reset = false;
}

ggml_backend_t ggml_backend_sched_get_tensor_backend(ggml_backend_sched_t sched, ggml_tensor* node) {
    sched_ok(sched, "ggml_backend_sched_get_tensor_backend");
    guarded([&] { need(node, "ggml_backend_sched_get_tensor_backend", "node"); });
    auto it = sched->assigned.find(node);
    if (it == sched->assigned.end()) it = sched->chosen.find(node);
    if (it == sched->chosen.end()) return nullptr;
    return sched->backends[static_cast<size_t>(it->second)];
}

void ggml_backend_sched_split_graph(ggml_backend_sched_t sched, ggml_cgraph* graph) {
    guarded([&] { be::sched_split_graph(sched, graph, "ggml_backend_sched_split_graph"); });
}

bool ggml_backend_sched_alloc_graph(ggml_backend_sched_t sched, ggml_cgraph* graph) {
    return unless_alloc_fails([&] { be::sched_alloc_graph(sched, graph, "ggml_backend_sched_alloc_graph"); });
}

enum ggml_status ggml_backend_sched_graph_compute(ggml_backend_sched_t sched, ggml_cgraph* graph) {
    return compute(sched, graph, "ggml_backend_sched_graph_compute");
}

enum ggml_status ggml_backend_sched_graph_compute_async(ggml_backend_sched_t sched, ggml_cgraph* graph) {
    return compute(sched, graph, "ggml_backend_sched_graph_compute_async");
}

void ggml_backend_sched_synchronize(ggml_backend_sched_t sched) {
    sched_ok(sched, "ggml_backend_sched_synchronize");   // the CPU backends finish every call before returning
}

void ggml_backend_sched_reset(ggml_backend_sched_t sched) {
    guarded([&] { be::sched_reset(sched, "ggml_backend_sched_reset"); });
}

void ggml_backend_sched_set_eval_callback(ggml_backend_sched_t sched, ggml_backend_sched_eval_callback callback,
                                          void* user_data) {
    sched_ok(sched, "ggml_backend_sched_set_eval_callback");
    sched->eval_callback = callback;
    sched->eval_user_data = user_data;
}

}  // extern "C"
