/* Context role 1: the weight context.
 *
 * Long-lived and metadata-only: the arena holds one 256-byte record per
 * weight, a backend buffer holds the data. Allocate once, load the values
 * with ggml_backend_tensor_set, keep both for the life of the program. */
#include <stdio.h>
#include <stdlib.h>

#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"

enum { N_LAYERS = 4, N_EMBD = 256, N_FF = 1024 };

int main(void) {
    ggml_backend_t backend = ggml_backend_cpu_init();

    /* Room for the metadata of every weight, nothing more. */
    struct ggml_init_params params = { 2 * N_LAYERS * ggml_tensor_overhead(), NULL, true };
    struct ggml_context * weights = ggml_init(params);
    struct ggml_tensor * up[N_LAYERS], * down[N_LAYERS];
    for (int l = 0; l < N_LAYERS; ++l) {
        up[l]   = ggml_new_tensor_2d(weights, GGML_TYPE_F32, N_EMBD, N_FF);
        down[l] = ggml_new_tensor_2d(weights, GGML_TYPE_F32, N_FF, N_EMBD);
        ggml_format_name(up[l], "blk.%d.ffn_up", l);
        ggml_format_name(down[l], "blk.%d.ffn_down", l);
    }

    /* One buffer for all of them. */
    ggml_backend_buffer_t buffer = ggml_backend_alloc_ctx_tensors(weights, backend);
    ggml_backend_buffer_set_usage(buffer, GGML_BACKEND_BUFFER_USAGE_WEIGHTS);

    /* "Load" the weights (a model loader would read them from a file). */
    float * values = malloc(ggml_nbytes(up[0]));
    for (int l = 0; l < N_LAYERS; ++l) {
        for (int64_t i = 0; i < ggml_nelements(up[l]); ++i) values[i] = (float) ((i * 31 + l) % 17) / 17.0f - 0.5f;
        ggml_backend_tensor_set(up[l], values, 0, ggml_nbytes(up[l]));
        ggml_backend_tensor_set(down[l], values, 0, ggml_nbytes(down[l]));
    }
    free(values);

    float probe;
    ggml_backend_tensor_get(ggml_get_tensor(weights, "blk.2.ffn_down"), &probe, 5 * sizeof(float), sizeof probe);
    printf("backend_weight_context: %d weights, arena %zu bytes (metadata), buffer '%s' %zu bytes (data), "
           "blk.2.ffn_down[5] = %.4f\n",
           2 * N_LAYERS, ggml_used_mem(weights), ggml_backend_buffer_name(buffer),
           ggml_backend_buffer_get_size(buffer), probe);

    /* ... compute contexts come and go; the weights stay ... */

    ggml_backend_buffer_free(buffer);
    ggml_free(weights);
    ggml_backend_free(backend);
    return 0;
}
