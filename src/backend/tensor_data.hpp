// Placing tensors in buffers and moving bytes in and out of them, checked:
// an address outside the buffer or a range outside the tensor is an error
// that names the tensor and the numbers, and nothing is written.
#pragma once

#include <cstddef>
#include <cstdint>

#include "backend/buffer.hpp"

namespace lugh::backend {

// The tensor whose memory t uses: t itself, or the end of its view_src chain.
const ggml_tensor* storage_of(const ggml_tensor* t);

// Give t (no data, not a view) the bytes at addr in buffer.
void place_tensor(ggml_backend_buffer* buffer, ggml_tensor* t, void* addr, const char* caller);
// Point a view at its source's data; throws if the source has none.
void init_view(ggml_tensor* view, const char* caller);

void tensor_set(ggml_tensor* t, const void* data, size_t offset, size_t size, const char* caller);
void tensor_get(const ggml_tensor* t, void* data, size_t offset, size_t size, const char* caller);
void tensor_copy(const ggml_tensor* src, ggml_tensor* dst, const char* caller);
void tensor_memset(ggml_tensor* t, uint8_t value, size_t offset, size_t size, const char* caller);

}  // namespace lugh::backend
