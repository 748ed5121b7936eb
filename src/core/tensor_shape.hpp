// Shape and layout of a tensor record: element counts, byte spans,
// contiguity, broadcasting. Pure functions of the record's own fields; the
// C API's ggml_nbytes, ggml_is_contiguous, ... (capi/shape_api.cpp) are
// checked shims over these, and every layer inside Lugh calls these.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::core {

inline int64_t nelements(const ggml_tensor* t) { return t->ne[0] * t->ne[1] * t->ne[2] * t->ne[3]; }
inline int64_t nrows(const ggml_tensor* t) { return t->ne[1] * t->ne[2] * t->ne[3]; }
// Bytes from the first to one past the last byte the tensor addresses
// (strided views count right); 0 for an empty tensor.
size_t nbytes(const ggml_tensor* t);
// 1 + the last dimension above 1.
int n_dims(const ggml_tensor* t);

inline bool is_empty(const ggml_tensor* t) { return t->ne[0] == 0 || t->ne[1] == 0 || t->ne[2] == 0 || t->ne[3] == 0; }
inline bool is_scalar(const ggml_tensor* t) { return t->ne[0] == 1 && t->ne[1] == 1 && t->ne[2] == 1 && t->ne[3] == 1; }
inline bool is_vector(const ggml_tensor* t) { return t->ne[1] == 1 && t->ne[2] == 1 && t->ne[3] == 1; }
inline bool is_matrix(const ggml_tensor* t) { return t->ne[2] == 1 && t->ne[3] == 1; }
inline bool is_3d(const ggml_tensor* t) { return t->ne[3] == 1; }

// Rows packed and no gaps between them (dimensions of size 1 ignored).
bool is_contiguous(const ggml_tensor* t);
// nb[0] is the type size (or there is one element per row).
bool is_contiguous_rows(const ggml_tensor* t);
inline bool is_transposed(const ggml_tensor* t) { return t->nb[0] > t->nb[1]; }
inline bool is_permuted(const ggml_tensor* t) {
    return t->nb[0] > t->nb[1] || t->nb[1] > t->nb[2] || t->nb[2] > t->nb[3];
}

bool same_shape(const ggml_tensor* a, const ggml_tensor* b);
bool same_stride(const ggml_tensor* a, const ggml_tensor* b);
// Can t1 be repeated to t0's shape (every dimension of t1 divides t0's)?
bool can_repeat(const ggml_tensor* t1, const ggml_tensor* t0);

// Flat row-major index i (0 <= i < nelements) as (i0, i1, i2, i3).
void unravel_index(const ggml_tensor* t, int64_t i, int64_t idx[4]);

}  // namespace lugh::core
