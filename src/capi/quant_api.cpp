// The C API for quantization and type traits: shims onto src/quant and the type table.
#include <cstring>

#include "capi/guard.hpp"
#include "core/check.hpp"
#include "core/type_traits.hpp"
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

const ggml_type_traits* ggml_get_type_traits(enum ggml_type type) {
    static const TraitsTable table;
    const int number = lugh::capi::enum_number(type);
    return lugh::capi::guarded([&] {
        if (number < 0 || number >= GGML_TYPE_COUNT)
            lugh::core::fail("lugh: ggml_get_type_traits: type %d is not a type number (0..%d)", number,
                             GGML_TYPE_COUNT - 1);
        return &table.entries[number];
    });
}

void ggml_quantize_init(enum ggml_type) {}
void ggml_quantize_free(void) {}

bool ggml_quantize_requires_imatrix(enum ggml_type) { return false; }

size_t ggml_quantize_chunk(enum ggml_type type, const float* src, void* dst, int64_t start, int64_t nrows,
                           int64_t n_per_row, const float* imatrix) {
    (void)imatrix;
    const int number = lugh::capi::enum_number(type);
    return lugh::capi::guarded([&] {
        if (!lugh::core::type_info(number)) lugh::core::fail("lugh: ggml_quantize_chunk: unknown tensor type %d", number);
        return lugh::quant::quantize_rows(static_cast<ggml_type>(number), src, dst, start, nrows, n_per_row,
                                          "ggml_quantize_chunk");
    });
}

}  // extern "C"
