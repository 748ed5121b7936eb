/* The backend scheduler with a custom operation, in C: the device registry
 * gives a CPU backend, the scheduler places the graph's tensors and runs it,
 * and one node is computed by our own function on every thread of the pool.
 * Lugh's messages go to our log callback. */
#include <stdio.h>

#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"

/* dst = a clipped to [-limit, limit]; each thread takes every nth element. */
static void clip(struct ggml_tensor * dst, const struct ggml_tensor * a, int ith, int nth, void * userdata) {
    const float limit = *(const float *) userdata;
    const float * x = (const float *) a->data;
    float * y = (float *) dst->data;
    for (int64_t i = ith; i < ggml_nelements(dst); i += nth) y[i] = x[i] > limit ? limit : x[i] < -limit ? -limit : x[i];
}

static void to_stdout(enum ggml_log_level level, const char * text, void * user_data) {
    (void) user_data;
    printf("log (level %d): %s", (int) level, text);
}

int main(void) {
    ggml_log_set(to_stdout, NULL);
    ggml_backend_dev_t dev = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    printf("device %s (%s)\n", ggml_backend_dev_name(dev), ggml_backend_dev_description(dev));
    ggml_backend_t backend = ggml_backend_dev_init(dev, NULL);
    ggml_backend_cpu_set_n_threads(backend, 2);
    ggml_backend_sched_t sched = ggml_backend_sched_new(&backend, NULL, 1, GGML_DEFAULT_GRAPH_SIZE, false, true);

    /* y = clip(2 x^2, 1.5): metadata only, the scheduler gives it memory. */
    struct ggml_init_params params = { ggml_tensor_overhead() * 16 + ggml_graph_overhead(), NULL, true };
    struct ggml_context * ctx = ggml_init(params);
    struct ggml_tensor * x = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 6);
    ggml_set_input(x);
    struct ggml_tensor * doubled = ggml_scale(ctx, ggml_sqr(ctx, x), 2.0f);
    float limit = 1.5f;
    struct ggml_tensor * y = ggml_map_custom1(ctx, doubled, clip, GGML_N_TASKS_MAX, &limit);
    struct ggml_cgraph * gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, y);

    if (!ggml_backend_sched_alloc_graph(sched, gf)) return 1;
    const float xs[6] = { -2, -1, 0, 0.5f, 1, 2 };
    ggml_backend_tensor_set(x, xs, 0, sizeof xs);
    if (ggml_backend_sched_graph_compute(sched, gf) != GGML_STATUS_SUCCESS) return 1;
    float ys[6];
    ggml_backend_tensor_get(y, ys, 0, sizeof ys);
    printf("clip(2 x^2, 1.5):");
    for (int i = 0; i < 6; ++i) printf(" %.2f", ys[i]);
    printf("\n%d split(s), %zu bytes of compute buffer\n", ggml_backend_sched_get_n_splits(sched),
           ggml_backend_sched_get_buffer_size(sched, backend));

    ggml_backend_load("libggml-cuda.so");   /* nothing to load: a warning through our callback */

    ggml_free(ctx);
    ggml_backend_sched_free(sched);
    ggml_backend_free(backend);
    ggml_log_set(NULL, NULL);
    return 0;
}
