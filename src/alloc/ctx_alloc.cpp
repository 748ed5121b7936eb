#include "alloc/ctx_alloc.hpp"

#include "backend/tensor_data.hpp"
#include "core/check.hpp"
#include "core/context.hpp"
#include "core/tensor_shape.hpp"

namespace lugh::alloc {

namespace {
bool needs_memory(const ggml_tensor* t) { return t->data == nullptr && t->view_src == nullptr; }
}  // namespace

size_t ctx_tensors_size(ggml_context* ctx, ggml_backend_buffer_type* buft, const char* caller) {
    core::require_live(ctx, caller);
    backend::require_buft(buft, caller);
    size_t total = 0;
    for (ggml_tensor* t = ctx->arena.first_record(); t; t = ctx->arena.record_after(t)) {
        if (!needs_memory(t)) continue;
        const size_t padded = backend::padded_size(buft, core::nbytes(t), caller);
        if (core::add_overflows(total, padded, &total))
            core::fail("lugh: %s: the tensors of context #%u need more than SIZE_MAX bytes", caller, ctx->slot);
    }
    return total;
}

ggml_backend_buffer* alloc_ctx_tensors(ggml_context* ctx, ggml_backend_buffer_type* buft, const char* caller) {
    const size_t total = ctx_tensors_size(ctx, buft, caller);
    if (total == 0) return nullptr;
    ggml_backend_buffer* buffer = backend::alloc_buffer(buft, total, caller);
    ggml_tallocr talloc = tallocr_new(buffer, caller);
    for (ggml_tensor* t = ctx->arena.first_record(); t; t = ctx->arena.record_after(t))
        if (needs_memory(t)) tallocr_alloc(&talloc, t, caller);
    // Views made before their sources had data point at them now.
    for (ggml_tensor* t = ctx->arena.first_record(); t; t = ctx->arena.record_after(t))
        if (t->view_src && !t->data && t->view_src->data) backend::init_view(t, caller);
    return buffer;
}

ggml_tallocr tallocr_new(ggml_backend_buffer* buffer, const char* caller) {
    backend::require_buffer(buffer, caller);
    return ggml_tallocr{buffer, buffer->base, buffer->type->alignment, 0};
}

void tallocr_alloc(ggml_tallocr* talloc, ggml_tensor* t, const char* caller) {
    if (!talloc) core::fail("lugh: %s: allocator is NULL", caller);
    ggml_backend_buffer* buffer = talloc->buffer;
    backend::require_buffer(buffer, caller);
    if (!t) core::fail("lugh: %s: tensor is NULL", caller);
    if (t->view_src) core::fail("lugh: %s: tensor '%s' is a view; it shares its source's memory", caller, t->name);
    if (t->data) core::fail("lugh: %s: tensor '%s' already has data", caller, t->name);
    // Align the address, not just the offset: a from_ptr buffer may start anywhere.
    const size_t a = talloc->alignment;
    const uintptr_t base = reinterpret_cast<uintptr_t>(buffer->base);
    const size_t misalign = (base + talloc->offset) & (a - 1);
    const size_t start = talloc->offset + (misalign ? a - misalign : 0);
    const size_t nbytes = core::nbytes(t);
    size_t data_end = 0;
    if (start > buffer->size || core::add_overflows(start, nbytes, &data_end) || data_end > buffer->size)
        core::fail("lugh: %s: buffer '%s' is full: tensor '%s' needs %zu bytes at offset %zu, but the buffer has "
                   "%zu bytes",
                   caller, buffer->name, t->name, nbytes, start, buffer->size);
    backend::place_tensor(buffer, t, buffer->base + start, caller);
    // Next tensor starts after this one's padding (the alignment step above adds it).
    talloc->offset = data_end;
}

}  // namespace lugh::alloc
