#include "core/type_traits.hpp"

namespace lugh::core {

namespace {
// Block layouts fixed by the file formats: Q4_0 = fp16 scale + 16 bytes of
// 4-bit values; Q8_0 = fp16 scale + 32 int8 values.
constexpr TypeInfo kF32{"f32", 4, 1, false, true};
constexpr TypeInfo kF16{"f16", 2, 1, false, true};
constexpr TypeInfo kBF16{"bf16", 2, 1, false, true};
constexpr TypeInfo kQ4_0{"q4_0", 2 + 16, 32, true, false};
constexpr TypeInfo kQ8_0{"q8_0", 2 + 32, 32, true, false};
constexpr TypeInfo kI8{"i8", 1, 1, false, false};
constexpr TypeInfo kI16{"i16", 2, 1, false, false};
constexpr TypeInfo kI32{"i32", 4, 1, false, false};
}  // namespace

const TypeInfo* type_info(ggml_type type) {
    switch (type) {
        case GGML_TYPE_F32: return &kF32;
        case GGML_TYPE_F16: return &kF16;
        case GGML_TYPE_BF16: return &kBF16;
        case GGML_TYPE_Q4_0: return &kQ4_0;
        case GGML_TYPE_Q8_0: return &kQ8_0;
        case GGML_TYPE_I8: return &kI8;
        case GGML_TYPE_I16: return &kI16;
        case GGML_TYPE_I32: return &kI32;
        default: return nullptr;
    }
}

size_t type_size(ggml_type type) {
    const TypeInfo* t = type_info(type);
    return t ? t->type_size : 0;
}

int64_t block_size(ggml_type type) {
    const TypeInfo* t = type_info(type);
    return t ? t->blck_size : 0;
}

const char* type_name(ggml_type type) {
    const TypeInfo* t = type_info(type);
    return t ? t->name : nullptr;
}

bool is_quantized(ggml_type type) {
    const TypeInfo* t = type_info(type);
    return t && t->quantized;
}

size_t row_size(ggml_type type, int64_t ne) {
    const TypeInfo* t = type_info(type);
    if (!t || ne < 0) return 0;
    return static_cast<size_t>(ne / t->blck_size) * t->type_size;
}

}  // namespace lugh::core
