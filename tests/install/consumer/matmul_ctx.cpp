// A matrix product the way ggml's simple-ctx example computes one: tensors
// with data in an allocating context, ggml_graph_compute_with_ctx.
// check-install.sh compares its output with matmul_sched's.
#include <cstdio>
#include <cstring>

#include "ggml.h"
#include "ggml-cpu.h"

namespace {

const int kRowsA = 4, kColsA = 2, kRowsB = 3, kColsB = 2;
const float kA[kRowsA * kColsA] = {1, 2, 3, 4, 5, 6, 7, 8};
const float kB[kRowsB * kColsB] = {1, 0, 0, 1, 2, -1};

}  // namespace

int main() {
    ggml_init_params params = {16 * 1024 * 1024, nullptr, false};
    ggml_context* ctx = ggml_init(params);
    if (!ctx) return 1;
    ggml_tensor* a = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, kColsA, kRowsA);
    ggml_tensor* b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, kColsB, kRowsB);
    std::memcpy(a->data, kA, ggml_nbytes(a));
    std::memcpy(b->data, kB, ggml_nbytes(b));

    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_tensor* result = ggml_mul_mat(ctx, a, b);
    ggml_build_forward_expand(gf, result);
    if (ggml_graph_compute_with_ctx(ctx, gf, 2) != GGML_STATUS_SUCCESS) return 1;

    const float* out = ggml_get_data_f32(result);
    std::printf("matmul: mul mat (%d x %d) (transposed result):\nmatmul: [", (int)result->ne[0], (int)result->ne[1]);
    for (int j = 0; j < result->ne[1]; ++j) {
        if (j > 0) std::printf("\nmatmul: ");
        for (int i = 0; i < result->ne[0]; ++i) std::printf(" %.2f", out[j * result->ne[0] + i]);
    }
    std::printf(" ]\n");
    ggml_free(ctx);
    return 0;
}
