// Which row conversion serves which type, and the checked chunk quantizer.
#include <cinttypes>
#include <cstring>

#include "core/check.hpp"
#include "core/type_traits.hpp"
#include "cpu/simd/convert.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

namespace {

void f32_to_float(const void* x, float* y, int64_t k) { std::memcpy(y, x, static_cast<size_t>(k) * 4); }
void f32_from_float(const float* x, void* y, int64_t k) { std::memcpy(y, x, static_cast<size_t>(k) * 4); }

// The 16-bit float types use the SIMD row conversions (the one converter;
// bit-identical to core/fp16.hpp's scalar rules).
void f16_to_float(const void* x, float* y, int64_t k) {
    cpu::simd::f16_to_f32_row(static_cast<size_t>(k), y, static_cast<const uint16_t*>(x));
}
void f16_from_float(const float* x, void* y, int64_t k) {
    cpu::simd::f32_to_f16_row(static_cast<size_t>(k), static_cast<uint16_t*>(y), x);
}
void bf16_to_float(const void* x, float* y, int64_t k) {
    cpu::simd::bf16_to_f32_row(static_cast<size_t>(k), y, static_cast<const uint16_t*>(x));
}
void bf16_from_float(const float* x, void* y, int64_t k) {
    cpu::simd::f32_to_bf16_row(static_cast<size_t>(k), static_cast<uint16_t*>(y), x);
}

}  // namespace

ToFloatFn to_float_fn(ggml_type type) {
    switch (type) {
        case GGML_TYPE_F32: return f32_to_float;
        case GGML_TYPE_F16: return f16_to_float;
        case GGML_TYPE_BF16: return bf16_to_float;
        case GGML_TYPE_Q8_0: return dequantize_row_q8_0;
        case GGML_TYPE_Q4_0: return dequantize_row_q4_0;
        default: return nullptr;
    }
}

FromFloatFn from_float_fn(ggml_type type) {
    switch (type) {
        case GGML_TYPE_F32: return f32_from_float;
        case GGML_TYPE_F16: return f16_from_float;
        case GGML_TYPE_BF16: return bf16_from_float;
        case GGML_TYPE_Q8_0: return quantize_row_q8_0;
        case GGML_TYPE_Q4_0: return quantize_row_q4_0;
        default: return nullptr;
    }
}

size_t quantize_rows(ggml_type type, const float* src, void* dst, int64_t start, int64_t nrows,
                     int64_t n_per_row, const char* caller) {
    const core::TypeInfo* ti = core::type_info(type);
    const FromFloatFn convert = from_float_fn(type);
    if (!ti || !convert) core::fail("lugh: %s: cannot quantize to type %d (%s)", caller, static_cast<int>(type),
                                    ti ? ti->name : "unknown");
    if (start < 0 || nrows < 0 || n_per_row <= 0)
        core::fail("lugh: %s: bad arguments: start %" PRId64 ", nrows %" PRId64 ", n_per_row %" PRId64, caller,
                   start, nrows, n_per_row);
    if (n_per_row % ti->blck_size != 0)
        core::fail("lugh: %s: a %s row needs a multiple of %" PRId64 " elements, n_per_row is %" PRId64, caller,
                   ti->name, ti->blck_size, n_per_row);
    if (start % n_per_row != 0)
        core::fail("lugh: %s: start %" PRId64 " is not at a row boundary (n_per_row %" PRId64 ")", caller, start,
                   n_per_row);
    if (nrows > 0 && (!src || !dst)) core::fail("lugh: %s: src or dst is NULL", caller);
    const size_t row_bytes = static_cast<size_t>(n_per_row / ti->blck_size) * ti->type_size;
    size_t total = 0, first = 0;
    if (core::mul_overflows(row_bytes, static_cast<size_t>(nrows), &total) ||
        core::mul_overflows(row_bytes, static_cast<size_t>(start / n_per_row), &first))
        core::fail("lugh: %s: %" PRId64 " rows of %" PRId64 " elements overflow size_t", caller, nrows, n_per_row);
    auto* out = static_cast<unsigned char*>(dst) + first;
    for (int64_t r = 0; r < nrows; ++r)
        convert(src + start + r * n_per_row, out + static_cast<size_t>(r) * row_bytes, n_per_row);
    return total;
}

}  // namespace lugh::quant
