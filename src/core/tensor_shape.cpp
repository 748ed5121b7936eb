#include "core/tensor_shape.hpp"

#include <cstring>

#include "core/type_traits.hpp"

namespace lugh::core {

namespace {
int64_t block_of(const ggml_tensor* t) {
    const int64_t b = block_size(t->type);
    return b > 0 ? b : 1;
}
}  // namespace

size_t nbytes(const ggml_tensor* t) {
    for (int i = 0; i < GGML_MAX_DIMS; ++i)
        if (t->ne[i] <= 0) return 0;
    const int64_t blck = block_of(t);
    size_t n = static_cast<size_t>(t->ne[0] / blck) * t->nb[0];
    if (blck == 1) n = type_size(t->type) + static_cast<size_t>(t->ne[0] - 1) * t->nb[0];
    for (int i = 1; i < GGML_MAX_DIMS; ++i) n += static_cast<size_t>(t->ne[i] - 1) * t->nb[i];
    return n;
}

int n_dims(const ggml_tensor* t) {
    for (int i = GGML_MAX_DIMS - 1; i >= 1; --i)
        if (t->ne[i] > 1) return i + 1;
    return 1;
}

// Each stride is the packed size of the dims below; dims of size 1 are
// skipped (their stride is never used).
bool is_contiguous(const ggml_tensor* t) {
    size_t expected = type_size(t->type);
    if (t->ne[0] != 1 && t->nb[0] != expected) return false;
    expected = expected * static_cast<size_t>(t->ne[0] / block_of(t));
    for (int i = 1; i < GGML_MAX_DIMS; ++i) {
        if (t->ne[i] != 1) {
            if (t->nb[i] != expected) return false;
            expected *= static_cast<size_t>(t->ne[i]);
        }
    }
    return true;
}

bool is_contiguous_rows(const ggml_tensor* t) { return t->ne[0] == 1 || t->nb[0] == type_size(t->type); }

bool same_shape(const ggml_tensor* a, const ggml_tensor* b) { return std::memcmp(a->ne, b->ne, sizeof a->ne) == 0; }
bool same_stride(const ggml_tensor* a, const ggml_tensor* b) { return std::memcmp(a->nb, b->nb, sizeof a->nb) == 0; }

bool can_repeat(const ggml_tensor* t1, const ggml_tensor* t0) {
    if (is_empty(t0)) return is_empty(t1);
    for (int i = 0; i < GGML_MAX_DIMS; ++i)
        if (t1->ne[i] <= 0 || t0->ne[i] % t1->ne[i] != 0) return false;
    return true;
}

void unravel_index(const ggml_tensor* t, int64_t i, int64_t idx[4]) {
    const int64_t ne0 = t->ne[0], ne1 = t->ne[1], ne2 = t->ne[2];
    const int64_t plane = ne1 * ne0, cube = ne2 * plane;
    idx[3] = i / cube;
    i -= idx[3] * cube;
    idx[2] = i / plane;
    i -= idx[2] * plane;
    idx[1] = i / ne0;
    idx[0] = i - idx[1] * ne0;
}

}  // namespace lugh::core
