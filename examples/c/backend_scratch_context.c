/* Context role 3: the scratch context.
 *
 * An ordinary allocating context (metadata and data in its arena) for
 * short-lived work. ggml_reset empties it in O(1) and it is used again,
 * without going back to the system allocator: here, normalising a batch of
 * rows, one batch per reset. */
#include <stdio.h>

#include "ggml.h"
#include "ggml-cpu.h"

int main(void) {
    struct ggml_init_params params = { 4 * 1024 * 1024, NULL, false };
    struct ggml_context * scratch = ggml_init(params);

    for (int batch = 0; batch < 3; ++batch) {
        ggml_reset(scratch);   /* everything from the last batch is gone */

        struct ggml_tensor * rows = ggml_new_tensor_2d(scratch, GGML_TYPE_F32, 128, 16);
        for (int i = 0; i < 128 * 16; ++i) ggml_set_f32_1d(rows, i, (float) ((i * 13 + batch) % 29));
        struct ggml_tensor * normed = ggml_soft_max(scratch, rows);
        struct ggml_cgraph * gf = ggml_new_graph(scratch);
        ggml_build_forward_expand(gf, normed);
        ggml_graph_compute_with_ctx(scratch, gf, 2);

        float row_sum = 0.0f;
        for (int i = 0; i < 128; ++i) row_sum += ggml_get_f32_1d(normed, i);
        printf("backend_scratch_context: batch %d: arena used %zu bytes, first row sums to %.4f\n", batch,
               ggml_used_mem(scratch), row_sum);
    }
    ggml_reset(scratch);
    printf("backend_scratch_context: after ggml_reset: %zu bytes used\n", ggml_used_mem(scratch));

    ggml_free(scratch);
    return 0;
}
