// ARGSORT: the indices that sort each row. A stable sort, so equal values
// keep their order whatever the thread count; NaN sorts above every number
// (a strict weak order even with NaN in the row).
#include <algorithm>
#include <cmath>

#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

void compute_argsort(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const bool descending = core::param_i32(dst, 0) == GGML_SORT_ORDER_DESC;
    const int64_t n = a->ne[0];
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const float* v = packed_row(a, row_ptr(a, i1, i2, i3), static_cast<float*>(args.work));
        auto* idx = reinterpret_cast<int32_t*>(row_ptr(dst, i1, i2, i3));
        for (int64_t i = 0; i < n; ++i) idx[i] = static_cast<int32_t>(i);
        // below(x, y): x sorts before y ascending (NaN is the largest).
        auto below = [](float x, float y) { return !std::isnan(x) && (std::isnan(y) || x < y); };
        if (descending)
            std::stable_sort(idx, idx + n, [&](int32_t i, int32_t j) { return below(v[j], v[i]); });
        else
            std::stable_sort(idx, idx + n, [&](int32_t i, int32_t j) { return below(v[i], v[j]); });
    });
}

}  // namespace lugh::cpu
