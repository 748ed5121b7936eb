// ACC (b added into a window of a copy of a) and ADD_ID (a row of b, picked
// per row by an index, added to each row of a).
#include <algorithm>
#include <cstring>

#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

namespace {

// Each thread owns the rows [r0, r1) of the (contiguous) result: it copies
// them from a, then adds every element of b whose place falls among them, so
// no element is written by two threads and no barrier is needed.
void acc(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const auto nb1 = static_cast<size_t>(core::param_i64(dst, 0));
    const auto nb2 = static_cast<size_t>(core::param_i64(dst, 2));
    const auto nb3 = static_cast<size_t>(core::param_i64(dst, 4));
    const auto offset = static_cast<size_t>(core::param_i64(dst, 6));
    const size_t row_bytes = static_cast<size_t>(dst->ne[0]) * sizeof(float);
    int64_t r0, r1;
    split_rows(core::nrows(dst), args.ith, args.nth, &r0, &r1);
    if (r0 >= r1) return;
    char* out = static_cast<char*>(dst->data);
    if (dst->data != a->data)
        std::memcpy(out + r0 * row_bytes, static_cast<const char*>(a->data) + r0 * row_bytes, (r1 - r0) * row_bytes);
    const auto lo = static_cast<int64_t>(r0 * row_bytes), hi = static_cast<int64_t>(r1 * row_bytes);
    const auto es = static_cast<int64_t>(sizeof(float));
    for (int64_t i3 = 0; i3 < b->ne[3]; ++i3)
        for (int64_t i2 = 0; i2 < b->ne[2]; ++i2)
            for (int64_t i1 = 0; i1 < b->ne[1]; ++i1) {
                const auto base = static_cast<int64_t>(offset + i1 * nb1 + i2 * nb2 + i3 * nb3);
                // Elements i0 with lo <= base + i0*es < hi.
                const int64_t first = std::max<int64_t>(0, (lo - base + es - 1) / es);
                const int64_t last = std::min<int64_t>(b->ne[0], base >= hi ? 0 : (hi - base + es - 1) / es);
                const char* brow = row_ptr(b, i1, i2, i3);
                for (int64_t i0 = first; i0 < last; ++i0) {
                    float* o = reinterpret_cast<float*>(out + base + i0 * es);
                    *o += *reinterpret_cast<const float*>(brow + i0 * b->nb[0]);
                }
            }
}

void add_id(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const ggml_tensor* ids = dst->src[2];
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const int32_t id = *reinterpret_cast<const int32_t*>(elem_ptr(ids, i1, i2, 0, 0));
        if (id < 0 || id >= b->ne[1]) {
            args.fail("lugh: add_id: id %d (ids element [%lld, %lld]) is outside the %lld rows of b '%s'", id,
                      static_cast<long long>(i1), static_cast<long long>(i2), static_cast<long long>(b->ne[1]), b->name);
            return;
        }
        const char* arow = row_ptr(a, i1, i2, i3);
        const char* brow = row_ptr(b, id, 0, 0);
        float* out = reinterpret_cast<float*>(row_ptr(dst, i1, i2, i3));
        for (int64_t i0 = 0; i0 < dst->ne[0]; ++i0)
            out[i0] = *reinterpret_cast<const float*>(arow + i0 * a->nb[0]) +
                      *reinterpret_cast<const float*>(brow + i0 * b->nb[0]);
    });
}

}  // namespace

void compute_accumulate(ggml_tensor* dst, const KernelArgs& args) {
    if (dst->op == GGML_OP_ACC) acc(dst, args);
    else add_id(dst, args);
}

}  // namespace lugh::cpu
