/* Context role 2: the compute context.
 *
 * Metadata-only and rebuilt every step: ggml_reset empties it, the graph of
 * this step is built in it, and the graph allocator (ggml_gallocr) gives the
 * intermediate tensors offsets in one buffer that is reused step after step.
 * The weights live in their own context and buffer (role 1) and are left alone. */
#include <stdio.h>

#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"

enum { N_LAYERS = 8, N_EMBD = 64, N_FF = 256, N_STEPS = 3 };

int main(void) {
    ggml_backend_t backend = ggml_backend_cpu_init();
    ggml_backend_cpu_set_n_threads(backend, 2);

    /* Weights (role 1). */
    struct ggml_init_params wparams = { 2 * N_LAYERS * ggml_tensor_overhead(), NULL, true };
    struct ggml_context * weights = ggml_init(wparams);
    struct ggml_tensor * up[N_LAYERS], * down[N_LAYERS];
    for (int l = 0; l < N_LAYERS; ++l) {
        up[l]   = ggml_new_tensor_2d(weights, GGML_TYPE_F32, N_EMBD, N_FF);
        down[l] = ggml_new_tensor_2d(weights, GGML_TYPE_F32, N_FF, N_EMBD);
    }
    ggml_backend_buffer_t wbuf = ggml_backend_alloc_ctx_tensors(weights, backend);
    static float w[N_EMBD * N_FF];
    for (int i = 0; i < N_EMBD * N_FF; ++i) w[i] = (float) ((i * 7) % 13 - 6) / 256.0f;
    for (int l = 0; l < N_LAYERS; ++l) {
        ggml_backend_tensor_set(up[l], w, 0, sizeof w);
        ggml_backend_tensor_set(down[l], w, 0, sizeof w);
    }

    /* The compute context: metadata for one graph, no data. */
    struct ggml_init_params cparams = {
        ggml_tensor_overhead() * GGML_DEFAULT_GRAPH_SIZE + ggml_graph_overhead(), NULL, true };
    struct ggml_context * compute = ggml_init(cparams);
    ggml_gallocr_t galloc = ggml_gallocr_new(ggml_backend_get_default_buffer_type(backend));

    for (int step = 0; step < N_STEPS; ++step) {
        ggml_reset(compute);   /* last step's tensors and graph are gone */

        struct ggml_tensor * x = ggml_new_tensor_1d(compute, GGML_TYPE_F32, N_EMBD);
        ggml_set_name(x, "x");
        ggml_set_input(x);
        struct ggml_tensor * cur = x;
        for (int l = 0; l < N_LAYERS; ++l) {
            struct ggml_tensor * h = ggml_relu(compute, ggml_mul_mat(compute, up[l], cur));
            cur = ggml_add(compute, ggml_mul_mat(compute, down[l], h), cur);   /* residual */
        }
        ggml_set_name(cur, "out");
        ggml_set_output(cur);
        struct ggml_cgraph * gf = ggml_new_graph(compute);
        ggml_build_forward_expand(gf, cur);

        if (!ggml_gallocr_alloc_graph(galloc, gf)) return 1;   /* every tensor now has data */

        float in[N_EMBD];
        for (int i = 0; i < N_EMBD; ++i) in[i] = (float) (i % 5 + step) / 8.0f;
        ggml_backend_tensor_set(x, in, 0, sizeof in);
        if (ggml_backend_graph_compute(backend, gf) != GGML_STATUS_SUCCESS) return 1;

        float out[4];
        ggml_backend_tensor_get(cur, out, 0, sizeof out);
        printf("backend_compute_context: step %d: %d nodes, planner buffer %zu bytes, out[0..3] = %.4f %.4f %.4f %.4f\n",
               step, ggml_graph_n_nodes(gf), ggml_gallocr_get_buffer_size(galloc, 0), out[0], out[1], out[2], out[3]);
    }

    ggml_gallocr_free(galloc);
    ggml_free(compute);
    ggml_backend_buffer_free(wbuf);
    ggml_free(weights);
    ggml_backend_free(backend);
    return 0;
}
