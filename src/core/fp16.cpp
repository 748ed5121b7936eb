// The scalar conversions of the C API. Its row converters are in
// capi/quant_api.cpp, on the one SIMD row conversion (cpu/simd/convert.hpp).
#include "core/fp16.hpp"

#include "lugh/ggml/ggml.h"

using namespace lugh::core;

extern "C" {

float ggml_fp16_to_fp32(ggml_fp16_t h) { return fp16_to_fp32(h); }
ggml_fp16_t ggml_fp32_to_fp16(float f) { return fp32_to_fp16(f); }
float ggml_bf16_to_fp32(ggml_bf16_t h) { return bf16_to_fp32(h.bits); }
ggml_bf16_t ggml_fp32_to_bf16(float f) { return ggml_bf16_t{fp32_to_bf16(f)}; }

}  // extern "C"
