// The per-row primitives of the kernels, on the SIMD versions in src/cpu/simd/
// (instruction set chosen at run time). Argument order differs there: dst
// comes first.
#include "cpu/row_ops.hpp"

#include "cpu/simd/binary.hpp"
#include "cpu/simd/convert.hpp"
#include "cpu/simd/dot.hpp"
#include "cpu/simd/norm.hpp"
#include "cpu/simd/reduce.hpp"
#include "cpu/simd/softmax.hpp"
#include "cpu/simd/unary.hpp"

namespace lugh::cpu {

namespace {
size_t len(int64_t n) { return n > 0 ? static_cast<size_t>(n) : 0; }
}  // namespace

void add_row_f32(int64_t n, const float* a, const float* b, float* dst) {
    simd::binary_row(simd::BinaryOp::add, len(n), dst, a, b);
}
void sub_row_f32(int64_t n, const float* a, const float* b, float* dst) {
    simd::binary_row(simd::BinaryOp::sub, len(n), dst, a, b);
}
void mul_row_f32(int64_t n, const float* a, const float* b, float* dst) {
    simd::binary_row(simd::BinaryOp::mul, len(n), dst, a, b);
}
void div_row_f32(int64_t n, const float* a, const float* b, float* dst) {
    simd::binary_row(simd::BinaryOp::div, len(n), dst, a, b);
}
void scale_row_f32(int64_t n, const float* x, float s, float* dst) { simd::scale_row(len(n), dst, x, s); }

double sum_row_f32(int64_t n, const float* x) { return simd::sum_row(len(n), x); }
float max_row_f32(int64_t n, const float* x) { return simd::max_row(len(n), x); }
float dot_f32(int64_t n, const float* a, const float* b) { return simd::dot_f32(len(n), a, b); }

void softmax_row_f32(int64_t n, const float* x, float* dst) { simd::softmax_row(len(n), dst, x, 1.0f, nullptr, 0.0f); }
void rms_norm_row_f32(int64_t n, const float* x, float eps, float* dst) { simd::rms_norm_row(len(n), dst, x, eps); }
void norm_row_f32(int64_t n, const float* x, float eps, float* dst) { simd::norm_row(len(n), dst, x, eps); }

void silu_row_f32(int64_t n, const float* x, float* dst) { simd::unary_row(simd::UnaryOp::silu, len(n), dst, x); }
void gelu_row_f32(int64_t n, const float* x, float* dst) { simd::unary_row(simd::UnaryOp::gelu, len(n), dst, x); }
void exp_row_f32(int64_t n, const float* x, float* dst) { simd::unary_row(simd::UnaryOp::exp, len(n), dst, x); }

void f16_to_f32_row(int64_t n, const uint16_t* x, float* dst) { simd::f16_to_f32_row(len(n), dst, x); }
void bf16_to_f32_row(int64_t n, const uint16_t* x, float* dst) { simd::bf16_to_f32_row(len(n), dst, x); }
void f32_to_f16_row(int64_t n, const float* x, uint16_t* dst) { simd::f32_to_f16_row(len(n), dst, x); }
void f32_to_bf16_row(int64_t n, const float* x, uint16_t* dst) { simd::f32_to_bf16_row(len(n), dst, x); }

}  // namespace lugh::cpu
