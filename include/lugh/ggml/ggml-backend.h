/*
 * ggml-backend.h - Lugh's ggml-compatible backend API: buffer types,
 * buffers that hold tensor data outside a context's arena, and backends that
 * compute graphs. Lugh has one backend, the CPU (ggml-cpu.h creates it).
 *
 *     ggml_backend_t backend = ggml_backend_cpu_init();
 *     struct ggml_context * ctx = ggml_init((struct ggml_init_params){ 1 << 20, NULL, true });
 *     struct ggml_tensor * w = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 64, 64);
 *     ggml_backend_buffer_t buf = ggml_backend_alloc_ctx_tensors(ctx, backend);
 *     ggml_backend_tensor_set(w, values, 0, ggml_nbytes(w));
 *     ...
 *     ggml_backend_buffer_free(buf);
 *     ggml_free(ctx);
 *     ggml_backend_free(backend);
 *
 * Errors (NULL handles, ranges outside a tensor, tensors without data) print
 * one line naming the problem and abort, as everywhere in the C API.
 */
#ifndef LUGH_GGML_BACKEND_H
#define LUGH_GGML_BACKEND_H

#include "ggml.h"
#include "ggml-alloc.h"

#include "lugh-ggml-backend-device.h"  /* devices, registries, events */
#include "lugh-ggml-backend-sched.h"   /* the scheduler                 */

