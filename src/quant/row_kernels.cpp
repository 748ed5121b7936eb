#include "quant/row_kernels.hpp"

#include <cstring>

#include "core/type_traits.hpp"
#include "quant/blocks.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void dequantize_row_to(ggml_type type, const void* row, char* dst, size_t dst_stride, int64_t n) {
    const ToFloatFn convert = to_float_fn(type);
    if (dst_stride == sizeof(float)) return convert(row, reinterpret_cast<float*>(dst), n);
    const size_t block_bytes = core::type_info(type)->type_size;
    float block[kBlock];
    for (int64_t b = 0; b < n / kBlock; ++b) {
        convert(static_cast<const char*>(row) + b * block_bytes, block, kBlock);
        for (int j = 0; j < kBlock; ++j) std::memcpy(dst + (b * kBlock + j) * dst_stride, &block[j], sizeof(float));
    }
}

void quantize_row_from(ggml_type type, const char* src, size_t src_stride, void* dst, int64_t n) {
    const FromFloatFn convert = from_float_fn(type);
    if (src_stride == sizeof(float)) return convert(reinterpret_cast<const float*>(src), dst, n);
    const size_t block_bytes = core::type_info(type)->type_size;
    float block[kBlock];
    for (int64_t b = 0; b < n / kBlock; ++b) {
        for (int j = 0; j < kBlock; ++j) std::memcpy(&block[j], src + (b * kBlock + j) * src_stride, sizeof(float));
        convert(block, static_cast<char*>(dst) + b * block_bytes, kBlock);
    }
}

}  // namespace lugh::quant
