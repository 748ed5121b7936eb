/* A C program written for ggml, built against an installed Lugh. */
#include <stdio.h>

#include "ggml.h"
#include "ggml-cpu.h"

int main(void) {
    struct ggml_init_params params = {
        .mem_size   = 1024 * 1024,
        .mem_buffer = NULL,
        .no_alloc   = false,
    };
    struct ggml_context * ctx = ggml_init(params);
    if (!ctx) {
        fprintf(stderr, "use_ggml: ggml_init failed\n");
        return 1;
    }

    struct ggml_tensor * t = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 3, 2);
    ggml_set_name(t, "t");
    float sum = 0.0f;
    for (int i = 0; i < 6; ++i) {
        ggml_set_f32_1d(t, i, 0.5f * (float) i);
        sum += ggml_get_f32_1d(t, i);
    }
    printf("use_ggml: '%s' %s [%lld x %lld], %lld elements, %zu bytes, sum %.1f\n", ggml_get_name(t),
           ggml_type_name(t->type), (long long) t->ne[0], (long long) t->ne[1],
           (long long) ggml_nelements(t), ggml_nbytes(t), sum);
    printf("use_ggml: data 64-byte aligned: %s, found by name: %s\n",
           ((size_t) t->data % 64 == 0) ? "yes" : "no", ggml_get_tensor(ctx, "t") == t ? "yes" : "no");
    printf("use_ggml: fp16 round trip of 1.5: %.2f\n", ggml_fp16_to_fp32(ggml_fp32_to_fp16(1.5f)));

    ggml_free(ctx);
    return 0;
}
