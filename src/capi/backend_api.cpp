// ggml-backend.h and the CPU backend part of ggml-cpu.h: thin shims onto
// src/backend/, each run through guarded() (an error prints one line and aborts).
#include <cstdio>
#include <cstring>

#include "backend/buffer.hpp"
#include "backend/cpu_backend.hpp"
#include "backend/tensor_data.hpp"
#include "capi/guard.hpp"
#include "capi/log.hpp"
#include "core/check.hpp"
#include "lugh/ggml/ggml-cpu.h"

using lugh::capi::guarded;
namespace be = lugh::backend;

namespace {
ggml_backend_buffer_type* buft_ok(ggml_backend_buffer_type* buft, const char* fn) {
    guarded([&] { be::require_buft(buft, fn); });
    return buft;
}
ggml_backend_buffer* buffer_ok(ggml_backend_buffer* buffer, const char* fn) {
    guarded([&] { be::require_buffer(buffer, fn); });
    return buffer;
}
ggml_backend* backend_ok(ggml_backend* backend, const char* fn) {
    guarded([&] { be::require_backend(backend, fn); });
    return backend;
}
}  // namespace

extern "C" {

/* ---- buffer types ---- */

const char* ggml_backend_buft_name(ggml_backend_buffer_type_t buft) { return buft_ok(buft, "ggml_backend_buft_name")->name; }

ggml_backend_buffer_t ggml_backend_buft_alloc_buffer(ggml_backend_buffer_type_t buft, size_t size) {
    return guarded([&]() -> ggml_backend_buffer* {
        try {
            return be::alloc_buffer(buft, size, "ggml_backend_buft_alloc_buffer");
        } catch (const be::AllocFailed& e) {   // out of memory is NULL, as upstream
            lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, e.what());
            return nullptr;
        }
    });
}

size_t ggml_backend_buft_get_alignment(ggml_backend_buffer_type_t buft) {
    return buft_ok(buft, "ggml_backend_buft_get_alignment")->alignment;
}
size_t ggml_backend_buft_get_max_size(ggml_backend_buffer_type_t buft) {
    return buft_ok(buft, "ggml_backend_buft_get_max_size")->max_size;
}
size_t ggml_backend_buft_get_alloc_size(ggml_backend_buffer_type_t buft, const ggml_tensor* tensor) {
    buft_ok(buft, "ggml_backend_buft_get_alloc_size");
    return guarded([&] {
        if (!tensor) lugh::core::fail("lugh: ggml_backend_buft_get_alloc_size: tensor is NULL");
        return ggml_nbytes(tensor);
    });
}
bool ggml_backend_buft_is_host(ggml_backend_buffer_type_t buft) {
    buft_ok(buft, "ggml_backend_buft_is_host");
    return true;
}

ggml_backend_buffer_type_t ggml_backend_cpu_buffer_type(void) { return be::cpu_buffer_type(); }

ggml_backend_buffer_t ggml_backend_cpu_buffer_from_ptr(void* ptr, size_t size) {
    return guarded([&] { return be::buffer_from_ptr(ptr, size, "ggml_backend_cpu_buffer_from_ptr"); });
}

/* ---- buffers ---- */

