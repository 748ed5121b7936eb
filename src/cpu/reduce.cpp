// SUM (one thread: a fixed order over all rows), SUM_ROWS, MEAN, ARGMAX (per row).
#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"
#include "cpu/simd/reduce.hpp"

namespace lugh::cpu {

void compute_reduce(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    auto* scratch = static_cast<float*>(args.work);
    const int64_t ne0 = a->ne[0];
    if (dst->op == GGML_OP_SUM) {   // scheduled on one thread
        double total = 0.0;
        for (int64_t r = 0; r < core::nrows(a); ++r) {
            int64_t i1, i2, i3;
            row_coords(a, r, &i1, &i2, &i3);
            total += simd::sum_row(static_cast<size_t>(ne0), packed_row(a, row_ptr(a, i1, i2, i3), scratch));
        }
        *static_cast<float*>(dst->data) = static_cast<float>(total);
        return;
    }
    for_each_row(a, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const float* x = packed_row(a, row_ptr(a, i1, i2, i3), scratch);
        char* d = dst->op == GGML_OP_ARGMAX ? static_cast<char*>(dst->data) + i1 * dst->nb[0] : row_ptr(dst, i1, i2, i3);
        switch (dst->op) {
            case GGML_OP_SUM_ROWS: *reinterpret_cast<float*>(d) = static_cast<float>(simd::sum_row(static_cast<size_t>(ne0), x)); break;
            case GGML_OP_MEAN:
                *reinterpret_cast<float*>(d) = ne0 ? static_cast<float>(simd::sum_row(static_cast<size_t>(ne0), x) / ne0) : 0.0f;
                break;
            case GGML_OP_ARGMAX: {
                int32_t best = 0;
                for (int64_t i = 1; i < ne0; ++i)
                    if (x[i] > x[best]) best = static_cast<int32_t>(i);
                *reinterpret_cast<int32_t*>(d) = best;
                break;
            }
            default: break;
        }
    });
}

}  // namespace lugh::cpu
