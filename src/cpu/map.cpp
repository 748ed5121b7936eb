// Element-wise maps on F32: SCALE, CLAMP, SQR, SQRT, LOG and the UNARY family.
#include <algorithm>
#include <cmath>

#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"
#include "cpu/simd/binary.hpp"
#include "cpu/simd/unary.hpp"
#include "core/op_params.hpp"

namespace lugh::cpu {

namespace {

// Apply row_fn to packed rows, or f element by element to strided ones.
template <typename RowFn, typename F>
void map_rows(ggml_tensor* dst, const KernelArgs& args, RowFn row_fn, F f) {
    const ggml_tensor* a = dst->src[0];
    const int64_t ne0 = dst->ne[0];
    const bool packed = rows_packed(a) && rows_packed(dst);
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        char* d = row_ptr(dst, i1, i2, i3);
        const char* x = row_ptr(a, i1, i2, i3);
        if (packed) {
            row_fn(ne0, reinterpret_cast<const float*>(x), reinterpret_cast<float*>(d));
        } else {
            for (int64_t i = 0; i < ne0; ++i)
                *reinterpret_cast<float*>(d + i * dst->nb[0]) = f(*reinterpret_cast<const float*>(x + i * a->nb[0]));
        }
    });
}

// map_rows with the same scalar function for both paths.
template <typename F>
void map_each(ggml_tensor* dst, const KernelArgs& args, F f) {
    map_rows(dst, args, [f](int64_t n, const float* x, float* d) {
        for (int64_t i = 0; i < n; ++i) d[i] = f(x[i]);
    }, f);
}

// map_rows with the SIMD row function for packed rows and f for strided ones.
template <typename F>
void map_simd(ggml_tensor* dst, const KernelArgs& args, simd::UnaryOp op, F f) {
    map_rows(dst, args, [op](int64_t n, const float* x, float* d) {
        simd::unary_row(op, static_cast<size_t>(n), d, x);
    }, f);
}

float silu1(float x) { return x / (1.0f + std::exp(-x)); }
float gelu1(float x) {
    float y;
    simd::unary_row(simd::UnaryOp::gelu, 1, &y, &x);
    return y;
}

void unary(ggml_tensor* dst, const KernelArgs& args) {
    switch (static_cast<ggml_unary_op>(core::param_i32(dst, 0))) {
        case GGML_UNARY_OP_ABS: map_simd(dst, args, simd::UnaryOp::abs, [](float x) { return std::fabs(x); }); break;
        case GGML_UNARY_OP_SGN: map_each(dst, args, [](float x) { return x > 0 ? 1.0f : x < 0 ? -1.0f : 0.0f; }); break;
        case GGML_UNARY_OP_NEG: map_simd(dst, args, simd::UnaryOp::neg, [](float x) { return -x; }); break;
        case GGML_UNARY_OP_STEP: map_each(dst, args, [](float x) { return x > 0 ? 1.0f : 0.0f; }); break;
        case GGML_UNARY_OP_TANH: map_simd(dst, args, simd::UnaryOp::tanh, [](float x) { return std::tanh(x); }); break;
        case GGML_UNARY_OP_ELU: map_each(dst, args, [](float x) { return x > 0 ? x : std::expm1(x); }); break;
        case GGML_UNARY_OP_RELU: map_simd(dst, args, simd::UnaryOp::relu, [](float x) { return x > 0 ? x : 0.0f; }); break;
        case GGML_UNARY_OP_SIGMOID: map_simd(dst, args, simd::UnaryOp::sigmoid, [](float x) { return 1.0f / (1.0f + std::exp(-x)); }); break;
        case GGML_UNARY_OP_GELU: map_simd(dst, args, simd::UnaryOp::gelu, gelu1); break;
        case GGML_UNARY_OP_GELU_QUICK:
            map_each(dst, args, [](float x) { return x / (1.0f + std::exp(-1.702f * x)); });
            break;
        case GGML_UNARY_OP_SILU: map_simd(dst, args, simd::UnaryOp::silu, silu1); break;
        case GGML_UNARY_OP_HARDSWISH:
            map_each(dst, args, [](float x) { return x * std::min(1.0f, std::max(0.0f, (x + 3.0f) / 6.0f)); });
            break;
        case GGML_UNARY_OP_HARDSIGMOID:
            map_each(dst, args, [](float x) { return std::min(1.0f, std::max(0.0f, (x + 3.0f) / 6.0f)); });
            break;
        case GGML_UNARY_OP_EXP: map_simd(dst, args, simd::UnaryOp::exp, [](float x) { return std::exp(x); }); break;
        default: break;
    }
}

}  // namespace

void compute_map(ggml_tensor* dst, const KernelArgs& args) {
    switch (dst->op) {
        case GGML_OP_SCALE: {
            const float s = core::param_f32(dst, 0);
            map_rows(dst, args, [s](int64_t n, const float* x, float* d) { simd::scale_row(static_cast<size_t>(n), d, x, s); },
                     [s](float x) { return x * s; });
            break;
        }
        case GGML_OP_CLAMP: {
            const float lo = core::param_f32(dst, 0), hi = core::param_f32(dst, 1);
            map_each(dst, args, [lo, hi](float x) { return x < lo ? lo : x > hi ? hi : x; });
            break;
        }
        case GGML_OP_SQR: map_simd(dst, args, simd::UnaryOp::sqr, [](float x) { return x * x; }); break;
        case GGML_OP_SQRT: map_simd(dst, args, simd::UnaryOp::sqrt, [](float x) { return std::sqrt(x); }); break;
        case GGML_OP_LOG: map_simd(dst, args, simd::UnaryOp::log, [](float x) { return std::log(x); }); break;
        case GGML_OP_UNARY: unary(dst, args); break;
        default: break;
    }
}

}  // namespace lugh::cpu
