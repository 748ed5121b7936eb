/*
 * ggml-alloc.h - Lugh's ggml-compatible allocators: placing tensors in
 * backend buffers.
 *
 * Two allocators:
 *   - ggml_tallocr: a bump allocator over one buffer (weights, KV caches).
 *   - ggml_gallocr: the graph memory planner. It gives every intermediate
 *     tensor of a graph an offset in one buffer, reusing memory as soon as a
 *     tensor's last consumer has run, so a deep graph needs far less than the
 *     sum of its tensors.
 *
 *     ggml_gallocr_t galloc = ggml_gallocr_new(ggml_backend_cpu_buffer_type());
 *     ggml_gallocr_reserve(galloc, worst_case_graph);   // optional: size once
 *     for (each step) {
 *         struct ggml_cgraph * gf = build_graph(ctx);    // metadata-only ctx
 *         ggml_gallocr_alloc_graph(galloc, gf);          // tensors get data
 *         ggml_backend_graph_compute(backend, gf);
 *     }
 *     ggml_gallocr_free(galloc);
 *
 * Tensors flagged with ggml_set_input / ggml_set_output, and nodes nothing in
 * the graph consumes, keep their memory for the whole graph; tensors that
 * already have data (weights) are left alone; views share their source.
 */
#ifndef LUGH_GGML_ALLOC_H
#define LUGH_GGML_ALLOC_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ggml_backend_buffer_type * ggml_backend_buffer_type_t;
typedef struct ggml_backend_buffer      * ggml_backend_buffer_t;
typedef struct ggml_backend             * ggml_backend_t;

/* ---- tensor allocator: bump allocation in one buffer ---------------------- */

struct ggml_tallocr {
    ggml_backend_buffer_t buffer;
    void * base;       /* ggml_backend_buffer_get_base(buffer)      */
    size_t alignment;  /* every tensor's data is aligned to this    */
    size_t offset;     /* next free byte, relative to base          */
};

/* An allocator that places tensors one after another in buffer. */
GGML_API struct ggml_tallocr ggml_tallocr_new(ggml_backend_buffer_t buffer);
/* Give tensor (data == NULL, not a view) the next aligned bytes of the buffer.
 * Running out of room is an error naming the tensor and the sizes. */
GGML_API enum ggml_status ggml_tallocr_alloc(struct ggml_tallocr * talloc, struct ggml_tensor * tensor);

/* ---- graph allocator: the memory planner ---------------------------------- */

typedef struct ggml_gallocr * ggml_gallocr_t;

/* A planner whose buffer comes from buft (NULL on allocation failure). */
GGML_API ggml_gallocr_t ggml_gallocr_new(ggml_backend_buffer_type_t buft);
/* A planner for graphs whose nodes go to n_bufs buffers of bufts[0..n_bufs-1]
 * (ggml_gallocr_reserve_n's ids). Lugh's buffer types are all host memory,
 * so the ids share one buffer. */
GGML_API ggml_gallocr_t ggml_gallocr_new_n(ggml_backend_buffer_type_t * bufts, int n_bufs);
/* Free the planner and its buffer (tensors placed in it lose their memory). NULL is ignored. */
GGML_API void ggml_gallocr_free(ggml_gallocr_t galloc);

/* Plan graph and make the buffer large enough for it, without touching its
 * tensors. False if the buffer could not be allocated. */
GGML_API bool ggml_gallocr_reserve(ggml_gallocr_t galloc, struct ggml_cgraph * graph);
/* ggml_gallocr_reserve with each node's and leaf's buffer id (NULL: all 0);
 * every id must be below n_bufs. */
GGML_API bool ggml_gallocr_reserve_n(ggml_gallocr_t galloc, struct ggml_cgraph * graph, const int * node_buffer_ids,
                                     const int * leaf_buffer_ids);
/* Plan graph and give every tensor that needs memory its place (growing the
 * buffer if this graph needs more than any before). False on allocation failure. */
GGML_API bool ggml_gallocr_alloc_graph(ggml_gallocr_t galloc, struct ggml_cgraph * graph);
/* Bytes of the planner's buffer buffer_id (0 before any reserve/alloc; ids past 0 share buffer 0 and answer 0). */
GGML_API size_t ggml_gallocr_get_buffer_size(ggml_gallocr_t galloc, int buffer_id);

/* ---- whole contexts ----------------------------------------------------------- */

/* Bytes a buffer of buft needs to hold every tensor of ctx that has no data yet. */
GGML_API size_t ggml_backend_alloc_ctx_tensors_from_buft_size(struct ggml_context * ctx, ggml_backend_buffer_type_t buft);
/* One buffer of buft holding every tensor of ctx without data (views are
 * pointed at their sources). NULL when no tensor needs memory. */
GGML_API ggml_backend_buffer_t ggml_backend_alloc_ctx_tensors_from_buft(struct ggml_context * ctx, ggml_backend_buffer_type_t buft);
/* The same with the backend's default buffer type. */
GGML_API ggml_backend_buffer_t ggml_backend_alloc_ctx_tensors(struct ggml_context * ctx, ggml_backend_t backend);

#ifdef __cplusplus
}
#endif

#endif /* LUGH_GGML_ALLOC_H */
