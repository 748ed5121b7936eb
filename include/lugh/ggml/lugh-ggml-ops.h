/* lugh-ggml-ops.h - part of Lugh's ggml-compatible C API; include "ggml.h". */
#ifndef LUGH_GGML_OPS_H
#define LUGH_GGML_OPS_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