const char* ggml_backend_buffer_name(ggml_backend_buffer_t buffer) {
    return buffer_ok(buffer, "ggml_backend_buffer_name")->name;
}
void ggml_backend_buffer_free(ggml_backend_buffer_t buffer) {
    if (!buffer) return;
    guarded([&] { be::free_buffer(buffer, "ggml_backend_buffer_free"); });
}
void* ggml_backend_buffer_get_base(ggml_backend_buffer_t buffer) {
    return buffer_ok(buffer, "ggml_backend_buffer_get_base")->base;
}
size_t ggml_backend_buffer_get_size(ggml_backend_buffer_t buffer) {
    return buffer_ok(buffer, "ggml_backend_buffer_get_size")->size;
}
size_t ggml_backend_buffer_get_alignment(ggml_backend_buffer_t buffer) {
    return buffer_ok(buffer, "ggml_backend_buffer_get_alignment")->type->alignment;
}
size_t ggml_backend_buffer_get_max_size(ggml_backend_buffer_t buffer) {
    return buffer_ok(buffer, "ggml_backend_buffer_get_max_size")->type->max_size;
}
size_t ggml_backend_buffer_get_alloc_size(ggml_backend_buffer_t buffer, const ggml_tensor* tensor) {
    return ggml_backend_buft_get_alloc_size(buffer_ok(buffer, "ggml_backend_buffer_get_alloc_size")->type, tensor);
}
enum ggml_status ggml_backend_buffer_init_tensor(ggml_backend_buffer_t buffer, ggml_tensor* tensor) {
    buffer_ok(buffer, "ggml_backend_buffer_init_tensor");
    (void)tensor;   // host memory needs no per-tensor setup
    return GGML_STATUS_SUCCESS;
}
void ggml_backend_buffer_clear(ggml_backend_buffer_t buffer, uint8_t value) {
    buffer_ok(buffer, "ggml_backend_buffer_clear");
    if (buffer->size) std::memset(buffer->base, value, buffer->size);
}
bool ggml_backend_buffer_is_host(ggml_backend_buffer_t buffer) {
    buffer_ok(buffer, "ggml_backend_buffer_is_host");
    return true;
}
void ggml_backend_buffer_set_usage(ggml_backend_buffer_t buffer, enum ggml_backend_buffer_usage usage) {
    const int n = lugh::capi::enum_number(usage);
    buffer_ok(buffer, "ggml_backend_buffer_set_usage")->usage = guarded([&] {
        return lugh::capi::checked_enum<ggml_backend_buffer_usage>(n, GGML_BACKEND_BUFFER_USAGE_COMPUTE + 1,
                                                                   "ggml_backend_buffer_set_usage", "usage");
    });
}
enum ggml_backend_buffer_usage ggml_backend_buffer_get_usage(ggml_backend_buffer_t buffer) {
    return buffer_ok(buffer, "ggml_backend_buffer_get_usage")->usage;
}
ggml_backend_buffer_type_t ggml_backend_buffer_get_type(ggml_backend_buffer_t buffer) {
    return buffer_ok(buffer, "ggml_backend_buffer_get_type")->type;
}
void ggml_backend_buffer_reset(ggml_backend_buffer_t buffer) {
    buffer_ok(buffer, "ggml_backend_buffer_reset");   // host tensors keep no per-tensor state to drop
}

/* ---- placing tensors ---- */

enum ggml_status ggml_backend_tensor_alloc(ggml_backend_buffer_t buffer, ggml_tensor* tensor, void* addr) {
    guarded([&] { be::place_tensor(buffer, tensor, addr, "ggml_backend_tensor_alloc"); });
    return GGML_STATUS_SUCCESS;
}
enum ggml_status ggml_backend_view_init(ggml_tensor* tensor) {
    guarded([&] { be::init_view(tensor, "ggml_backend_view_init"); });
    return GGML_STATUS_SUCCESS;
}

/* ---- tensor data ---- */

void ggml_backend_tensor_set(ggml_tensor* tensor, const void* data, size_t offset, size_t size) {
    guarded([&] { be::tensor_set(tensor, data, offset, size, "ggml_backend_tensor_set"); });
}
void ggml_backend_tensor_get(const ggml_tensor* tensor, void* data, size_t offset, size_t size) {
    guarded([&] { be::tensor_get(tensor, data, offset, size, "ggml_backend_tensor_get"); });
}
void ggml_backend_tensor_memset(ggml_tensor* tensor, uint8_t value, size_t offset, size_t size) {
    guarded([&] { be::tensor_memset(tensor, value, offset, size, "ggml_backend_tensor_memset"); });
}

