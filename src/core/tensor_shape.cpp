// Shape and layout queries of the C API. None of them can fail: they read
// only the tensor's own fields.
#include <cstring>

#include "core/type_traits.hpp"
#include "lugh/ggml/ggml.h"

namespace {

size_t type_size_of(const ggml_tensor* t) { return ggml_type_size(t->type); }
int64_t blck_of(const ggml_tensor* t) {
    const int64_t b = ggml_blck_size(t->type);
    return b > 0 ? b : 1;
}

// Contiguous in dims [0, n): each stride is the packed size of the dims below,
// ignoring dims of size 1 (their stride is never used).
bool contiguous_up_to(const ggml_tensor* t, int n) {
    size_t expected = type_size_of(t);
    if (t->ne[0] != 1 && t->nb[0] != expected) return false;
    expected = expected * static_cast<size_t>(t->ne[0] / blck_of(t));
    for (int i = 1; i < n; ++i) {
        if (t->ne[i] != 1) {
            if (t->nb[i] != expected) return false;
            expected *= static_cast<size_t>(t->ne[i]);
        }
    }
    return true;
}

}  // namespace

extern "C" {

int64_t ggml_nelements(const ggml_tensor* t) { return t->ne[0] * t->ne[1] * t->ne[2] * t->ne[3]; }

int64_t ggml_nrows(const ggml_tensor* t) { return t->ne[1] * t->ne[2] * t->ne[3]; }

size_t ggml_nbytes(const ggml_tensor* t) {
    for (int i = 0; i < GGML_MAX_DIMS; ++i)
        if (t->ne[i] <= 0) return 0;
    // The span from the first to one past the last byte, so strided views count right.
    const int64_t blck = blck_of(t);
    size_t n = static_cast<size_t>(t->ne[0] / blck) * t->nb[0];
    if (blck == 1) n = type_size_of(t) + static_cast<size_t>(t->ne[0] - 1) * t->nb[0];
    for (int i = 1; i < GGML_MAX_DIMS; ++i) n += static_cast<size_t>(t->ne[i] - 1) * t->nb[i];
    return n;
}

size_t ggml_nbytes_pad(const ggml_tensor* t) { return GGML_PAD(ggml_nbytes(t), GGML_MEM_ALIGN); }

int ggml_n_dims(const ggml_tensor* t) {
    for (int i = GGML_MAX_DIMS - 1; i >= 1; --i)
        if (t->ne[i] > 1) return i + 1;
    return 1;
}

size_t ggml_element_size(const ggml_tensor* t) { return ggml_type_size(t->type); }

bool ggml_is_empty(const ggml_tensor* t) {
    for (int i = 0; i < GGML_MAX_DIMS; ++i)
        if (t->ne[i] == 0) return true;
    return false;
}

bool ggml_is_scalar(const ggml_tensor* t) { return t->ne[0] == 1 && t->ne[1] == 1 && t->ne[2] == 1 && t->ne[3] == 1; }
bool ggml_is_vector(const ggml_tensor* t) { return t->ne[1] == 1 && t->ne[2] == 1 && t->ne[3] == 1; }
bool ggml_is_matrix(const ggml_tensor* t) { return t->ne[2] == 1 && t->ne[3] == 1; }
bool ggml_is_3d(const ggml_tensor* t) { return t->ne[3] == 1; }

bool ggml_is_contiguous(const ggml_tensor* t) { return contiguous_up_to(t, GGML_MAX_DIMS); }
bool ggml_is_contiguous_rows(const ggml_tensor* t) { return t->ne[0] == 1 || t->nb[0] == type_size_of(t); }
bool ggml_is_transposed(const ggml_tensor* t) { return t->nb[0] > t->nb[1]; }
bool ggml_is_permuted(const ggml_tensor* t) {
    return t->nb[0] > t->nb[1] || t->nb[1] > t->nb[2] || t->nb[2] > t->nb[3];
}

bool ggml_are_same_shape(const ggml_tensor* a, const ggml_tensor* b) {
    return std::memcmp(a->ne, b->ne, sizeof a->ne) == 0;
}

bool ggml_are_same_stride(const ggml_tensor* a, const ggml_tensor* b) {
    return std::memcmp(a->nb, b->nb, sizeof a->nb) == 0;
}

bool ggml_can_repeat(const ggml_tensor* t1, const ggml_tensor* t0) {
    if (ggml_is_empty(t0)) return ggml_is_empty(t1);
    for (int i = 0; i < GGML_MAX_DIMS; ++i)
        if (t1->ne[i] <= 0 || t0->ne[i] % t1->ne[i] != 0) return false;
    return true;
}

const char* ggml_get_name(const ggml_tensor* t) { return t->name; }

void* ggml_get_data(const ggml_tensor* t) { return t->data; }

void ggml_unravel_index(const ggml_tensor* t, int64_t i, int64_t* i0, int64_t* i1, int64_t* i2, int64_t* i3) {
    const int64_t ne0 = t->ne[0], ne1 = t->ne[1], ne2 = t->ne[2];
    if (ne0 <= 0 || ne1 <= 0 || ne2 <= 0) {
        // An empty tensor has no elements to name; answer (0,0,0,0) rather
        // than divide by zero.
        if (i0) *i0 = 0;
        if (i1) *i1 = 0;
        if (i2) *i2 = 0;
        if (i3) *i3 = 0;
        return;
    }
    const int64_t a3 = i / (ne2 * ne1 * ne0);
    const int64_t a2 = (i - a3 * ne2 * ne1 * ne0) / (ne1 * ne0);
    const int64_t a1 = (i - a3 * ne2 * ne1 * ne0 - a2 * ne1 * ne0) / ne0;
    const int64_t a0 = i - a3 * ne2 * ne1 * ne0 - a2 * ne1 * ne0 - a1 * ne0;
    if (i0) *i0 = a0;
    if (i1) *i1 = a1;
    if (i2) *i2 = a2;
    if (i3) *i3 = a3;
}

size_t ggml_tensor_overhead(void) { return sizeof(ggml_tensor); }

}  // extern "C"
