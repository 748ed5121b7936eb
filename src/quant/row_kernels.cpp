#include "quant/row_kernels.hpp"

#include <cstring>

#include "core/type_traits.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

// Strided rows go one block (32 or 256 elements) at a time through a
// buffer on the stack, large enough for the largest block.

void dequantize_row_to(ggml_type type, const void* row, char* dst, size_t dst_stride, int64_t n) {
    const ToFloatFn convert = to_float_fn(type);
    if (dst_stride == sizeof(float)) return convert(row, reinterpret_cast<float*>(dst), n);
    const core::TypeInfo* ti = core::type_info(type);
    const int64_t block = ti->blck_size;
    float values[kSuperBlock];
    for (int64_t b = 0; b < n / block; ++b) {
        convert(static_cast<const char*>(row) + b * ti->type_size, values, block);
        for (int64_t j = 0; j < block; ++j)
            std::memcpy(dst + (b * block + j) * dst_stride, &values[j], sizeof(float));
    }
}

void quantize_row_from(ggml_type type, const char* src, size_t src_stride, void* dst, int64_t n) {
    const FromFloatFn convert = from_float_fn(type);
    if (src_stride == sizeof(float)) return convert(reinterpret_cast<const float*>(src), dst, n);
    const core::TypeInfo* ti = core::type_info(type);
    const int64_t block = ti->blck_size;
    float values[kSuperBlock];
    for (int64_t b = 0; b < n / block; ++b) {
        for (int64_t j = 0; j < block; ++j) std::memcpy(&values[j], src + (b * block + j) * src_stride, sizeof(float));
        convert(values, static_cast<char*>(dst) + b * ti->type_size, block);
    }
}

}  // namespace lugh::quant
