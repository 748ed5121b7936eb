// NORM and RMS_NORM along rows.
#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"
#include "cpu/simd/norm.hpp"
#include "core/op_params.hpp"

namespace lugh::cpu {

void compute_norm(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const float eps = core::param_f32(dst, 0);
    const int64_t ne0 = a->ne[0];
    auto* scratch = static_cast<float*>(args.work);
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const float* x = packed_row(a, row_ptr(a, i1, i2, i3), scratch);
        char* drow = row_ptr(dst, i1, i2, i3);
        float* y = out_row(dst, drow, scratch);
        if (dst->op == GGML_OP_RMS_NORM)
            simd::rms_norm_row(static_cast<size_t>(ne0), y, x, eps);
        else
            simd::norm_row(static_cast<size_t>(ne0), y, x, eps);
        store_row(dst, drow, y);
    });
}

}  // namespace lugh::cpu
