#include "core/element.hpp"

#include <cinttypes>
#include <cmath>
#include <cstring>

#include "core/check.hpp"
#include "core/cross_reads.hpp"
#include "core/tensor_label.hpp"
#include "core/fp16.hpp"
#include "core/read_only.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"

namespace lugh::core {

namespace {

// float -> int32 without undefined behaviour: NaN is 0, out of range saturates.
int32_t saturate_i32(double v) {
    if (std::isnan(v)) return 0;
    if (v >= 2147483647.0) return INT32_MAX;
    if (v <= -2147483648.0) return INT32_MIN;
    return static_cast<int32_t>(v);
}

template <typename T>
T saturate_to(int64_t v, int64_t lo, int64_t hi) {
    return static_cast<T>(v < lo ? lo : v > hi ? hi : v);
}

void require_plain(const ggml_tensor* t, const char* caller) {
    const TypeInfo* ti = type_info(t->type);
    if (!ti) fail("lugh: %s: tensor %s has unknown type %d", caller, tensor_label(t).text, static_cast<int>(t->type));
    if (ti->quantized)
        fail("lugh: %s: tensor %s is %s, a block type; single elements of it cannot be read or written",
             caller, tensor_label(t).text, ti->name);
}

// t has data that is still there: its own, or memory of a context it reads
// (a view of another context's tensor) that was not freed or reset since.
void require_usable(const ggml_tensor* t, const char* caller) {
    require_data(t, caller);
    require_reads_current(t, caller);
}

char* element_ptr(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, const char* caller) {
    require_usable(t, caller);
    require_plain(t, caller);
    const int64_t idx[4] = {i0, i1, i2, i3};
    for (int d = 0; d < 4; ++d)
        if (idx[d] < 0 || idx[d] >= t->ne[d])
            fail("lugh: %s: index %" PRId64 " in dimension %d is outside tensor %s of shape [%" PRId64 ", %" PRId64
                 ", %" PRId64 ", %" PRId64 "]",
                 caller, idx[d], d, tensor_label(t).text, t->ne[0], t->ne[1], t->ne[2], t->ne[3]);
    return static_cast<char*>(t->data) + i0 * t->nb[0] + i1 * t->nb[1] + i2 * t->nb[2] + i3 * t->nb[3];
}

float load_f32(ggml_type type, const char* p) {
    switch (type) {
        case GGML_TYPE_F32: { float v; std::memcpy(&v, p, 4); return v; }
        case GGML_TYPE_F16: { uint16_t h; std::memcpy(&h, p, 2); return fp16_to_fp32(h); }
        case GGML_TYPE_BF16: { uint16_t h; std::memcpy(&h, p, 2); return bf16_to_fp32(h); }
        case GGML_TYPE_I8: return static_cast<float>(*reinterpret_cast<const int8_t*>(p));
        case GGML_TYPE_I16: { int16_t v; std::memcpy(&v, p, 2); return v; }
        case GGML_TYPE_I32: { int32_t v; std::memcpy(&v, p, 4); return static_cast<float>(v); }
        default: return 0.0f;
    }
}

void store_f32(ggml_type type, char* p, float v) {
    switch (type) {
        case GGML_TYPE_F32: std::memcpy(p, &v, 4); break;
        case GGML_TYPE_F16: { uint16_t h = fp32_to_fp16(v); std::memcpy(p, &h, 2); break; }
        case GGML_TYPE_BF16: { uint16_t h = fp32_to_bf16(v); std::memcpy(p, &h, 2); break; }
        case GGML_TYPE_I8: { int8_t x = saturate_to<int8_t>(saturate_i32(v), INT8_MIN, INT8_MAX); std::memcpy(p, &x, 1); break; }
        case GGML_TYPE_I16: { int16_t x = saturate_to<int16_t>(saturate_i32(v), INT16_MIN, INT16_MAX); std::memcpy(p, &x, 2); break; }
        case GGML_TYPE_I32: { int32_t x = saturate_i32(v); std::memcpy(p, &x, 4); break; }
        default: break;
    }
}

int32_t load_i32(ggml_type type, const char* p) {
    switch (type) {
        case GGML_TYPE_I8: return *reinterpret_cast<const int8_t*>(p);
        case GGML_TYPE_I16: { int16_t v; std::memcpy(&v, p, 2); return v; }
        case GGML_TYPE_I32: { int32_t v; std::memcpy(&v, p, 4); return v; }
        default: return saturate_i32(load_f32(type, p));
    }
}

void store_i32(ggml_type type, char* p, int32_t v) {
    switch (type) {
        case GGML_TYPE_I8: { int8_t x = saturate_to<int8_t>(v, INT8_MIN, INT8_MAX); std::memcpy(p, &x, 1); break; }
        case GGML_TYPE_I16: { int16_t x = saturate_to<int16_t>(v, INT16_MIN, INT16_MAX); std::memcpy(p, &x, 2); break; }
        case GGML_TYPE_I32: std::memcpy(p, &v, 4); break;
        default: store_f32(type, p, static_cast<float>(v)); break;
    }
}

void unravel(const ggml_tensor* t, int64_t i, int64_t idx[4], const char* caller) {
    const int64_t n = core::nelements(t);
    if (i < 0 || i >= n)
        fail("lugh: %s: element %" PRId64 " is outside tensor %s of %" PRId64 " elements", caller, i,
             tensor_label(t).text, n);
    unravel_index(t, i, idx);
}

// Call f(pointer to element) for every element in row-major order.
template <typename F>
void for_each_element(const ggml_tensor* t, F&& f) {
    char* base = static_cast<char*>(t->data);
    for (int64_t i3 = 0; i3 < t->ne[3]; ++i3)
        for (int64_t i2 = 0; i2 < t->ne[2]; ++i2)
            for (int64_t i1 = 0; i1 < t->ne[1]; ++i1) {
                char* row = base + i1 * t->nb[1] + i2 * t->nb[2] + i3 * t->nb[3];
                for (int64_t i0 = 0; i0 < t->ne[0]; ++i0) f(row + i0 * t->nb[0]);
            }
}

}  // namespace

void require_data(const ggml_tensor* t, const char* caller) {
    if (!t) fail("lugh: %s: tensor is NULL", caller);
    if (!t->data)
        fail("lugh: %s: tensor %s has no data (it belongs to a no_alloc context and no buffer was "
             "allocated for it)", caller, tensor_label(t).text);
}

float get_f32(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, const char* caller) {
    return load_f32(t->type, element_ptr(t, i0, i1, i2, i3, caller));
}
void set_f32(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, float v, const char* caller) {
    char* p = element_ptr(t, i0, i1, i2, i3, caller);
    require_writable(t, caller);
    store_f32(t->type, p, v);
}
int32_t get_i32(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, const char* caller) {
    return load_i32(t->type, element_ptr(t, i0, i1, i2, i3, caller));
}
void set_i32(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3, int32_t v, const char* caller) {
    char* p = element_ptr(t, i0, i1, i2, i3, caller);
    require_writable(t, caller);
    store_i32(t->type, p, v);
}

float get_f32_flat(const ggml_tensor* t, int64_t i, const char* caller) {
    int64_t idx[4];
    unravel(t, i, idx, caller);
    return get_f32(t, idx[0], idx[1], idx[2], idx[3], caller);
}
void set_f32_flat(const ggml_tensor* t, int64_t i, float v, const char* caller) {
    int64_t idx[4];
    unravel(t, i, idx, caller);
    set_f32(t, idx[0], idx[1], idx[2], idx[3], v, caller);
}
int32_t get_i32_flat(const ggml_tensor* t, int64_t i, const char* caller) {
    int64_t idx[4];
    unravel(t, i, idx, caller);
    return get_i32(t, idx[0], idx[1], idx[2], idx[3], caller);
}
void set_i32_flat(const ggml_tensor* t, int64_t i, int32_t v, const char* caller) {
    int64_t idx[4];
    unravel(t, i, idx, caller);
    set_i32(t, idx[0], idx[1], idx[2], idx[3], v, caller);
}

void fill_f32(ggml_tensor* t, float v, const char* caller) {
    require_usable(t, caller);
    require_plain(t, caller);
    require_writable(t, caller);
    const ggml_type type = t->type;
    if (type == GGML_TYPE_F32 && core::is_contiguous(t)) {
        float* p = static_cast<float*>(t->data);
        const int64_t n = core::nelements(t);
        for (int64_t i = 0; i < n; ++i) p[i] = v;
        return;
    }
    for_each_element(t, [&](char* p) { store_f32(type, p, v); });
}

void fill_i32(ggml_tensor* t, int32_t v, const char* caller) {
    require_usable(t, caller);
    require_plain(t, caller);
    require_writable(t, caller);
    const ggml_type type = t->type;
    for_each_element(t, [&](char* p) { store_i32(type, p, v); });
}

void fill_zero(ggml_tensor* t, const char* caller) {
    require_usable(t, caller);
    require_writable(t, caller);
    if (core::is_contiguous(t)) {
        std::memset(t->data, 0, core::nbytes(t));  // all-zero bytes are 0 in every type, blocks included
        return;
    }
    require_plain(t, caller);
    const size_t es = core::type_size(t->type);
    for_each_element(t, [&](char* p) { std::memset(p, 0, es); });
}

void write_f32(ggml_tensor* t, const float* values, int64_t n, const char* caller) {
    require_usable(t, caller);
    require_plain(t, caller);
    require_writable(t, caller);
    const int64_t want = core::nelements(t);
    if (n != want)
        fail("lugh: %s: tensor %s has %" PRId64 " elements, but %" PRId64 " values were given", caller,
             tensor_label(t).text, want, n);
    if (n && !values) fail("lugh: %s: %" PRId64 " values were promised, but the pointer is NULL", caller, n);
    if (t->type == GGML_TYPE_F32 && core::is_contiguous(t)) {
        if (n) std::memcpy(t->data, values, static_cast<size_t>(n) * sizeof(float));
        return;
    }
    const ggml_type type = t->type;
    int64_t k = 0;
    for_each_element(t, [&](char* p) { store_f32(type, p, values[k++]); });
}

void read_f32(const ggml_tensor* t, float* out, int64_t n, const char* caller) {
    require_usable(t, caller);
    require_plain(t, caller);
    const int64_t want = core::nelements(t);
    if (n != want)
        fail("lugh: %s: tensor %s has %" PRId64 " elements, but room for %" PRId64 " was given", caller,
             tensor_label(t).text, want, n);
    if (n && !out) fail("lugh: %s: room for %" PRId64 " values was promised, but the pointer is NULL", caller, n);
    if (t->type == GGML_TYPE_F32 && core::is_contiguous(t)) {
        if (n) std::memcpy(out, t->data, static_cast<size_t>(n) * sizeof(float));
        return;
    }
    const ggml_type type = t->type;
    int64_t k = 0;
    for_each_element(t, [&](char* p) { out[k++] = load_f32(type, p); });
}

}  // namespace lugh::core
