#include "backend/tensor_data.hpp"

#include <cstring>

#include "core/check.hpp"
#include "core/read_only.hpp"
#include "core/tensor_shape.hpp"

namespace lugh::backend {

const ggml_tensor* storage_of(const ggml_tensor* t) {
    while (t->view_src) t = t->view_src;
    return t;
}

void place_tensor(ggml_backend_buffer* buffer, ggml_tensor* t, void* addr, const char* caller) {
    require_buffer(buffer, caller);
    if (!t) core::fail("lugh: %s: tensor is NULL", caller);
    if (t->view_src) core::fail("lugh: %s: tensor '%s' is a view; use ggml_backend_view_init", caller, t->name);
    if (t->data) core::fail("lugh: %s: tensor '%s' already has data at %p", caller, t->name, t->data);
    const size_t need = core::nbytes(t);
    const auto a = reinterpret_cast<uintptr_t>(addr);
    const auto base = reinterpret_cast<uintptr_t>(buffer->base);
    if (!addr || a < base || a - base > buffer->size || buffer->size - (a - base) < need)
        core::fail("lugh: %s: tensor '%s' needs %zu bytes at %p, which is not inside buffer '%s' [%p, +%zu)",
                   caller, t->name, need, addr, buffer->name, (void*)buffer->base, buffer->size);
    t->buffer = buffer;
    t->data = addr;
}

void init_view(ggml_tensor* view, const char* caller) {
    if (!view) core::fail("lugh: %s: tensor is NULL", caller);
    const ggml_tensor* src = view->view_src;
    if (!src) core::fail("lugh: %s: tensor '%s' is not a view", caller, view->name);
    if (!src->data)
        core::fail("lugh: %s: view '%s' cannot get data: its source '%s' has none yet", caller, view->name, src->name);
    size_t end = 0;
    if (core::add_overflows(view->view_offs, core::nbytes(view), &end) || end > core::nbytes(src))
        core::fail("lugh: %s: view '%s' (%zu bytes at offset %zu) reaches past its source '%s' of %zu bytes", caller,
                   view->name, core::nbytes(view), view->view_offs, src->name, core::nbytes(src));
    view->buffer = src->buffer;
    view->data = static_cast<char*>(src->data) + view->view_offs;
}

namespace {
// Throws unless [offset, offset+size) lies within t's data and the caller's pointer is usable.
void check_range(const ggml_tensor* t, const void* user, size_t offset, size_t size, const char* caller) {
    if (!t) core::fail("lugh: %s: tensor is NULL", caller);
    if (size == 0) return;
    if (!t->data)
        core::fail("lugh: %s: tensor '%s' has no data: allocate its context's tensors with "
                   "ggml_backend_alloc_ctx_tensors or its graph with ggml_gallocr_alloc_graph first",
                   caller, t->name);
    const size_t nbytes = core::nbytes(t);
    size_t end = 0;
    if (core::add_overflows(offset, size, &end) || end > nbytes)
        core::fail("lugh: %s: bytes [%zu, %zu + %zu) are outside tensor '%s' of %zu bytes", caller, offset, offset,
                   size, t->name, nbytes);
    if (!user) core::fail("lugh: %s: data pointer is NULL for %zu bytes of tensor '%s'", caller, size, t->name);
}
}  // namespace

void tensor_set(ggml_tensor* t, const void* data, size_t offset, size_t size, const char* caller) {
    check_range(t, data, offset, size, caller);
    core::require_writable(t, caller);
    if (size) std::memmove(static_cast<char*>(t->data) + offset, data, size);
}

void tensor_get(const ggml_tensor* t, void* data, size_t offset, size_t size, const char* caller) {
    check_range(t, data, offset, size, caller);
    if (size) std::memmove(data, static_cast<const char*>(t->data) + offset, size);
}

void tensor_memset(ggml_tensor* t, uint8_t value, size_t offset, size_t size, const char* caller) {
    static const char dummy = 0;
    check_range(t, &dummy, offset, size, caller);
    core::require_writable(t, caller);
    if (size) std::memset(static_cast<char*>(t->data) + offset, value, size);
}

void tensor_copy(const ggml_tensor* src, ggml_tensor* dst, const char* caller) {
    if (!src || !dst) core::fail("lugh: %s: %s tensor is NULL", caller, src ? "destination" : "source");
    if (core::nbytes(src) != core::nbytes(dst))
        core::fail("lugh: %s: source '%s' has %zu bytes but destination '%s' has %zu", caller, src->name,
                   core::nbytes(src), dst->name, core::nbytes(dst));
    const size_t n = core::nbytes(src);
    check_range(src, dst, 0, n, caller);
    check_range(dst, src, 0, n, caller);
    core::require_writable(dst, caller);
    if (n && src->data != dst->data) std::memmove(dst->data, src->data, n);
}

}  // namespace lugh::backend
