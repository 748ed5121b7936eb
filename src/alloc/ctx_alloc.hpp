// Allocating whole contexts: every tensor of a metadata-only context that has
// no data yet gets a place in one new buffer (the seed's weight context), and
// the bump allocator (ggml_tallocr) those placements are made with.
#pragma once

#include <cstddef>

#include "backend/buffer.hpp"

namespace lugh::alloc {

// Bytes a buffer of buft needs for every tensor of ctx without data (each
// rounded up to the alignment). Throws on overflow.
size_t ctx_tensors_size(ggml_context* ctx, ggml_backend_buffer_type* buft, const char* caller);

// A new buffer holding those tensors, views pointed at their sources; nullptr
// when no tensor needs memory.
ggml_backend_buffer* alloc_ctx_tensors(ggml_context* ctx, ggml_backend_buffer_type* buft, const char* caller);

ggml_tallocr tallocr_new(ggml_backend_buffer* buffer, const char* caller);
// Place t at the allocator's next aligned offset; throws when the buffer is full.
void tallocr_alloc(ggml_tallocr* talloc, ggml_tensor* t, const char* caller);

}  // namespace lugh::alloc
