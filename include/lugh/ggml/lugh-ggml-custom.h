/* lugh-ggml-custom.h - part of Lugh's ggml-compatible C API; include "ggml.h".
 *
 * Custom operations: a node whose result the caller's function computes,
 * run on Lugh's thread pool like every other node. The function is called
 * once per thread with ith = 0..nth-1 and must compute its share of dst
 * (typically the rows ith, ith + nth, ...); nth is n_tasks, or the compute's
 * thread count when n_tasks is GGML_N_TASKS_MAX or larger than it. The calls
 * of one node run at the same time; the next node starts after all returned.
 *
 *     static void square(struct ggml_tensor * dst, const struct ggml_tensor * a,
 *                        int ith, int nth, void * userdata) {
 *         const float * x = (const float *) a->data;
 *         float * y = (float *) dst->data;
 *         for (int64_t i = ith; i < ggml_nelements(dst); i += nth) y[i] = x[i] * x[i];
 *     }
 *     struct ggml_tensor * r = ggml_map_custom1(ctx, a, square, GGML_N_TASKS_MAX, NULL);
 *
 * The result has a's type and shape (ggml_custom_4d: the given ones), and
 * new memory; the _inplace forms return a view of a, written in place. The
 * memory planner never lets the result share a source's memory (the
 * function may read any source element at any time). Lugh has no C++ or Perl
 * face for them: their interface is a C function pointer.
 *
 * Errors (NULL tensor or function, n_tasks 0 or below -1, too many
 * arguments) abort with a message, as every C API misuse.
 */
#ifndef LUGH_GGML_CUSTOM_H
#define LUGH_GGML_CUSTOM_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* n_tasks meaning "as many as the compute has threads". */
#define GGML_N_TASKS_MAX (-1)

typedef void (*ggml_custom1_op_t)(struct ggml_tensor * dst, const struct ggml_tensor * a, int ith, int nth,
                                  void * userdata);
typedef void (*ggml_custom2_op_t)(struct ggml_tensor * dst, const struct ggml_tensor * a,
                                  const struct ggml_tensor * b, int ith, int nth, void * userdata);
typedef void (*ggml_custom3_op_t)(struct ggml_tensor * dst, const struct ggml_tensor * a,
                                  const struct ggml_tensor * b, const struct ggml_tensor * c, int ith, int nth,
                                  void * userdata);
/* ggml_custom_4d's function: the arguments are dst->src[0 .. n_args-1]. */
typedef void (*ggml_custom_op_t)(struct ggml_tensor * dst, int ith, int nth, void * userdata);

/* fun(dst, a, ...) computes a tensor of a's type and shape. */
GGML_API struct ggml_tensor * ggml_map_custom1(struct ggml_context * ctx, struct ggml_tensor * a,
                                               ggml_custom1_op_t fun, int n_tasks, void * userdata);
/* The same, writing into a's memory (the result is a view of a). */
GGML_API struct ggml_tensor * ggml_map_custom1_inplace(struct ggml_context * ctx, struct ggml_tensor * a,
                                                       ggml_custom1_op_t fun, int n_tasks, void * userdata);
/* fun(dst, a, b, ...): a tensor of a's type and shape. */
GGML_API struct ggml_tensor * ggml_map_custom2(struct ggml_context * ctx, struct ggml_tensor * a,
                                               struct ggml_tensor * b, ggml_custom2_op_t fun, int n_tasks,
                                               void * userdata);
GGML_API struct ggml_tensor * ggml_map_custom2_inplace(struct ggml_context * ctx, struct ggml_tensor * a,
                                                       struct ggml_tensor * b, ggml_custom2_op_t fun, int n_tasks,
                                                       void * userdata);
/* fun(dst, a, b, c, ...): a tensor of a's type and shape. */
GGML_API struct ggml_tensor * ggml_map_custom3(struct ggml_context * ctx, struct ggml_tensor * a,
                                               struct ggml_tensor * b, struct ggml_tensor * c,
                                               ggml_custom3_op_t fun, int n_tasks, void * userdata);
GGML_API struct ggml_tensor * ggml_map_custom3_inplace(struct ggml_context * ctx, struct ggml_tensor * a,
                                                       struct ggml_tensor * b, struct ggml_tensor * c,
                                                       ggml_custom3_op_t fun, int n_tasks, void * userdata);

/* A new tensor of type and shape [ne0, ne1, ne2, ne3] that fun computes from
 * args[0 .. n_args-1] (0..GGML_MAX_SRC of them; they become dst->src[]). */
GGML_API struct ggml_tensor * ggml_custom_4d(struct ggml_context * ctx, enum ggml_type type, int64_t ne0,
                                             int64_t ne1, int64_t ne2, int64_t ne3, struct ggml_tensor ** args,
                                             int n_args, ggml_custom_op_t fun, int n_tasks, void * userdata);
/* fun writes into a's memory (the result is a view of a, dst->src[0] = a,
 * then args[0 .. n_args-1], at most GGML_MAX_SRC - 1 of them). */
GGML_API struct ggml_tensor * ggml_custom_inplace(struct ggml_context * ctx, struct ggml_tensor * a,
                                                  struct ggml_tensor ** args, int n_args, ggml_custom_op_t fun,
                                                  int n_tasks, void * userdata);

#ifdef __cplusplus
}
#endif

#endif /* LUGH_GGML_CUSTOM_H */
