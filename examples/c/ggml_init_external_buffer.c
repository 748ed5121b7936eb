/* The seed's third ggml_init example: the caller provides the arena. */
#include <stdio.h>
#include <stdlib.h>

#include "ggml.h"

int main(void) {
    size_t buf_size = 16 * 1024 * 1024; /* 16 MiB */
    void * buf = malloc(buf_size);
    if (!buf) return 1;

    struct ggml_init_params params = {
        .mem_size   = buf_size,
        .mem_buffer = buf,   /* use the caller's memory */
        .no_alloc   = false,
    };
    struct ggml_context * ctx = ggml_init(params);
    if (!ctx) {
        free(buf);
        return 1;
    }

    struct ggml_tensor * t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1024);
    for (int i = 0; i < 1024; ++i) ggml_set_f32_1d(t, i, (float) i * 0.5f);
    printf("ggml_init_external_buffer: arena at %p is the caller's buffer: %s; t[1023] = %.1f\n",
           ggml_get_mem_buffer(ctx), ggml_get_mem_buffer(ctx) == buf ? "yes" : "no", ggml_get_f32_1d(t, 1023));

    ggml_free(ctx); /* does not free buf */
    free(buf);      /* the caller's job */
    return 0;
}
