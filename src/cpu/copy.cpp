// CPY, DUP, CONT: element i of the source (row-major over its own shape) goes
// to element i of the destination, converting between F32, F16 and BF16 (and
// F32 and I32), quantizing to and dequantizing from the block types.
#include <algorithm>
#include <cstring>

#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"
#include "cpu/convert.hpp"
#include "cpu/kernels.hpp"
#include "quant/row_kernels.hpp"

namespace lugh::cpu {

namespace {

// One row between types of which at least one is block-quantized (the op
// checked equal row lengths and packed blocks): blocks copied as they are,
// floats quantized, or blocks dequantized; F16/BF16 pass through F32 in scratch.
void copy_block_row(const ggml_tensor* a, const char* src, const ggml_tensor* dst, char* out, int64_t n,
                    float* scratch) {
    const auto f32 = reinterpret_cast<char*>(scratch);
    if (a->type == dst->type) {
        std::memcpy(out, src, core::row_size(a->type, n));
    } else if (core::is_quantized(dst->type)) {
        if (a->type == GGML_TYPE_F32) return quant::quantize_row_from(dst->type, src, a->nb[0], out, n);
        copy_elements(n, a->type, src, a->nb[0], GGML_TYPE_F32, f32, sizeof(float));
        quant::quantize_row_from(dst->type, f32, sizeof(float), out, n);
    } else if (dst->type == GGML_TYPE_F32) {
        quant::dequantize_row_to(a->type, src, out, dst->nb[0], n);
    } else {
        quant::dequantize_row_to(a->type, src, f32, sizeof(float), n);
        copy_elements(n, GGML_TYPE_F32, f32, sizeof(float), dst->type, out, dst->nb[0]);
    }
}

}  // namespace

void compute_copy(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const int64_t ne0 = dst->ne[0];
    int64_t r0, r1;
    split_rows(core::nrows(dst), args.ith, args.nth, &r0, &r1);
    if (core::is_quantized(dst->type) || core::is_quantized(a->type)) {
        // Rows of equal length: row r of the result is row r of a, counted over a's own shape.
        for (int64_t r = r0; r < r1; ++r) {
            int64_t i1, i2, i3, j1, j2, j3;
            row_coords(dst, r, &i1, &i2, &i3);
            row_coords(a, r, &j1, &j2, &j3);
            copy_block_row(a, row_ptr(a, j1, j2, j3), dst, row_ptr(dst, i1, i2, i3), ne0, static_cast<float*>(args.work));
        }
        return;
    }
    if (core::same_shape(a, dst)) {
        for (int64_t r = r0; r < r1; ++r) {
            int64_t i1, i2, i3;
            row_coords(dst, r, &i1, &i2, &i3);
            copy_elements(ne0, a->type, row_ptr(a, i1, i2, i3), a->nb[0], dst->type, row_ptr(dst, i1, i2, i3),
                          dst->nb[0]);
        }
        return;
    }
    // Different shapes: walk the source with counters from the flat index of
    // each destination row.
    for (int64_t r = r0; r < r1; ++r) {
        int64_t i1, i2, i3;
        row_coords(dst, r, &i1, &i2, &i3);
        char* d = row_ptr(dst, i1, i2, i3);
        int64_t first[4];   // the source element of this row's first
        core::unravel_index(a, r * ne0, first);
        int64_t s0 = first[0], s1 = first[1], s2 = first[2], s3 = first[3];
        int64_t done = 0;
        while (done < ne0) {
            const int64_t run = std::min(ne0 - done, a->ne[0] - s0);   // elements left in this source row
            const char* s = row_ptr(a, s1, s2, s3) + s0 * a->nb[0];
            copy_elements(run, a->type, s, a->nb[0], dst->type, d + done * dst->nb[0], dst->nb[0]);
            done += run;
            s0 = 0;
            if (++s1 == a->ne[1]) {
                s1 = 0;
                if (++s2 == a->ne[2]) {
                    s2 = 0;
                    ++s3;
                }
            }
        }
    }
}

}  // namespace lugh::cpu
