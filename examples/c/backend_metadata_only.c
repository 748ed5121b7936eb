/* The seed's "Metadata-Only Context with Backend Allocator" example, run
 * as written, with its backend line uncommented and a CPU backend to serve it.
 * Everything between the markers is the seed's code, unchanged. */
#include <stdio.h>

#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"

int main(void) {
    ggml_backend_t backend = ggml_backend_cpu_init();

    /* ---- the seed ---- */
    // Small context for metadata only (tensor data managed by backend)
    struct ggml_init_params params = {
        .mem_size   = 1 * 1024 * 1024,  // 1 MB for metadata
        .mem_buffer = NULL,             // let ggml allocate internally
        .no_alloc   = true,             // skip tensor data allocation
    };
    struct ggml_context * ctx = ggml_init(params);

    // Create tensor metadata -- no data is allocated in the arena
    struct ggml_tensor * weight = ggml_new_tensor_2d(ctx, GGML_TYPE_F16, 4096, 4096);

    // Tensor data is allocated separately by the backend:
    ggml_backend_alloc_ctx_tensors(ctx, backend);

    // ... perform computation using backend ...
    /* ---- end of the seed (its ggml_free(ctx) follows, after we look) ---- */

    /* What happened: the arena holds only the metadata, the backend buffer the 32 MiB of data. */
    ggml_backend_buffer_t buffer = weight->buffer;
    printf("backend_metadata_only: backend %s, weight %s [%lld x %lld]: %zu bytes of data at %p in buffer '%s' "
           "(%zu bytes); arena used: %zu bytes\n",
           ggml_backend_name(backend), ggml_type_name(weight->type), (long long) weight->ne[0],
           (long long) weight->ne[1], ggml_nbytes(weight), weight->data, ggml_backend_buffer_name(buffer),
           ggml_backend_buffer_get_size(buffer), ggml_used_mem(ctx));

    /* The data is usable: write a row through the backend API and read an element back. */
    ggml_fp16_t row[4096];
    for (int i = 0; i < 4096; ++i) row[i] = ggml_fp32_to_fp16((float) i / 4096.0f);
    ggml_backend_tensor_set(weight, row, 7 * sizeof row, sizeof row);   /* row 7 */
    printf("backend_metadata_only: weight[7][2048] = %.3f\n", ggml_get_f32_nd(weight, 2048, 7, 0, 0));

    ggml_free(ctx);
    ggml_backend_buffer_free(buffer);
    ggml_backend_free(backend);
    return 0;
}
