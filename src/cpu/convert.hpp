// Loading and storing one element of a plain type as float (F32, F16, BF16,
// I32), and copying a run of elements between any two such types.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/fp16.hpp"
#include "core/type_traits.hpp"
#include "cpu/simd/convert.hpp"
#include "lugh/ggml/ggml.h"

namespace lugh::cpu {

inline float load_float(ggml_type t, const char* p) {
    uint16_t h;
    switch (t) {
        case GGML_TYPE_F16: std::memcpy(&h, p, 2); return core::fp16_to_fp32(h);
        case GGML_TYPE_BF16: std::memcpy(&h, p, 2); return core::bf16_to_fp32(h);
        case GGML_TYPE_I32: {
            int32_t i;
            std::memcpy(&i, p, 4);
            return static_cast<float>(i);
        }
        default: {
            float f;
            std::memcpy(&f, p, 4);
            return f;
        }
    }
}

inline void store_float(ggml_type t, char* p, float v) {
    uint16_t h;
    switch (t) {
        case GGML_TYPE_F16: h = core::fp32_to_fp16(v); std::memcpy(p, &h, 2); break;
        case GGML_TYPE_BF16: h = core::fp32_to_bf16(v); std::memcpy(p, &h, 2); break;
        case GGML_TYPE_I32: {
            // Truncated toward zero; NaN gives 0 and the ends of the range saturate (a plain cast would be undefined).
            int32_t i = 0;
            if (v >= 2147483647.0f) i = INT32_MAX;
            else if (v <= -2147483648.0f) i = INT32_MIN;
            else if (!std::isnan(v)) i = static_cast<int32_t>(v);
            std::memcpy(p, &i, 4);
            break;
        }
        default: std::memcpy(p, &v, 4); break;
    }
}

// n elements from src (type st, byte stride ss) to dst (type dt, stride ds):
// converted between float types, copied bytewise between equal types.
inline void copy_elements(int64_t n, ggml_type st, const char* src, size_t ss, ggml_type dt, char* dst, size_t ds) {
    const size_t es = core::type_size(st);
    if (st == dt) {
        if (ss == es && ds == es) {
            std::memmove(dst, src, static_cast<size_t>(n) * es);
        } else {
            for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * ds, src + i * ss, es);
        }
        return;
    }
    const bool packed = ss == es && ds == core::type_size(dt);
    const auto len = static_cast<size_t>(n);
    if (packed && st == GGML_TYPE_F32 && dt == GGML_TYPE_F16)
        return simd::f32_to_f16_row(len, reinterpret_cast<uint16_t*>(dst), reinterpret_cast<const float*>(src));
    if (packed && st == GGML_TYPE_F32 && dt == GGML_TYPE_BF16)
        return simd::f32_to_bf16_row(len, reinterpret_cast<uint16_t*>(dst), reinterpret_cast<const float*>(src));
    if (packed && st == GGML_TYPE_F16 && dt == GGML_TYPE_F32)
        return simd::f16_to_f32_row(len, reinterpret_cast<float*>(dst), reinterpret_cast<const uint16_t*>(src));
    if (packed && st == GGML_TYPE_BF16 && dt == GGML_TYPE_F32)
        return simd::bf16_to_f32_row(len, reinterpret_cast<float*>(dst), reinterpret_cast<const uint16_t*>(src));
    for (int64_t i = 0; i < n; ++i) store_float(dt, dst + i * ds, load_float(st, src + i * ss));
}

}  // namespace lugh::cpu
