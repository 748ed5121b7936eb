// The table of element types: size, block size, name, and what Lugh can do
// with each. Unknown numbers (reserved for later types) have no entry.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::core {

struct TypeInfo {
    const char* name;     // as upstream prints it: "f32", "q8_0", ...
    size_t type_size;     // bytes of one block
    int64_t blck_size;    // elements of one block (1 for plain types)
    bool quantized;
    bool is_float;        // F32/F16/BF16: element access through float
};

// nullptr for a number that names no type Lugh knows.
const TypeInfo* type_info(ggml_type type);
inline const TypeInfo* type_info(int type) { return type_info(static_cast<ggml_type>(type)); }

// The fields of type_info, with 0 / nullptr / false for an unknown type
// (what the C API's ggml_type_size, ggml_type_name, ... answer).
size_t type_size(ggml_type type);
int64_t block_size(ggml_type type);
const char* type_name(ggml_type type);
bool is_quantized(ggml_type type);
// Bytes of ne elements of `type` (whole blocks), 0 for an unknown type or ne < 0.
size_t row_size(ggml_type type, int64_t ne);

}  // namespace lugh::core
