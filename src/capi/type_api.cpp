// The C API's element types (ggml.h): sizes and names of each type, and the
// fp16 / bf16 conversions (rows on the SIMD row conversion). A type number
// Lugh does not know gives 0 / NULL / false, as upstream's table does for its
// unused numbers.
#include "capi/guard.hpp"
#include "core/fp16.hpp"
#include "core/type_traits.hpp"
#include "cpu/simd/convert.hpp"
#include "lugh/ggml/ggml.h"

using lugh::capi::enum_number;
using lugh::capi::guarded;
using lugh::capi::need;
namespace core = lugh::core;

namespace {
// Any int is answered (unknown numbers have no TypeInfo); only the enum load is avoided.
ggml_type as_type(int number) { return core::type_info(number) ? static_cast<ggml_type>(number) : GGML_TYPE_COUNT; }

// Whether there are n > 0 values to convert; both pointers must then be given.
bool rows_to_convert(const void* x, const void* y, int64_t n, const char* fn) {
    if (n <= 0) return false;
    guarded([&] {
        need(x, fn, "x");
        need(y, fn, "y");
    });
    return true;
}
}  // namespace

extern "C" {

size_t ggml_type_size(enum ggml_type type) { return core::type_size(as_type(enum_number(type))); }
int64_t ggml_blck_size(enum ggml_type type) { return core::block_size(as_type(enum_number(type))); }
size_t ggml_row_size(enum ggml_type type, int64_t ne) {
    const ggml_type t = as_type(enum_number(type));
    const int64_t block = core::block_size(t);
    // Upstream asserts a whole number of blocks; rounding down would name a
    // size that holds fewer elements than asked for.
    if (block > 0 && ne > 0 && ne % block != 0)
        return guarded([&]() -> size_t {
            core::fail("lugh: ggml_row_size: %lld elements are not a whole number of %s blocks (%lld each)",
                       static_cast<long long>(ne), core::type_name(t), static_cast<long long>(block));
        });
    return core::row_size(t, ne);
}
const char* ggml_type_name(enum ggml_type type) { return core::type_name(as_type(enum_number(type))); }
bool ggml_is_quantized(enum ggml_type type) { return core::is_quantized(as_type(enum_number(type))); }

float ggml_fp16_to_fp32(ggml_fp16_t h) { return core::fp16_to_fp32(h); }
ggml_fp16_t ggml_fp32_to_fp16(float f) { return core::fp32_to_fp16(f); }
float ggml_bf16_to_fp32(ggml_bf16_t h) { return core::bf16_to_fp32(h.bits); }
ggml_bf16_t ggml_fp32_to_bf16(float f) { return ggml_bf16_t{core::fp32_to_bf16(f)}; }

// Row converters: the one SIMD row conversion the kernels use too.
void ggml_fp16_to_fp32_row(const ggml_fp16_t* x, float* y, int64_t n) {
    if (rows_to_convert(x, y, n, "ggml_fp16_to_fp32_row")) lugh::cpu::simd::f16_to_f32_row(static_cast<size_t>(n), y, x);
}
void ggml_fp32_to_fp16_row(const float* x, ggml_fp16_t* y, int64_t n) {
    if (rows_to_convert(x, y, n, "ggml_fp32_to_fp16_row")) lugh::cpu::simd::f32_to_f16_row(static_cast<size_t>(n), y, x);
}
void ggml_bf16_to_fp32_row(const ggml_bf16_t* x, float* y, int64_t n) {
    static_assert(sizeof(ggml_bf16_t) == sizeof(uint16_t), "ggml_bf16_t is its 16 bits");
    if (rows_to_convert(x, y, n, "ggml_bf16_to_fp32_row"))
        lugh::cpu::simd::bf16_to_f32_row(static_cast<size_t>(n), y, reinterpret_cast<const uint16_t*>(x));
}
void ggml_fp32_to_bf16_row(const float* x, ggml_bf16_t* y, int64_t n) {
    if (rows_to_convert(x, y, n, "ggml_fp32_to_bf16_row"))
        lugh::cpu::simd::f32_to_bf16_row(static_cast<size_t>(n), reinterpret_cast<uint16_t*>(y), x);
}
void ggml_fp32_to_bf16_row_ref(const float* x, ggml_bf16_t* y, int64_t n) { ggml_fp32_to_bf16_row(x, y, n); }

}  // extern "C"
