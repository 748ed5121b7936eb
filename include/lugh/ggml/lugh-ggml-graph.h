/* lugh-ggml-graph.h - part of Lugh's ggml-compatible C API; include "ggml.h". */
#ifndef LUGH_GGML_GRAPH_H
#define LUGH_GGML_GRAPH_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
