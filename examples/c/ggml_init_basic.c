/* The seed's first ggml_init example: one context holding metadata and data. */
#include <stdio.h>

#include "ggml.h"

int main(void) {
    /* 64 MiB for both the metadata and the data of the tensors */
    struct ggml_init_params params = {
        .mem_size   = 64 * 1024 * 1024,
        .mem_buffer = NULL,   /* Lugh allocates the arena */
        .no_alloc   = false,  /* tensor data lives in the arena */
    };
    struct ggml_context * ctx = ggml_init(params);
    if (!ctx) {
        fprintf(stderr, "ggml_init failed\n");
        return 1;
    }

    struct ggml_tensor * a = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 768, 768);
    struct ggml_tensor * b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 768, 768);
    ggml_set_name(a, "a");
    ggml_set_name(b, "b");
    ggml_set_f32(a, 1.5f);
    ggml_set_f32_1d(b, 42, 7.0f);

    printf("ggml_init_basic: a=[%lld x %lld] %zu bytes, b[42]=%.1f, a[0]=%.1f\n",
           (long long) a->ne[0], (long long) a->ne[1], ggml_nbytes(a),
           ggml_get_f32_1d(b, 42), ggml_get_f32_1d(a, 0));
    printf("ggml_init_basic: %zu of %zu arena bytes used by 2 tensors (%zu metadata each)\n",
           ggml_used_mem(ctx), ggml_get_mem_size(ctx), ggml_tensor_overhead());

    for (struct ggml_tensor * t = ggml_get_first_tensor(ctx); t; t = ggml_get_next_tensor(ctx, t))
        printf("ggml_init_basic: tensor '%s' type %s, data 64-byte aligned: %s\n", ggml_get_name(t),
               ggml_type_name(t->type), ((size_t) t->data % 64 == 0) ? "yes" : "no");

    ggml_free(ctx); /* all tensor metadata and data, at once */
    return 0;
}
