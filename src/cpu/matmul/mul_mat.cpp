// mul_mat: which path computes a node, and the float GEMM's adapter from
// tensors to its (pointer, leading dimension) form.
#include "cpu/matmul/mul_mat.hpp"

#include <algorithm>

#include "core/type_traits.hpp"
#include "cpu/half_input.hpp"
#include "cpu/kernels.hpp"
#include "cpu/matmul/gemm_float.hpp"
#include "cpu/matmul/gemm_quant.hpp"
#include "cpu/matmul/row_dots.hpp"

namespace lugh::cpu::matmul {

namespace {

// Rows of b from which F32/F16 weights take the GEMM: below that, packing
// a costs more than the dot products.
constexpr int64_t kGemmMinRows = 4;
// The same for quantized weights: their packing (unpacking to bytes and
// transposing, ~0.14 ns per weight) costs about as much as 5 row dots
// (measured in thread CPU time on Emerald Rapids, 4096 x 4096: the GEMM wins
// from N = 6 for the 4-bit types and from N = 4 for Q8_0).
constexpr int64_t kQuantGemmMinRows = 6;

size_t round64(size_t n) { return (n + 63) & ~size_t{63}; }

// Row stride of t in elements when its rows are packed and the stride is a
// whole number of elements; 0 otherwise.
size_t row_stride_elements(const ggml_tensor* t) {
    const size_t es = core::type_info(t->type)->type_size;
    if (!rows_packed(t) || t->nb[1] % es != 0) return 0;
    return t->nb[1] / es;
}

bool gemm_float_applies(const ggml_tensor* a, const ggml_tensor* b, const ggml_tensor* dst) {
    if (a->type != GGML_TYPE_F32 && a->type != GGML_TYPE_F16) return false;
    if (b->type != GGML_TYPE_F32 || dst->type != GGML_TYPE_F32) return false;
    if (row_stride_elements(a) == 0 || row_stride_elements(b) == 0 || row_stride_elements(dst) == 0) return false;
    return b->ne[1] >= kGemmMinRows && a->ne[1] >= kGemmMinRows;
}

void gemm_float(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args) {
    const size_t lda = row_stride_elements(a), ldb = row_stride_elements(b), ldd = row_stride_elements(dst);
    const int64_t K = a->ne[0], M = a->ne[1], N = b->ne[1];
    const int64_t B2 = b->ne[2], B3 = b->ne[3];
    const int64_t r2 = B2 / a->ne[2], r3 = B3 / a->ne[3];
    const int64_t batches = B2 * B3;
    // Many small products (attention heads): one thread per product. Few
    // large ones: every thread takes a share of each. Either way each output
    // element is computed the same way, whatever the thread count.
    const bool per_batch = batches >= 2 * args.nth;
    int64_t q0 = 0, q1 = batches;
    if (per_batch) split_rows(batches, args.ith, args.nth, &q0, &q1);
    for (int64_t q = q0; q < q1; ++q) {
        const int64_t i2 = q % B2, i3 = q / B2;
        const char* pa = row_ptr(a, 0, i2 / r2, i3 / r3);
        const auto* pb = reinterpret_cast<const float*>(row_ptr(b, 0, i2, i3));
        auto* pd = reinterpret_cast<float*>(row_ptr(dst, 0, i2, i3));
        const int ith = per_batch ? 0 : args.ith, nth = per_batch ? 1 : args.nth;
        if (a->type == GGML_TYPE_F32) {
            gemm_f32(M, N, K, reinterpret_cast<const float*>(pa), lda, pb, ldb, pd, ldd, ith, nth);
            continue;
        }
        uint8_t* round_b = nullptr;   // which rows of b to round to F16 (cpu/half_input.hpp)
        if (rounds_b_to_f16(a, dst)) {
            round_b = static_cast<uint8_t*>(args.work);
            for (int64_t n = 0; n < N; ++n) round_b[n] = row_fits_f16(pb + n * ldb, K, sizeof(float)) ? 1 : 0;
        }
        gemm_f16_f32(M, N, K, reinterpret_cast<const uint16_t*>(pa), lda, pb, ldb, pd, ldd, ith, nth, round_b);
    }
}

}  // namespace

Path choose_path(const ggml_tensor* a, const ggml_tensor* b, const ggml_tensor* dst) {
    if (core::type_info(a->type)->quantized)
        return b->ne[1] >= kQuantGemmMinRows && gemm_quant_applies(a, b, dst) ? Path::gemm_quant : Path::row_dots;
    if (b->ne[1] < kGemmMinRows) return Path::row_dots;
    if (gemm_float_applies(a, b, dst)) return Path::gemm_float;
    return Path::tiled;
}

size_t mul_mat_work_bytes(const ggml_tensor* a, const ggml_tensor* b, const ggml_tensor* dst) {
    switch (choose_path(a, b, dst)) {
        case Path::row_dots: return row_dots_work_bytes(a, b);
        case Path::gemm_float: return round64(static_cast<size_t>(b->ne[1]));   // F16: the flags of rows to round
        case Path::gemm_quant: return gemm_quant_work_bytes(a, b);
        case Path::tiled: return tiled_work_bytes(a);
    }
    return 0;
}

void mul_mat(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args) {
    switch (choose_path(a, b, dst)) {
        case Path::row_dots: return row_dots(a, b, dst, args.ith, args.nth, args.work);
        case Path::gemm_float: return gemm_float(a, b, dst, args);
        case Path::gemm_quant: return gemm_quant(a, b, dst, args);
        case Path::tiled: return tiled(a, b, dst, args);
    }
}

}  // namespace lugh::cpu::matmul

namespace lugh::cpu {

size_t mul_mat_work_bytes(const ggml_tensor* dst) {
    return matmul::mul_mat_work_bytes(dst->src[0], dst->src[1], dst);
}

void compute_mul_mat(ggml_tensor* dst, const KernelArgs& args) { matmul::mul_mat(dst->src[0], dst->src[1], dst, args); }

}  // namespace lugh::cpu
