/*
 * lugh-ggml-graph.h - part of Lugh's ggml-compatible C API; include "ggml.h".
 *
 * A graph records, in execution order, the nodes (tensors with an op) needed
 * to compute some results, and the leafs (tensors without one) they read. It
 * lives in a context's arena, like a tensor:
 *
 *     size_t mem = ggml_tensor_overhead() * 64 + ggml_graph_overhead();
 *     struct ggml_init_params p = { mem, NULL, true };   // metadata only
 *     struct ggml_context * ctx = ggml_init(p);
 *     ...
 *     struct ggml_cgraph * gf = ggml_new_graph(ctx);
 *     ggml_build_forward_expand(gf, result);
 *
 * Run it with ggml_graph_compute_with_ctx (ggml-cpu.h) or a backend.
 */
#ifndef LUGH_GGML_GRAPH_H
#define LUGH_GGML_GRAPH_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Polled between nodes during a compute; returning true stops it (GGML_STATUS_ABORTED). */
typedef bool (*ggml_abort_callback)(void * data);

/* A graph of up to GGML_DEFAULT_GRAPH_SIZE nodes (and as many leafs). */
GGML_API struct ggml_cgraph * ggml_new_graph(struct ggml_context * ctx);
/* A graph of up to `size` nodes. grads must be false (Lugh has no autodiff). */
GGML_API struct ggml_cgraph * ggml_new_graph_custom(struct ggml_context * ctx, size_t size, bool grads);
/* Arena bytes ggml_new_graph takes / ggml_new_graph_custom(size, grads) takes. */
GGML_API size_t ggml_graph_overhead(void);
GGML_API size_t ggml_graph_overhead_custom(size_t size, bool grads);

/* Add tensor and every node it depends on (not yet in the graph), in order. */
GGML_API void ggml_build_forward_expand(struct ggml_cgraph * cgraph, struct ggml_tensor * tensor);

GGML_API int                   ggml_graph_size(struct ggml_cgraph * cgraph);     /* node capacity */
GGML_API int                   ggml_graph_n_nodes(struct ggml_cgraph * cgraph);
/* Node i; a negative i counts from the end (-1 is the last node). */
GGML_API struct ggml_tensor *  ggml_graph_node(struct ggml_cgraph * cgraph, int i);
GGML_API struct ggml_tensor ** ggml_graph_nodes(struct ggml_cgraph * cgraph);
/* The node or leaf with this name, or NULL. */
GGML_API struct ggml_tensor *  ggml_graph_get_tensor(const struct ggml_cgraph * cgraph, const char * name);
/* Forget every node and leaf (the capacity stays). */
GGML_API void ggml_graph_clear(struct ggml_cgraph * cgraph);
/* Print the nodes and leafs on stderr. */
GGML_API void ggml_graph_print(const struct ggml_cgraph * cgraph);

#ifdef __cplusplus
}
#endif

#endif
