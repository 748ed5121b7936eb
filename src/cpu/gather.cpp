// GET_ROWS, SET_ROWS, REPEAT, CONCAT: whole rows (or runs of elements) moved
// from their source positions.
#include <cinttypes>

#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"
#include "core/tensor_label.hpp"
#include "cpu/convert.hpp"
#include "cpu/kernels.hpp"
#include "core/op_params.hpp"
#include "quant/row_kernels.hpp"

namespace lugh::cpu {

void compute_get_rows(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* idx = dst->src[1];
    // dst row (i1, i2, i3) <- index b[i1, i2, i3] in a's batch (i2, i3)
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const int32_t row = *reinterpret_cast<const int32_t*>(static_cast<const char*>(idx->data) + i1 * idx->nb[0] +
                                                               i2 * idx->nb[1] + i3 * idx->nb[2]);
        if (row < 0 || row >= a->ne[1]) {
            args.fail("lugh: get_rows: index %d (b element [%" PRId64 ", %" PRId64 ", %" PRId64
                      "]) is outside the %" PRId64 " rows of %s",
                      row, i1, i2, i3, a->ne[1], core::tensor_label(a).text);
            return;
        }
        if (core::is_quantized(a->type)) {
            quant::dequantize_row_to(a->type, row_ptr(a, row, i2, i3), row_ptr(dst, i1, i2, i3), dst->nb[0], a->ne[0]);
            return;
        }
        copy_elements(a->ne[0], a->type, row_ptr(a, row, i2, i3), a->nb[0], dst->type, row_ptr(dst, i1, i2, i3),
                      dst->nb[0]);
    });
}

void compute_set_rows(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* b = dst->src[0];     // the rows, F32
    const ggml_tensor* idx = dst->src[1];   // where each goes, I32, broadcast over b's batches
    // row (i1, i2, i3) of b -> row idx[i1, i2 % ., i3 % .] of dst's batch (i2, i3)
    for_each_row(b, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const int32_t row = *reinterpret_cast<const int32_t*>(static_cast<const char*>(idx->data) + i1 * idx->nb[0] +
                                                               (i2 % idx->ne[1]) * idx->nb[1] +
                                                               (i3 % idx->ne[2]) * idx->nb[2]);
        if (row < 0 || row >= dst->ne[1]) {
            args.fail("lugh: set_rows: index %d (for row [%" PRId64 ", %" PRId64 ", %" PRId64
                      "] of b) is outside the %" PRId64 " rows of '%s'",
                      row, i1, i2, i3, dst->ne[1], dst->view_src ? dst->view_src->name : dst->name);
            return;
        }
        if (ggml_is_quantized(dst->type)) {
            quant::quantize_row_from(dst->type, row_ptr(b, i1, i2, i3), b->nb[0], row_ptr(dst, row, i2, i3), b->ne[0]);
            return;
        }
        copy_elements(b->ne[0], b->type, row_ptr(b, i1, i2, i3), b->nb[0], dst->type, row_ptr(dst, row, i2, i3),
                      dst->nb[0]);
    });
}

void compute_repeat(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const int64_t ne0 = dst->ne[0], na0 = a->ne[0];
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        const char* s = row_ptr(a, i1 % a->ne[1], i2 % a->ne[2], i3 % a->ne[3]);
        char* d = row_ptr(dst, i1, i2, i3);
        for (int64_t at = 0; at < ne0; at += na0)
            copy_elements(na0, a->type, s, a->nb[0], dst->type, d + at * dst->nb[0], dst->nb[0]);
    });
}

void compute_concat(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const int dim = core::param_i32(dst, 0);
    for_each_row(dst, args, [&](int64_t i1, int64_t i2, int64_t i3) {
        int64_t i[4] = {0, i1, i2, i3};
        char* d = row_ptr(dst, i[1], i[2], i[3]);
        if (dim == 0) {
            copy_elements(a->ne[0], a->type, row_ptr(a, i[1], i[2], i[3]), a->nb[0], dst->type, d, dst->nb[0]);
            copy_elements(b->ne[0], b->type, row_ptr(b, i[1], i[2], i[3]), b->nb[0], dst->type,
                          d + a->ne[0] * dst->nb[0], dst->nb[0]);
            return;
        }
        const ggml_tensor* src = a;
        if (i[dim] >= a->ne[dim]) {
            i[dim] -= a->ne[dim];
            src = b;
        }
        copy_elements(dst->ne[0], src->type, row_ptr(src, i[1], i[2], i[3]), src->nb[0], dst->type, d, dst->nb[0]);
    });
}

}  // namespace lugh::cpu
