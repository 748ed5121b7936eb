// Shape and layout queries of the C API (ggml.h): checked shims over
// core/tensor_shape.hpp. A NULL tensor is an error, as everywhere in the C API.
#include "capi/guard.hpp"
#include "core/tensor_label.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"
#include "lugh/ggml/ggml.h"

using lugh::capi::guarded;
using lugh::capi::need;
namespace core = lugh::core;

namespace {
// Runs f(t) for a tensor that must not be NULL.
template <typename F>
auto query(const ggml_tensor* t, const char* fn, F f) {
    return guarded([&] { return f(need(t, fn, "tensor")); });
}
template <typename F>
auto query2(const ggml_tensor* a, const ggml_tensor* b, const char* fn, F f) {
    return guarded([&] {
        need(a, fn, "first tensor");
        return f(a, need(b, fn, "second tensor"));
    });
}
}  // namespace

extern "C" {

int64_t ggml_nelements(const ggml_tensor* t) { return query(t, "ggml_nelements", core::nelements); }
int64_t ggml_nrows(const ggml_tensor* t) { return query(t, "ggml_nrows", core::nrows); }
size_t ggml_nbytes(const ggml_tensor* t) { return query(t, "ggml_nbytes", core::nbytes); }
size_t ggml_nbytes_pad(const ggml_tensor* t) {
    return query(t, "ggml_nbytes_pad", [](const ggml_tensor* x) { return GGML_PAD(core::nbytes(x), GGML_MEM_ALIGN); });
}
int ggml_n_dims(const ggml_tensor* t) { return query(t, "ggml_n_dims", core::n_dims); }
size_t ggml_element_size(const ggml_tensor* t) {
    return query(t, "ggml_element_size", [](const ggml_tensor* x) { return core::type_size(x->type); });
}

bool ggml_is_empty(const ggml_tensor* t) { return query(t, "ggml_is_empty", core::is_empty); }
bool ggml_is_scalar(const ggml_tensor* t) { return query(t, "ggml_is_scalar", core::is_scalar); }
bool ggml_is_vector(const ggml_tensor* t) { return query(t, "ggml_is_vector", core::is_vector); }
bool ggml_is_matrix(const ggml_tensor* t) { return query(t, "ggml_is_matrix", core::is_matrix); }
bool ggml_is_3d(const ggml_tensor* t) { return query(t, "ggml_is_3d", core::is_3d); }
bool ggml_is_contiguous(const ggml_tensor* t) { return query(t, "ggml_is_contiguous", core::is_contiguous); }
bool ggml_is_contiguous_rows(const ggml_tensor* t) {
    return query(t, "ggml_is_contiguous_rows", core::is_contiguous_rows);
}
bool ggml_is_transposed(const ggml_tensor* t) { return query(t, "ggml_is_transposed", core::is_transposed); }
bool ggml_is_permuted(const ggml_tensor* t) { return query(t, "ggml_is_permuted", core::is_permuted); }

bool ggml_are_same_shape(const ggml_tensor* a, const ggml_tensor* b) {
    return query2(a, b, "ggml_are_same_shape", core::same_shape);
}
bool ggml_are_same_stride(const ggml_tensor* a, const ggml_tensor* b) {
    return query2(a, b, "ggml_are_same_stride", core::same_stride);
}
bool ggml_can_repeat(const ggml_tensor* t1, const ggml_tensor* t0) {
    return query2(t1, t0, "ggml_can_repeat", core::can_repeat);
}

const char* ggml_get_name(const ggml_tensor* t) {
    return query(t, "ggml_get_name", [](const ggml_tensor* x) { return x->name; });
}
void* ggml_get_data(const ggml_tensor* t) {
    return query(t, "ggml_get_data", [](const ggml_tensor* x) { return x->data; });
}

void ggml_unravel_index(const ggml_tensor* t, int64_t i, int64_t* i0, int64_t* i1, int64_t* i2, int64_t* i3) {
    int64_t idx[4];
    guarded([&] {
        need(t, "ggml_unravel_index", "tensor");
        const int64_t n = core::nelements(t);
        if (i < 0 || i >= n)
            core::fail("lugh: ggml_unravel_index: element %lld is outside tensor %s of %lld elements",
                       static_cast<long long>(i), core::tensor_label(t).text, static_cast<long long>(n));
        core::unravel_index(t, i, idx);
    });
    if (i0) *i0 = idx[0];
    if (i1) *i1 = idx[1];
    if (i2) *i2 = idx[2];
    if (i3) *i3 = idx[3];
}

size_t ggml_tensor_overhead(void) { return sizeof(ggml_tensor); }

}  // extern "C"