// The CPU backend works synchronously: the async forms finish before returning.
void ggml_backend_tensor_set_async(ggml_backend_t backend, ggml_tensor* tensor, const void* data, size_t offset,
                                   size_t size) {
    backend_ok(backend, "ggml_backend_tensor_set_async");
    guarded([&] { be::tensor_set(tensor, data, offset, size, "ggml_backend_tensor_set_async"); });
}
void ggml_backend_tensor_get_async(ggml_backend_t backend, const ggml_tensor* tensor, void* data, size_t offset,
                                   size_t size) {
    backend_ok(backend, "ggml_backend_tensor_get_async");
    guarded([&] { be::tensor_get(tensor, data, offset, size, "ggml_backend_tensor_get_async"); });
}

void ggml_backend_tensor_copy(ggml_tensor* src, ggml_tensor* dst) {
    guarded([&] { be::tensor_copy(src, dst, "ggml_backend_tensor_copy"); });
}

/* ---- backends ---- */

ggml_backend_t ggml_backend_cpu_init(void) {
    try {
        return be::new_cpu_backend();
    } catch (const std::exception&) {
        return nullptr;
    }
}
bool ggml_backend_is_cpu(ggml_backend_t backend) {
    return backend != nullptr && backend->magic == be::kBackendMagic;
}
void ggml_backend_cpu_set_n_threads(ggml_backend_t backend_cpu, int n_threads) {
    guarded([&] { be::set_n_threads(backend_cpu, n_threads, "ggml_backend_cpu_set_n_threads"); });
}
void ggml_backend_cpu_set_abort_callback(ggml_backend_t backend_cpu, ggml_abort_callback abort_callback,
                                         void* abort_callback_data) {
    backend_ok(backend_cpu, "ggml_backend_cpu_set_abort_callback");
    backend_cpu->abort_callback = abort_callback;
    backend_cpu->abort_callback_data = abort_callback_data;
}
const char* ggml_backend_name(ggml_backend_t backend) { return backend_ok(backend, "ggml_backend_name")->name; }
void ggml_backend_free(ggml_backend_t backend) {
    if (!backend) return;
    guarded([&] { be::free_backend(backend, "ggml_backend_free"); });
}
ggml_backend_buffer_type_t ggml_backend_get_default_buffer_type(ggml_backend_t backend) {
    backend_ok(backend, "ggml_backend_get_default_buffer_type");
    return be::cpu_buffer_type();
}
ggml_backend_buffer_t ggml_backend_alloc_buffer(ggml_backend_t backend, size_t size) {
    return ggml_backend_buft_alloc_buffer(ggml_backend_get_default_buffer_type(backend), size);
}
size_t ggml_backend_get_alignment(ggml_backend_t backend) {
    return ggml_backend_buft_get_alignment(ggml_backend_get_default_buffer_type(backend));
}
size_t ggml_backend_get_max_size(ggml_backend_t backend) {
    return ggml_backend_buft_get_max_size(ggml_backend_get_default_buffer_type(backend));
}
void ggml_backend_synchronize(ggml_backend_t backend) { backend_ok(backend, "ggml_backend_synchronize"); }

// A graph that cannot run (a tensor without data, a context it reads gone)
// or a kernel's data error: one line to the log and GGML_STATUS_FAILED, as
// ggml_graph_compute reports it. Other misuse aborts.
namespace {
ggml_status compute(ggml_backend_t backend, ggml_cgraph* cgraph, const char* fn) {
    const lugh::cpu::ComputeResult r = guarded([&] { return be::compute_graph(backend, cgraph, fn); });
    if (r.status == GGML_STATUS_FAILED) lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, r.message.c_str());
    return r.status;
}
}  // namespace

enum ggml_status ggml_backend_graph_compute(ggml_backend_t backend, ggml_cgraph* cgraph) {
    return compute(backend, cgraph, "ggml_backend_graph_compute");
}
enum ggml_status ggml_backend_graph_compute_async(ggml_backend_t backend, ggml_cgraph* cgraph) {
    return compute(backend, cgraph, "ggml_backend_graph_compute_async");
}

}  // extern "C"
