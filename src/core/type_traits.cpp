#include "core/type_traits.hpp"

namespace lugh::core {

namespace {
// One row per type; block layouts fixed by the file formats (src/quant/blocks.hpp,
// blocks_k.hpp). Names are upstream's ggml_type_name.
struct TypeRow {
    ggml_type type;
    TypeInfo info;
};

constexpr TypeRow kTypes[] = {
    {GGML_TYPE_F32, {"f32", 4, 1, false, true}},
    {GGML_TYPE_F16, {"f16", 2, 1, false, true}},
    {GGML_TYPE_BF16, {"bf16", 2, 1, false, true}},
    {GGML_TYPE_Q4_0, {"q4_0", 2 + 16, 32, true, false}},
    {GGML_TYPE_Q4_1, {"q4_1", 2 + 2 + 16, 32, true, false}},
    {GGML_TYPE_Q5_0, {"q5_0", 2 + 4 + 16, 32, true, false}},
    {GGML_TYPE_Q5_1, {"q5_1", 2 + 2 + 4 + 16, 32, true, false}},
    {GGML_TYPE_Q8_0, {"q8_0", 2 + 32, 32, true, false}},
    {GGML_TYPE_Q2_K, {"q2_K", 16 + 64 + 2 + 2, 256, true, false}},
    {GGML_TYPE_Q3_K, {"q3_K", 32 + 64 + 12 + 2, 256, true, false}},
    {GGML_TYPE_Q4_K, {"q4_K", 2 + 2 + 12 + 128, 256, true, false}},
    {GGML_TYPE_Q5_K, {"q5_K", 2 + 2 + 12 + 32 + 128, 256, true, false}},
    {GGML_TYPE_Q6_K, {"q6_K", 128 + 64 + 16 + 2, 256, true, false}},
    {GGML_TYPE_Q8_K, {"q8_K", 4 + 256 + 32, 256, true, false}},
    {GGML_TYPE_IQ4_NL, {"iq4_nl", 2 + 16, 32, true, false}},
    {GGML_TYPE_IQ4_XS, {"iq4_xs", 2 + 2 + 4 + 128, 256, true, false}},
    {GGML_TYPE_I8, {"i8", 1, 1, false, false}},
    {GGML_TYPE_I16, {"i16", 2, 1, false, false}},
    {GGML_TYPE_I32, {"i32", 4, 1, false, false}},
};
}  // namespace

const TypeInfo* type_info(ggml_type type) {
    for (const TypeRow& row : kTypes)
        if (row.type == type) return &row.info;
    return nullptr;
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
