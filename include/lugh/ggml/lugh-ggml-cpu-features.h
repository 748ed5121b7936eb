/* lugh-ggml-cpu-features.h - part of Lugh's ggml-compatible C API; include "ggml-cpu.h". */
#ifndef LUGH_GGML_CPU_FEATURES_H
#define LUGH_GGML_CPU_FEATURES_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
