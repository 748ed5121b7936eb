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

// One row per type that converts to or from float.
struct Conversion {
    ggml_type type;
    ToFloatFn to_float;
    FromFloatFn from_float;
};

constexpr Conversion kConversions[] = {
    {GGML_TYPE_F32, f32_to_float, f32_from_float},
    {GGML_TYPE_F16, f16_to_float, f16_from_float},
    {GGML_TYPE_BF16, bf16_to_float, bf16_from_float},
    {GGML_TYPE_Q8_0, dequantize_row_q8_0, quantize_row_q8_0},
    {GGML_TYPE_Q4_0, dequantize_row_q4_0, quantize_row_q4_0},
    {GGML_TYPE_Q4_1, dequantize_row_q4_1, quantize_row_q4_1},
    {GGML_TYPE_Q5_0, dequantize_row_q5_0, quantize_row_q5_0},
    {GGML_TYPE_Q5_1, dequantize_row_q5_1, quantize_row_q5_1},
    {GGML_TYPE_Q2_K, dequantize_row_q2_k, quantize_row_q2_k},
    {GGML_TYPE_Q3_K, dequantize_row_q3_k, quantize_row_q3_k},
    {GGML_TYPE_Q4_K, dequantize_row_q4_k, quantize_row_q4_k},
    {GGML_TYPE_Q5_K, dequantize_row_q5_k, quantize_row_q5_k},
    {GGML_TYPE_Q6_K, dequantize_row_q6_k, quantize_row_q6_k},
    {GGML_TYPE_Q8_K, dequantize_row_q8_k, quantize_row_q8_k},
    {GGML_TYPE_IQ4_NL, dequantize_row_iq4_nl, quantize_row_iq4_nl},
    {GGML_TYPE_IQ4_XS, dequantize_row_iq4_xs, quantize_row_iq4_xs},
};

const Conversion* conversion(ggml_type type) {
    for (const Conversion& c : kConversions)
        if (c.type == type) return &c;
    return nullptr;
}

}  // namespace

ToFloatFn to_float_fn(ggml_type type) {
    const Conversion* c = conversion(type);
    return c ? c->to_float : nullptr;
}

FromFloatFn from_float_fn(ggml_type type) {
    const Conversion* c = conversion(type);
    return c ? c->from_float : nullptr;
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
