/* lugh-ggml-backend-sched.h - part of Lugh's ggml-compatible C API; include "ggml-backend.h".
 *
 * The backend scheduler: assigns each node of a graph to one of its backends,
 * places the graph's tensors with the memory planner (ggml_gallocr) and runs
 * the nodes, in runs of consecutive nodes on one backend ("splits"). All of
 * Lugh's backends are CPU backends sharing host memory, so a split never
 * needs a copy: nodes run on backend 0 (the first, highest priority) unless
 * ggml_backend_sched_set_tensor_backend puts one elsewhere, and unassigned
 * nodes then follow the assigned node before them (or, at the start, after them).
 *
 *     ggml_backend_t backends[1] = { ggml_backend_cpu_init() };
 *     ggml_backend_sched_t sched = ggml_backend_sched_new(backends, NULL, 1, GGML_DEFAULT_GRAPH_SIZE, false, true);
 *     ggml_backend_sched_reserve(sched, worst_case_graph);   // optional: size the buffer once
 *     for (each step) {
 *         struct ggml_cgraph * gf = build_graph(...);          // a metadata-only context
 *         ggml_backend_sched_reset(sched);
 *         ggml_backend_sched_alloc_graph(sched, gf);           // tensors get memory
 *         ggml_backend_tensor_set(input, ...);
 *         ggml_backend_sched_graph_compute(sched, gf);
 *     }
 *     ggml_backend_sched_free(sched);
 *
 * Upstream's rules hold: alloc_graph twice without a reset is an error;
 * graph_compute allocates the graph first when it is not allocated (after a
 * reset when needed); tensors placed by the scheduler lose their memory at
 * the next reset or alloc. Lugh also refuses to compute a graph other than
 * the one allocated. Misuse aborts with a message; a failed allocation is
 * false (GGML_STATUS_ALLOC_FAILED from compute); a graph that cannot run
 * logs the reason and returns GGML_STATUS_FAILED.
 */
#ifndef LUGH_GGML_BACKEND_SCHED_H
#define LUGH_GGML_BACKEND_SCHED_H

#include "ggml.h"
#include "ggml-alloc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GGML_SCHED_MAX_BACKENDS 16
#define GGML_SCHED_MAX_COPIES   4

typedef struct ggml_backend_sched * ggml_backend_sched_t;

/* Called for each node during a compute. With ask == true: does the caller
 * want to see t once computed? With ask == false: t is computed; returning
 * false stops the compute (it returns GGML_STATUS_SUCCESS, as upstream's). */
typedef bool (*ggml_backend_sched_eval_callback)(struct ggml_tensor * t, bool ask, void * user_data);

/* A scheduler over n_backends (1..GGML_SCHED_MAX_BACKENDS) backends, lower
 * index = higher priority. bufts: each backend's buffer type, or NULL for
 * their defaults. graph_size: most nodes of a graph. parallel: keep
 * GGML_SCHED_MAX_COPIES copies of inputs (reported by get_n_copies; the CPU
 * needs none). op_offload is ignored (nothing to offload to). */
GGML_API ggml_backend_sched_t ggml_backend_sched_new(ggml_backend_t * backends, ggml_backend_buffer_type_t * bufts,
                                                     int n_backends, size_t graph_size, bool parallel, bool op_offload);
/* Free the scheduler and its buffer (its tensors lose their memory). NULL is ignored. */
GGML_API void ggml_backend_sched_free(ggml_backend_sched_t sched);

/* Plan measure_graph and grow the buffer to fit it, touching no tensor; then reset. False if memory is short. */
GGML_API bool ggml_backend_sched_reserve(ggml_backend_sched_t sched, struct ggml_cgraph * measure_graph);
/* sizes[i]: bytes backend i's buffer needs for measure_graph (0 for a backend sharing an earlier one's buffer). */
GGML_API void ggml_backend_sched_reserve_size(ggml_backend_sched_t sched, struct ggml_cgraph * measure_graph,
                                              size_t * sizes);

GGML_API int            ggml_backend_sched_get_n_backends(ggml_backend_sched_t sched);
GGML_API ggml_backend_t ggml_backend_sched_get_backend(ggml_backend_sched_t sched, int i);  /* 0 <= i < n */

/* Splits of the last graph split or allocated; copies (1, or GGML_SCHED_MAX_COPIES when parallel). */
GGML_API int ggml_backend_sched_get_n_splits(ggml_backend_sched_t sched);
GGML_API int ggml_backend_sched_get_n_copies(ggml_backend_sched_t sched);

GGML_API ggml_backend_buffer_type_t ggml_backend_sched_get_buffer_type(ggml_backend_sched_t sched, ggml_backend_t backend);
/* Bytes of backend's compute buffer (0 when it shares an earlier backend's buffer). */
GGML_API size_t ggml_backend_sched_get_buffer_size(ggml_backend_sched_t sched, ggml_backend_t backend);

/* Run node on backend (one of the scheduler's) in the next graph; kept until reset. */
GGML_API void           ggml_backend_sched_set_tensor_backend(ggml_backend_sched_t sched, struct ggml_tensor * node,
                                                              ggml_backend_t backend);
/* The backend node runs on (set, or assigned by the last split), or NULL. */
GGML_API ggml_backend_t ggml_backend_sched_get_tensor_backend(ggml_backend_sched_t sched, struct ggml_tensor * node);

/* Assign graph's nodes to backends without allocating anything. */
GGML_API void ggml_backend_sched_split_graph(ggml_backend_sched_t sched, struct ggml_cgraph * graph);

/* Assign and place graph's tensors (false if memory is short). */
GGML_API bool             ggml_backend_sched_alloc_graph(ggml_backend_sched_t sched, struct ggml_cgraph * graph);
/* Allocate graph if needed, then run it; the CPU backends finish before returning. */
GGML_API enum ggml_status ggml_backend_sched_graph_compute(ggml_backend_sched_t sched, struct ggml_cgraph * graph);
GGML_API enum ggml_status ggml_backend_sched_graph_compute_async(ggml_backend_sched_t sched, struct ggml_cgraph * graph);
GGML_API void             ggml_backend_sched_synchronize(ggml_backend_sched_t sched);

/* Forget every assignment and allocation: needed before allocating a new graph. */
GGML_API void ggml_backend_sched_reset(ggml_backend_sched_t sched);

/* Observe nodes during computes (NULL: none). */
GGML_API void ggml_backend_sched_set_eval_callback(ggml_backend_sched_t sched, ggml_backend_sched_eval_callback callback,
                                                   void * user_data);

#ifdef __cplusplus
}
#endif

#endif /* LUGH_GGML_BACKEND_SCHED_H */
