// Creating tensors in a context: validation of type and shape, overflow-checked
// sizes, and placement of metadata and data in the arena.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::core {

// A new tensor of `type` and shape ne[0..n_dims). With view_src, the tensor
// shares view_src's data from byte view_offs on, with strides view_nb[4] when
// given, else contiguous ones (callers may also set others afterwards and
// call check_view_bounds). Throws lugh::Error, naming `caller`, on a bad type
// or shape, a size that overflows, a view that would reach past its source,
// or an arena without room. Nothing changes on error.
ggml_tensor* new_tensor(ggml_context* ctx, ggml_type type, int n_dims, const int64_t* ne,
                        ggml_tensor* view_src, size_t view_offs, const char* caller,
                        const size_t* view_nb = nullptr);

struct TypeInfo;
// Contiguous strides nb[4] and byte size for the shape ne[4] (ne[0] a whole
// number of blocks); false if a stride or the size would overflow (or exceed
// PTRDIFF_MAX). The rule new_tensor applies: readers of shapes from outside
// (GGUF) use it so that whatever they accept can be created.
bool contiguous_layout(const TypeInfo& ti, const int64_t ne[4], size_t nb[4], size_t* nbytes);

// Throws unless every byte `view` can address lies inside its view_src.
void check_view_bounds(const ggml_tensor* view, const char* caller);

// `nbytes` of 64-byte aligned arena memory (a raw object, not a tensor).
void* new_object(ggml_context* ctx, size_t nbytes, const char* caller);

// "[4096, 4096, 1, 1]" into buf; returns buf.
const char* shape_str(const int64_t* ne, int n_dims, char* buf, size_t size);

}  // namespace lugh::core
