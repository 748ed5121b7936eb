// The C API for quantization, type traits, row sizes and the F16/BF16 row
// converters: shims onto src/quant, the type table and the SIMD row conversions.
#include <cstring>

#include "capi/guard.hpp"
#include "core/check.hpp"
#include "core/type_traits.hpp"
#include "cpu/simd/convert.hpp"
#include "lugh/ggml/ggml.h"
#include "quant/rows.hpp"

namespace {

// Built once: one entry per type number, empty for reserved numbers.
struct TraitsTable {
    ggml_type_traits entries[GGML_TYPE_COUNT] = {};
    TraitsTable() {
        for (int t = 0; t < GGML_TYPE_COUNT; ++t) {
            const auto type = static_cast<ggml_type>(t);
            const lugh::core::TypeInfo* ti = lugh::core::type_info(type);
            if (!ti) continue;
            entries[t] = ggml_type_traits{ti->name,        ti->blck_size,
                                          0,               ti->type_size,
                                          ti->quantized,   lugh::quant::to_float_fn(type),
                                          lugh::quant::from_float_fn(type)};
        }
    }
};

}  // namespace

extern "C" {

size_t ggml_row_size(enum ggml_type type, int64_t ne) {
    const auto* t = lugh::core::type_info(type);
    if (!t || ne < 0) return 0;
    // Upstream asserts a whole number of blocks; rounding down would name a
    // size that holds fewer elements than asked for.
    if (ne % t->blck_size != 0)
        return lugh::capi::guarded([&]() -> size_t {
            lugh::core::fail("lugh: ggml_row_size: %lld elements are not a whole number of %s blocks (%lld each)",
                             static_cast<long long>(ne), t->name, static_cast<long long>(t->blck_size));
        });
    return static_cast<size_t>(ne / t->blck_size) * t->type_size;
}

const ggml_type_traits* ggml_get_type_traits(enum ggml_type type) {
    static const TraitsTable table;
    // C callers may pass any int: read it as one (loading an out-of-range
    // value through the enum type would itself be undefined in C++).
    int number;
    std::memcpy(&number, &type, sizeof number);
    return lugh::capi::guarded([&] {
        if (number < 0 || number >= GGML_TYPE_COUNT)
            lugh::core::fail("lugh: ggml_get_type_traits: type %d is not a type number (0..%d)", number,
                             GGML_TYPE_COUNT - 1);
        return &table.entries[number];
    });
}

// n may be any count; n <= 0 converts nothing.
void ggml_fp16_to_fp32_row(const ggml_fp16_t* x, float* y, int64_t n) {
    if (n > 0) lugh::cpu::simd::f16_to_f32_row(static_cast<size_t>(n), y, x);
}
void ggml_fp32_to_fp16_row(const float* x, ggml_fp16_t* y, int64_t n) {
    if (n > 0) lugh::cpu::simd::f32_to_f16_row(static_cast<size_t>(n), y, x);
}
void ggml_bf16_to_fp32_row(const ggml_bf16_t* x, float* y, int64_t n) {
    static_assert(sizeof(ggml_bf16_t) == sizeof(uint16_t), "ggml_bf16_t is its 16 bits");
    if (n > 0) lugh::cpu::simd::bf16_to_f32_row(static_cast<size_t>(n), y, reinterpret_cast<const uint16_t*>(x));
}
void ggml_fp32_to_bf16_row(const float* x, ggml_bf16_t* y, int64_t n) {
    if (n > 0) lugh::cpu::simd::f32_to_bf16_row(static_cast<size_t>(n), reinterpret_cast<uint16_t*>(y), x);
}
void ggml_fp32_to_bf16_row_ref(const float* x, ggml_bf16_t* y, int64_t n) { ggml_fp32_to_bf16_row(x, y, n); }

void ggml_quantize_init(enum ggml_type) {}
void ggml_quantize_free(void) {}

bool ggml_quantize_requires_imatrix(enum ggml_type) { return false; }

size_t ggml_quantize_chunk(enum ggml_type type, const float* src, void* dst, int64_t start, int64_t nrows,
                           int64_t n_per_row, const float* imatrix) {
    (void)imatrix;
    return lugh::capi::guarded([&] {
        return lugh::quant::quantize_rows(type, src, dst, start, nrows, n_per_row, "ggml_quantize_chunk");
    });
}

}  // extern "C"
