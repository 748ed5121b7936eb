/* lugh-ggml-quant.h - part of Lugh's ggml-compatible C API; include "ggml.h".
 *
 * Quantization and per-type traits. Every block type (Q4_0, Q4_1, Q5_0, Q5_1,
 * Q8_0, Q2_K ... Q6_K, Q8_K, IQ4_NL, IQ4_XS) uses upstream's block layout and
 * reference quantizer, so data quantized here is byte for byte what ggml (and
 * llama-quantize without an importance matrix) writes, and to_float gives
 * exactly ggml's floats.
 *
 *     size_t bytes = ggml_quantize_chunk(GGML_TYPE_Q4_K, src, dst, 0, nrows, n_per_row, NULL);
 *     ggml_get_type_traits(GGML_TYPE_Q4_K)->to_float(dst, back, n_per_row);   // one row back
 */
#ifndef LUGH_GGML_QUANT_H
#define LUGH_GGML_QUANT_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Convert k elements (a whole number of blocks) to or from float. */
typedef void (*ggml_to_float_t)(const void * GGML_RESTRICT x, float * GGML_RESTRICT y, int64_t k);
typedef void (*ggml_from_float_t)(const float * GGML_RESTRICT x, void * GGML_RESTRICT y, int64_t k);

struct ggml_type_traits {
    const char *      type_name;            /* NULL for a reserved type number        */
    int64_t           blck_size;            /* elements per block                     */
    int64_t           blck_size_interleave; /* 0: blocks are not interleaved          */
    size_t            type_size;            /* bytes per block                        */
    bool              is_quantized;
    ggml_to_float_t   to_float;             /* NULL for integer types                 */
    ggml_from_float_t from_float_ref;       /* reference (bit-exact) conversion, or NULL */
};

/* The traits of type (0 <= type < GGML_TYPE_COUNT; other numbers abort). */
GGML_API const struct ggml_type_traits * ggml_get_type_traits(enum ggml_type type);

/* No-ops: Lugh's quantizers need no tables (kept for upstream programs). */
GGML_API void ggml_quantize_init(enum ggml_type type);
GGML_API void ggml_quantize_free(void);

/* False for every type Lugh quantizes (none needs an importance matrix). */
GGML_API bool ggml_quantize_requires_imatrix(enum ggml_type type);

/* Quantize nrows rows of n_per_row floats, read from src + start (start a
 * multiple of n_per_row), into dst at the same row; returns the bytes written.
 * Types: F32, F16, BF16 and every block type. imatrix is accepted and ignored
 * (Lugh always uses the reference rounding). A block holding NaN or infinity
 * gets a NaN scale (reads back as NaN). Misuse aborts with a message. */
GGML_API size_t ggml_quantize_chunk(enum ggml_type type, const float * src, void * dst, int64_t start,
                                    int64_t nrows, int64_t n_per_row, const float * imatrix);

#ifdef __cplusplus
}
#endif

#endif
