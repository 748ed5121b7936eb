/* lugh-ggml-cpu-traits.h - part of Lugh's ggml-compatible C API; include "ggml-cpu.h".
 *
 * What the CPU does with each type: how to convert floats to it and how to
 * take the dot product of one of its rows with a row of vec_dot_type.
 *
 *     const struct ggml_type_traits_cpu * tq = ggml_get_type_traits_cpu(GGML_TYPE_Q4_0);
 *     const struct ggml_type_traits_cpu * ta = ggml_get_type_traits_cpu(tq->vec_dot_type);
 *     ta->from_float(activations, act_q, n);            // activations to Q8_0
 *     float s;
 *     tq->vec_dot(n, &s, 0, weights_q4_0, 0, act_q, 0, 1);
 *
 * vec_dot_type is upstream's (Q8_0 for Q4_0, Q5_0, Q8_0, IQ4_NL; Q8_K for the
 * K-quants and IQ4_XS; the type itself for F32, F16, BF16) except for Q4_1
 * and Q5_1, whose upstream partner Q8_1 Lugh does not have: they use Q8_0.
 * n must be a whole number of blocks of both types; nrc must be 1 (nrows is 1
 * for every type). Types without a dot product (I8, I16, I32, Q8_K) have
 * vec_dot NULL; reserved type numbers have every field 0.
 */
#ifndef LUGH_GGML_CPU_TRAITS_H
#define LUGH_GGML_CPU_TRAITS_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* s[0] = sum over n elements of x[i] * y[i] (x of the row's type, y of its
 * vec_dot_type). bs, bx, by are strides for nrc > 1, which Lugh does not use. */
typedef void (*ggml_vec_dot_t)(int n, float * GGML_RESTRICT s, size_t bs, const void * GGML_RESTRICT x, size_t bx,
                               const void * GGML_RESTRICT y, size_t by, int nrc);

struct ggml_type_traits_cpu {
    ggml_from_float_t from_float;    /* floats to this type (k a whole number of blocks), or NULL */
    ggml_vec_dot_t    vec_dot;       /* dot of a row of this type with one of vec_dot_type, or NULL */
    enum ggml_type    vec_dot_type;
    int64_t           nrows;         /* rows vec_dot takes at once (1) */
};

/* The CPU traits of type (0 <= type < GGML_TYPE_COUNT; other numbers abort). */
GGML_API const struct ggml_type_traits_cpu * ggml_get_type_traits_cpu(enum ggml_type type);

/* Pick the SIMD kernels for this CPU now rather than at first use. Any
 * number of calls, from any thread. */
GGML_API void ggml_cpu_init(void);

#ifdef __cplusplus
}
#endif

#endif /* LUGH_GGML_CPU_TRAITS_H */
