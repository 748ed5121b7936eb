// Element access through the C API: every index is checked.
#include "capi/guard.hpp"
#include "core/check.hpp"
#include "core/tensor_label.hpp"
#include "core/element.hpp"

using lugh::capi::guarded;
namespace core = lugh::core;

extern "C" {

float* ggml_get_data_f32(const ggml_tensor* t) {
    return guarded([&] {
        if (!t) core::fail("lugh: ggml_get_data_f32: tensor is NULL");
        if (t->type != GGML_TYPE_F32)
            core::fail("lugh: ggml_get_data_f32: tensor %s is %s, not f32", core::tensor_label(t).text,
                       ggml_type_name(t->type));
        return static_cast<float*>(t->data);
    });
}

ggml_tensor* ggml_set_zero(ggml_tensor* t) {
    guarded([&] { core::fill_zero(t, "ggml_set_zero"); });
    return t;
}
ggml_tensor* ggml_set_i32(ggml_tensor* t, int32_t v) {
    guarded([&] { core::fill_i32(t, v, "ggml_set_i32"); });
    return t;
}
ggml_tensor* ggml_set_f32(ggml_tensor* t, float v) {
    guarded([&] { core::fill_f32(t, v, "ggml_set_f32"); });
    return t;
}

int32_t ggml_get_i32_1d(const ggml_tensor* t, int i) {
    return guarded([&] { return core::get_i32_flat(t, i, "ggml_get_i32_1d"); });
}
void ggml_set_i32_1d(const ggml_tensor* t, int i, int32_t v) {
    guarded([&] { core::set_i32_flat(t, i, v, "ggml_set_i32_1d"); });
}
float ggml_get_f32_1d(const ggml_tensor* t, int i) {
    return guarded([&] { return core::get_f32_flat(t, i, "ggml_get_f32_1d"); });
}
void ggml_set_f32_1d(const ggml_tensor* t, int i, float v) {
    guarded([&] { core::set_f32_flat(t, i, v, "ggml_set_f32_1d"); });
}

int32_t ggml_get_i32_nd(const ggml_tensor* t, int i0, int i1, int i2, int i3) {
    return guarded([&] { return core::get_i32(t, i0, i1, i2, i3, "ggml_get_i32_nd"); });
}
void ggml_set_i32_nd(const ggml_tensor* t, int i0, int i1, int i2, int i3, int32_t v) {
    guarded([&] { core::set_i32(t, i0, i1, i2, i3, v, "ggml_set_i32_nd"); });
}
float ggml_get_f32_nd(const ggml_tensor* t, int i0, int i1, int i2, int i3) {
    return guarded([&] { return core::get_f32(t, i0, i1, i2, i3, "ggml_get_f32_nd"); });
}
void ggml_set_f32_nd(const ggml_tensor* t, int i0, int i1, int i2, int i3, float v) {
    guarded([&] { core::set_f32(t, i0, i1, i2, i3, v, "ggml_set_f32_nd"); });
}

}  // extern "C"