#ifdef __cplusplus
extern "C" {
#endif

/* What a buffer is used for (a hint; Lugh records it). */
enum ggml_backend_buffer_usage {
    GGML_BACKEND_BUFFER_USAGE_ANY     = 0,
    GGML_BACKEND_BUFFER_USAGE_WEIGHTS = 1,
    GGML_BACKEND_BUFFER_USAGE_COMPUTE = 2,
};

/* ---- buffer types --------------------------------------------------------- */

GGML_API const char *          ggml_backend_buft_name(ggml_backend_buffer_type_t buft);
/* A new buffer of size bytes (size 0 gives a valid empty buffer); NULL if memory is short. */
GGML_API ggml_backend_buffer_t ggml_backend_buft_alloc_buffer(ggml_backend_buffer_type_t buft, size_t size);
GGML_API size_t                ggml_backend_buft_get_alignment(ggml_backend_buffer_type_t buft); /* 64 for the CPU */
GGML_API size_t                ggml_backend_buft_get_max_size(ggml_backend_buffer_type_t buft);
/* Bytes tensor needs in a buffer of this type (its ggml_nbytes on the CPU). */
GGML_API size_t                ggml_backend_buft_get_alloc_size(ggml_backend_buffer_type_t buft, const struct ggml_tensor * tensor);
GGML_API bool                  ggml_backend_buft_is_host(ggml_backend_buffer_type_t buft);

/* ---- buffers -------------------------------------------------------------- */

GGML_API const char *  ggml_backend_buffer_name(ggml_backend_buffer_t buffer);
/* Free the buffer's memory (unless it came from ggml_backend_cpu_buffer_from_ptr). NULL is ignored. */
GGML_API void          ggml_backend_buffer_free(ggml_backend_buffer_t buffer);
GGML_API void *        ggml_backend_buffer_get_base(ggml_backend_buffer_t buffer);
GGML_API size_t        ggml_backend_buffer_get_size(ggml_backend_buffer_t buffer);
GGML_API size_t        ggml_backend_buffer_get_alignment(ggml_backend_buffer_t buffer);
GGML_API size_t        ggml_backend_buffer_get_max_size(ggml_backend_buffer_t buffer);
GGML_API size_t        ggml_backend_buffer_get_alloc_size(ggml_backend_buffer_t buffer, const struct ggml_tensor * tensor);
/* Prepare a tensor just placed in the buffer (nothing to do on the CPU). */
GGML_API enum ggml_status ggml_backend_buffer_init_tensor(ggml_backend_buffer_t buffer, struct ggml_tensor * tensor);
/* Set every byte of the buffer to value. */
GGML_API void          ggml_backend_buffer_clear(ggml_backend_buffer_t buffer, uint8_t value);
GGML_API bool          ggml_backend_buffer_is_host(ggml_backend_buffer_t buffer);
GGML_API void          ggml_backend_buffer_set_usage(ggml_backend_buffer_t buffer, enum ggml_backend_buffer_usage usage);
GGML_API enum ggml_backend_buffer_usage ggml_backend_buffer_get_usage(ggml_backend_buffer_t buffer);
GGML_API ggml_backend_buffer_type_t     ggml_backend_buffer_get_type(ggml_backend_buffer_t buffer);
/* Drop per-tensor state a backend keeps for the buffer (none on the CPU). */
GGML_API void          ggml_backend_buffer_reset(ggml_backend_buffer_t buffer);

/* ---- placing tensors in buffers ----------------------------------------------- */

/* Give tensor (no data, not a view) the memory at addr, which must lie in buffer
 * with room for ggml_nbytes(tensor). */
GGML_API enum ggml_status ggml_backend_tensor_alloc(ggml_backend_buffer_t buffer, struct ggml_tensor * tensor, void * addr);
/* Point a view at its source's data (the source must have data). */
GGML_API enum ggml_status ggml_backend_view_init(struct ggml_tensor * tensor);

/* ---- tensor data ---------------------------------------------------------------- */

/* Copy size bytes into / out of the tensor's data from byte offset on. The
 * range must lie inside ggml_nbytes(tensor): anything else is an error and
 * nothing is written. size 0 does nothing. */
GGML_API void ggml_backend_tensor_set(struct ggml_tensor * tensor, const void * data, size_t offset, size_t size);
GGML_API void ggml_backend_tensor_get(const struct ggml_tensor * tensor, void * data, size_t offset, size_t size);
GGML_API void ggml_backend_tensor_memset(struct ggml_tensor * tensor, uint8_t value, size_t offset, size_t size);
/* The same through a backend's queue; the CPU backend finishes them before returning. */
GGML_API void ggml_backend_tensor_set_async(ggml_backend_t backend, struct ggml_tensor * tensor, const void * data,
                                            size_t offset, size_t size);
GGML_API void ggml_backend_tensor_get_async(ggml_backend_t backend, const struct ggml_tensor * tensor, void * data,
                                            size_t offset, size_t size);
/* Copy src's bytes into dst; both need data and the same ggml_nbytes. */
GGML_API void ggml_backend_tensor_copy(struct ggml_tensor * src, struct ggml_tensor * dst);

/* ---- backends ---------------------------------------------------------------------- */

GGML_API const char * ggml_backend_name(ggml_backend_t backend);   /* "CPU" */
/* Free the backend. NULL is ignored. */
GGML_API void         ggml_backend_free(ggml_backend_t backend);
GGML_API ggml_backend_buffer_type_t ggml_backend_get_default_buffer_type(ggml_backend_t backend);
/* A buffer of the backend's default type. */
GGML_API ggml_backend_buffer_t      ggml_backend_alloc_buffer(ggml_backend_t backend, size_t size);
GGML_API size_t       ggml_backend_get_alignment(ggml_backend_t backend);
GGML_API size_t       ggml_backend_get_max_size(ggml_backend_t backend);
/* Wait for queued work (the CPU backend works synchronously: nothing to wait for). */
GGML_API void         ggml_backend_synchronize(ggml_backend_t backend);
/* Compute graph. Every node and every source must have data (a context that
 * allocates, ggml_backend_alloc_ctx_tensors or ggml_gallocr_alloc_graph):
 * a tensor without data prints one line naming it and returns
 * GGML_STATUS_FAILED, computing nothing. */
GGML_API enum ggml_status ggml_backend_graph_compute(ggml_backend_t backend, struct ggml_cgraph * cgraph);
GGML_API enum ggml_status ggml_backend_graph_compute_async(ggml_backend_t backend, struct ggml_cgraph * cgraph);

/* ---- CPU buffers (always available) ----------------------------------------------- */

/* The CPU buffer type: host memory, 64-byte aligned, named "CPU". */
GGML_API ggml_backend_buffer_type_t ggml_backend_cpu_buffer_type(void);
/* A buffer over the caller's memory [ptr, ptr+size) (never freed by Lugh). */
GGML_API ggml_backend_buffer_t ggml_backend_cpu_buffer_from_ptr(void * ptr, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* LUGH_GGML_BACKEND_H */
