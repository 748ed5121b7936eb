/* The seed's second ggml_init example: a metadata-only context. The tensor
 * gets a shape but no data; a backend allocates its data (ggml-backend.h). */
#include <stdio.h>

#include "ggml.h"

int main(void) {
    struct ggml_init_params params = {
        .mem_size   = 1 * 1024 * 1024, /* 1 MiB for metadata */
        .mem_buffer = NULL,
        .no_alloc   = true,            /* skip tensor data allocation */
    };
    struct ggml_context * ctx = ggml_init(params);
    if (!ctx) return 1;

    struct ggml_tensor * weight = ggml_new_tensor_2d(ctx, GGML_TYPE_F16, 4096, 4096);
    ggml_set_name(weight, "weight");

    printf("ggml_init_metadata_only: '%s' is %s [%lld x %lld], %zu bytes of data wanted, data=%p, "
           "arena used: %zu bytes\n",
           ggml_get_name(weight), ggml_type_name(weight->type), (long long) weight->ne[0],
           (long long) weight->ne[1], ggml_nbytes(weight), weight->data, ggml_used_mem(ctx));
    /* with a backend: ggml_backend_alloc_ctx_tensors(ctx, backend); */

    ggml_free(ctx);
    return 0;
}
