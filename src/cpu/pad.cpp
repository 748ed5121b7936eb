// PAD (zeros around each dimension), PAD_REFLECT_1D (rows extended by their
// mirror image) and ROLL (rotation along each dimension): every result
// element is a copy of one element of a, or zero.
#include <cstring>

#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

namespace {

void pad(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const size_t es = core::type_size(dst->type);   // zero bytes are 0.0 in F32, F16 and BF16
    int64_t lp[4];
    for (int i = 0; i < 4; ++i) lp[i] = core::param_i32(dst, 2 * i);
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const int64_t j1 = i1 - lp[1], j2 = i2 - lp[2], j3 = i3 - lp[3];
        const bool inside = j1 >= 0 && j1 < a->ne[1] && j2 >= 0 && j2 < a->ne[2] && j3 >= 0 && j3 < a->ne[3];
        for (int64_t i0 = 0; i0 < dst->ne[0]; ++i0) {
            const int64_t j0 = i0 - lp[0];
            char* o = elem_ptr(dst, i0, i1, i2, i3);
            if (inside && j0 >= 0 && j0 < a->ne[0]) std::memcpy(o, elem_ptr(a, j0, j1, j2, j3), es);
            else std::memset(o, 0, es);
        }
    });
}

void pad_reflect_1d(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const int64_t p0 = core::param_i32(dst, 0), n = a->ne[0];
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const auto* in = reinterpret_cast<const float*>(row_ptr(a, i1, i2, i3));
        auto* out = reinterpret_cast<float*>(row_ptr(dst, i1, i2, i3));
        for (int64_t i = 0; i < dst->ne[0]; ++i) {
            const int64_t j = i - p0;   // position in the row; mirrored about its ends
            out[i] = in[j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j];
        }
    });
}

// (i - shift) mod n, for |shift| < n.
inline int64_t rolled(int64_t i, int64_t shift, int64_t n) {
    const int64_t j = i - shift;
    return j < 0 ? j + n : j >= n ? j - n : j;
}

void roll(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    int64_t s[4];
    for (int i = 0; i < 4; ++i) s[i] = core::param_i32(dst, i);
    const int64_t n = a->ne[0];
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const auto* in = reinterpret_cast<const float*>(
            row_ptr(a, rolled(i1, s[1], a->ne[1]), rolled(i2, s[2], a->ne[2]), rolled(i3, s[3], a->ne[3])));
        auto* out = reinterpret_cast<float*>(row_ptr(dst, i1, i2, i3));
        for (int64_t i = 0; i < n; ++i) out[i] = in[rolled(i, s[0], n)];
    });
}

}  // namespace

void compute_pad(ggml_tensor* dst, const KernelArgs& args) {
    switch (dst->op) {
        case GGML_OP_PAD: pad(dst, args); break;
        case GGML_OP_PAD_REFLECT_1D: pad_reflect_1d(dst, args); break;
        default: roll(dst, args); break;
    }
}

}  // namespace lugh::cpu
