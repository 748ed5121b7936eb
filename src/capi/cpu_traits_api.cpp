// lugh-ggml-cpu-traits.h: per-type CPU traits (from_float, vec_dot) and ggml_cpu_init.
//
// vec_dot uses Lugh's SIMD row dots for F32 and F16 rows; the quantized
// pairs convert both rows to floats, a chunk at a time, and sum the products
// in double (Lugh's own quantized row dots read b in mul_mat's grouped
// activation layout, not as upstream's plain Q8_0 / Q8_K blocks).
#include <algorithm>
#include <cstdint>

#include "capi/guard.hpp"
#include "core/check.hpp"
#include "core/type_traits.hpp"
#include "lugh/ggml/ggml-cpu.h"
#include "cpu/matmul/dot.hpp"
#include "quant/rows.hpp"

namespace {

namespace q = lugh::quant;
namespace mm = lugh::cpu::matmul;

void require_single_row(int nrc) {
    if (nrc != 1)
        lugh::capi::guarded([&] { lugh::core::fail("lugh: vec_dot: nrc is %d; Lugh's vec_dot takes 1 row", nrc); });
}

void dot_f32(int n, float* s, size_t, const void* x, size_t, const void* y, size_t, int nrc) {
    require_single_row(nrc);
    *s = mm::dot_kernels().f32(n, x, static_cast<const float*>(y));
}
void dot_f16(int n, float* s, size_t, const void* x, size_t, const void* y, size_t, int nrc) {
    require_single_row(nrc);
    *s = mm::dot_kernels().f16_f16(n, x, static_cast<const uint16_t*>(y));
}

// Rows of X against rows of Y, through floats: 256 elements (a whole number
// of blocks of every type) at a time, or the whole row when shorter.
template <ggml_type X, ggml_type Y>
void dot_by_floats(int n, float* s, size_t, const void* x, size_t, const void* y, size_t, int nrc) {
    require_single_row(nrc);
    static const q::ToFloatFn x_to_float = q::to_float_fn(X);
    static const q::ToFloatFn y_to_float = q::to_float_fn(Y);
    float xf[256], yf[256];
    double sum = 0;
    for (int64_t i = 0; i < n; i += 256) {
        const int64_t len = std::min<int64_t>(256, n - i);
        x_to_float(static_cast<const char*>(x) + lugh::core::row_size(X, i), xf, len);
        y_to_float(static_cast<const char*>(y) + lugh::core::row_size(Y, i), yf, len);
        for (int64_t k = 0; k < len; ++k) sum += static_cast<double>(xf[k]) * yf[k];
    }
    *s = static_cast<float>(sum);
}

struct CpuTraitsTable {
    ggml_type_traits_cpu entries[GGML_TYPE_COUNT] = {};

    void set(ggml_type t, ggml_vec_dot_t dot, ggml_type dot_type) {
        entries[t] = ggml_type_traits_cpu{q::from_float_fn(t), dot, dot_type, 1};
    }

    CpuTraitsTable() {
        set(GGML_TYPE_F32, dot_f32, GGML_TYPE_F32);
        set(GGML_TYPE_F16, dot_f16, GGML_TYPE_F16);
        set(GGML_TYPE_BF16, dot_by_floats<GGML_TYPE_BF16, GGML_TYPE_BF16>, GGML_TYPE_BF16);
        set(GGML_TYPE_Q8_0, dot_by_floats<GGML_TYPE_Q8_0, GGML_TYPE_Q8_0>, GGML_TYPE_Q8_0);
        set(GGML_TYPE_Q4_0, dot_by_floats<GGML_TYPE_Q4_0, GGML_TYPE_Q8_0>, GGML_TYPE_Q8_0);
        set(GGML_TYPE_Q4_1, dot_by_floats<GGML_TYPE_Q4_1, GGML_TYPE_Q8_0>, GGML_TYPE_Q8_0);
        set(GGML_TYPE_Q5_0, dot_by_floats<GGML_TYPE_Q5_0, GGML_TYPE_Q8_0>, GGML_TYPE_Q8_0);
        set(GGML_TYPE_Q5_1, dot_by_floats<GGML_TYPE_Q5_1, GGML_TYPE_Q8_0>, GGML_TYPE_Q8_0);
        set(GGML_TYPE_IQ4_NL, dot_by_floats<GGML_TYPE_IQ4_NL, GGML_TYPE_Q8_0>, GGML_TYPE_Q8_0);
        set(GGML_TYPE_Q2_K, dot_by_floats<GGML_TYPE_Q2_K, GGML_TYPE_Q8_K>, GGML_TYPE_Q8_K);
        set(GGML_TYPE_Q3_K, dot_by_floats<GGML_TYPE_Q3_K, GGML_TYPE_Q8_K>, GGML_TYPE_Q8_K);
        set(GGML_TYPE_Q4_K, dot_by_floats<GGML_TYPE_Q4_K, GGML_TYPE_Q8_K>, GGML_TYPE_Q8_K);
        set(GGML_TYPE_Q5_K, dot_by_floats<GGML_TYPE_Q5_K, GGML_TYPE_Q8_K>, GGML_TYPE_Q8_K);
        set(GGML_TYPE_Q6_K, dot_by_floats<GGML_TYPE_Q6_K, GGML_TYPE_Q8_K>, GGML_TYPE_Q8_K);
        set(GGML_TYPE_IQ4_XS, dot_by_floats<GGML_TYPE_IQ4_XS, GGML_TYPE_Q8_K>, GGML_TYPE_Q8_K);
        set(GGML_TYPE_Q8_K, nullptr, GGML_TYPE_Q8_K);   // an activation type: upstream has no dot for it either
    }
};

}  // namespace

extern "C" {

const ggml_type_traits_cpu* ggml_get_type_traits_cpu(enum ggml_type type) {
    static const CpuTraitsTable table;
    const int number = lugh::capi::enum_number(type);
    return lugh::capi::guarded([&] {
        if (number < 0 || number >= GGML_TYPE_COUNT)
            lugh::core::fail("lugh: ggml_get_type_traits_cpu: type %d is not a type number (0..%d)", number,
                             GGML_TYPE_COUNT - 1);
        return &table.entries[number];
    });
}

void ggml_cpu_init(void) { (void)mm::dot_kernels(); }

}  // extern "C"
