// ADD, SUB, MUL, DIV on F32: b broadcasts over a by repetition in every dimension.
#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"
#include "cpu/simd/binary.hpp"

namespace lugh::cpu {

namespace {

template <typename Op>
void strided_row(int64_t n, const char* a, size_t sa, const char* b, size_t sb, int64_t nb_len, char* d, size_t sd,
                 Op op) {
    for (int64_t i = 0; i < n; ++i) {
        const float x = *reinterpret_cast<const float*>(a + i * sa);
        const float y = *reinterpret_cast<const float*>(b + (i % nb_len) * sb);
        *reinterpret_cast<float*>(d + i * sd) = op(x, y);
    }
}

template <typename Op>
void run(ggml_tensor* dst, const KernelArgs& args, simd::BinaryOp sop, Op op) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const int64_t ne0 = dst->ne[0], nb_len = b->ne[0];
    const bool packed = rows_packed(a) && rows_packed(b) && rows_packed(dst);
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        char* d = row_ptr(dst, i1, i2, i3);
        const char* x = row_ptr(a, i1, i2, i3);
        const char* y = row_ptr(b, i1 % b->ne[1], i2 % b->ne[2], i3 % b->ne[3]);
        if (!packed) {
            strided_row(ne0, x, a->nb[0], y, b->nb[0], nb_len, d, dst->nb[0], op);
            return;
        }
        auto* df = reinterpret_cast<float*>(d);
        auto* xf = reinterpret_cast<const float*>(x);
        auto* yf = reinterpret_cast<const float*>(y);
        if (nb_len == ne0) {
            simd::binary_row(sop, static_cast<size_t>(ne0), df, xf, yf);
        } else {  // b's row repeats along a's (a scalar when nb_len is 1)
            simd::binary_row_repeat(sop, static_cast<size_t>(ne0), df, xf, yf, static_cast<size_t>(nb_len));
        }
    });
}

}  // namespace

void compute_binary(ggml_tensor* dst, const KernelArgs& args) {
    switch (dst->op) {
        case GGML_OP_ADD: run(dst, args, simd::BinaryOp::add, [](float x, float y) { return x + y; }); break;
        case GGML_OP_SUB: run(dst, args, simd::BinaryOp::sub, [](float x, float y) { return x - y; }); break;
        case GGML_OP_MUL: run(dst, args, simd::BinaryOp::mul, [](float x, float y) { return x * y; }); break;
        case GGML_OP_DIV: run(dst, args, simd::BinaryOp::div, [](float x, float y) { return x / y; }); break;
        default: break;
    }
}

}  // namespace lugh::cpu
