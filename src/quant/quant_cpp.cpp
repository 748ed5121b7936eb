// lugh::quant: the C++ face of src/quant.
#include <cinttypes>
#include <cmath>

#include "core/check.hpp"
#include "core/type_traits.hpp"
#include "lugh/quant.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

namespace {
// A block type cannot hold a NaN or an infinity: the row converters would
// poison the whole block (see rows.hpp), so the checked C++ entry refuses the
// input instead, naming the first bad value. Float types store them as is.
void refuse_non_finite(Type type, const float* src, int64_t nrows, int64_t n_per_row) {
    const core::TypeInfo* ti = core::type_info(static_cast<ggml_type>(type));
    if (!ti || !ti->quantized || !src || nrows <= 0 || n_per_row <= 0) return;   // quantize_rows checks the rest
    int64_t total = 0;
    if (__builtin_mul_overflow(nrows, n_per_row, &total)) return;
    const int64_t at = find_non_finite(src, total);
    if (at < 0) return;
    const float v = src[at];
    core::fail("lugh: lugh::quant::quantize: row %" PRId64 ", element %" PRId64 " is %s; %s cannot store NaN or infinity",
               at / n_per_row, at % n_per_row, std::isnan(v) ? "NaN" : (v > 0 ? "+inf" : "-inf"), ti->name);
}
}  // namespace

int64_t find_non_finite(const float* values, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        if (!std::isfinite(values[i])) return i;
    return -1;
}

size_t quantize(Type type, const float* src, void* dst, int64_t nrows, int64_t n_per_row) {
    refuse_non_finite(type, src, nrows, n_per_row);
    return quantize_rows(static_cast<ggml_type>(type), src, dst, 0, nrows, n_per_row, "lugh::quant::quantize");
}

std::vector<unsigned char> quantize(Type type, const std::vector<float>& values, int64_t n_per_row) {
    if (n_per_row <= 0 || values.size() % static_cast<size_t>(n_per_row) != 0)
        core::fail("lugh: lugh::quant::quantize: %zu values are not a whole number of rows of %" PRId64,
                   values.size(), n_per_row);
    const int64_t nrows = static_cast<int64_t>(values.size()) / n_per_row;
    const core::TypeInfo* ti = core::type_info(static_cast<ggml_type>(type));
    std::vector<unsigned char> out;
    if (ti && n_per_row % ti->blck_size == 0)
        out.resize(static_cast<size_t>(n_per_row / ti->blck_size) * ti->type_size * static_cast<size_t>(nrows));
    quantize(type, values.data(), out.data(), nrows, n_per_row);   // checks everything else
    return out;
}

void dequantize(Type type, const void* src, float* dst, int64_t n) {
    const core::TypeInfo* ti = core::type_info(static_cast<ggml_type>(type));
    const ToFloatFn convert = to_float_fn(static_cast<ggml_type>(type));
    if (!ti || !convert) core::fail("lugh: lugh::quant::dequantize: type %d has no float conversion", static_cast<int>(type));
    if (n < 0 || n % ti->blck_size != 0)
        core::fail("lugh: lugh::quant::dequantize: %" PRId64 " elements are not a whole number of %s blocks (%" PRId64 ")",
                   n, ti->name, ti->blck_size);
    if (n > 0 && (!src || !dst))
        core::fail("lugh: lugh::quant::dequantize: %s pointer is NULL (%" PRId64 " %s elements)", src ? "dst" : "src",
                   n, ti->name);
    if (n > 0) convert(src, dst, n);
}

std::vector<float> dequantize(Type type, const void* src, int64_t n) {
    std::vector<float> out(n > 0 ? static_cast<size_t>(n) : 0);
    dequantize(type, src, out.data(), n);
    return out;
}

}  // namespace lugh::quant
