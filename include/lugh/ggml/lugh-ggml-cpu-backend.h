/* lugh-ggml-cpu-backend.h - part of Lugh's ggml-compatible C API; include "ggml-cpu.h".
 * The CPU backend: graphs computed on Lugh's CPU thread pool. */
#ifndef LUGH_GGML_CPU_BACKEND_H
#define LUGH_GGML_CPU_BACKEND_H

#include "ggml.h"
#include "ggml-backend.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A new CPU backend using GGML_DEFAULT_N_THREADS threads (NULL if memory is short). */
GGML_API ggml_backend_t ggml_backend_cpu_init(void);
/* True if backend is a CPU backend. */
GGML_API bool           ggml_backend_is_cpu(ggml_backend_t backend);
/* Threads the backend's graph computations use (n_threads >= 1). */
GGML_API void           ggml_backend_cpu_set_n_threads(ggml_backend_t backend_cpu, int n_threads);
/* Poll abort_callback between nodes; returning true stops the compute (GGML_STATUS_ABORTED). NULL: never. */
GGML_API void           ggml_backend_cpu_set_abort_callback(ggml_backend_t backend_cpu, ggml_abort_callback abort_callback,
                                                            void * abort_callback_data);
/* The CPU backend's registry (ggml_backend_reg_get(0)). */
GGML_API ggml_backend_reg_t ggml_backend_cpu_reg(void);

#ifdef __cplusplus
}
#endif

#endif
