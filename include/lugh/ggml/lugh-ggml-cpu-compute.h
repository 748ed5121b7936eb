/*
 * lugh-ggml-cpu-compute.h - part of Lugh's ggml-compatible C API; include "ggml-cpu.h".
 *
 * Running a graph on the CPU:
 *
 *     ggml_graph_compute_with_ctx(ctx, gf, 4);   // work buffer from ctx's arena
 *
 * or, with a caller-owned work buffer:
 *
 *     struct ggml_cplan plan = ggml_graph_plan(gf, 4, NULL);
 *     plan.work_data = malloc(plan.work_size);
 *     enum ggml_status st = ggml_graph_compute(gf, &plan);
 *
 * Threads come from a persistent pool shared by every compute (workers spin
 * briefly, then sleep). Results are bitwise identical for any n_threads.
 *
 * Errors: bad arguments (NULL graph, work buffer too small) abort with a
 * message. A graph that cannot run - a tensor without data (a no_alloc
 * context whose tensors no buffer holds), a get_rows index out of range -
 * prints one line on stderr and returns GGML_STATUS_FAILED; nothing is
 * computed in the first case. An abort_callback returning true stops the
 * compute between nodes with GGML_STATUS_ABORTED.
 */
#ifndef LUGH_GGML_CPU_COMPUTE_H
#define LUGH_GGML_CPU_COMPUTE_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Upstream's explicit thread pools; Lugh always uses its shared pool, so the
 * field exists for source compatibility and must be NULL. */
struct ggml_threadpool;
typedef struct ggml_threadpool * ggml_threadpool_t;

/* What ggml_graph_plan decides and ggml_graph_compute needs. */
struct ggml_cplan {
    size_t    work_size;      /* bytes of scratch the kernels need        */
    uint8_t * work_data;      /* caller-supplied, >= work_size bytes      */
    int       n_threads;
    struct ggml_threadpool * threadpool;
    ggml_abort_callback abort_callback;  /* may be NULL                   */
    void *              abort_callback_data;
};

/* Plan a compute on n_threads (<= 0: GGML_DEFAULT_N_THREADS). */
GGML_API struct ggml_cplan ggml_graph_plan(const struct ggml_cgraph * cgraph, int n_threads,
                                           struct ggml_threadpool * threadpool);
/* Run every node of the graph in order. */
GGML_API enum ggml_status ggml_graph_compute(struct ggml_cgraph * cgraph, struct ggml_cplan * cplan);
/* Plan, take the work buffer from ctx's arena, and run. */
GGML_API enum ggml_status ggml_graph_compute_with_ctx(struct ggml_context * ctx, struct ggml_cgraph * cgraph,
                                                      int n_threads);

#ifdef __cplusplus
}
#endif

#endif
