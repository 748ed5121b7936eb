/*
 * ggml-cpu.h - Lugh's ggml-compatible CPU API: graph planning and execution
 * on the CPU thread pool, CPU feature queries, and the CPU backend.
 */
#ifndef LUGH_GGML_CPU_H
#define LUGH_GGML_CPU_H

#include "ggml.h"

#include "lugh-ggml-cpu-compute.h"   /* ggml_graph_plan, ggml_graph_compute, ...   */
#include "lugh-ggml-cpu-features.h"  /* ggml_cpu_has_avx2, ...                     */
#include "lugh-ggml-cpu-backend.h"   /* ggml_backend_cpu_init, ...                 */
#include "lugh-ggml-cpu-traits.h"    /* ggml_get_type_traits_cpu, ggml_cpu_init    */

#endif /* LUGH_GGML_CPU_H */
