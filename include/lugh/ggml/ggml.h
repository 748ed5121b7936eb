/*
 * ggml.h - Lugh's ggml-compatible C API: contexts, tensors, types.
 *
 * Programs written against upstream ggml compile unchanged against this
 * header for the subset Lugh implements: the names, struct fields and enum
 * values below follow upstream (type numbers are stored in GGUF files).
 * The implementation is Lugh's own C++ core.
 *
 * Example:
 *
 *     struct ggml_init_params params = { 16 * 1024 * 1024, NULL, false };
 *     struct ggml_context * ctx = ggml_init(params);       // NULL on failure
 *     struct ggml_tensor  * a   = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1024);
 *     ggml_set_f32(a, 1.0f);
 *     printf("%f\n", ggml_get_f32_1d(a, 7));
 *     ggml_free(ctx);                                      // frees every tensor at once
 *
 * Errors: ggml_init returns NULL when it cannot make a context. Any other
 * misuse (arena full, bad shape, size overflow, index out of range) prints
 * one line on stderr naming the problem and calls abort(), after first
 * calling the handler installed with ggml_set_abort_callback, if any.
 */
#ifndef LUGH_GGML_H
#define LUGH_GGML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- build and attribute macros ---------------------------------------- */

#if defined(_WIN32) && defined(LUGH_SHARED)
#  define GGML_API __declspec(dllimport)
#elif defined(__GNUC__)
#  define GGML_API __attribute__((visibility("default")))
#else
#  define GGML_API
#endif

#if defined(__GNUC__)
#  define GGML_NORETURN __attribute__((noreturn))
#  define GGML_ATTRIBUTE_FORMAT(fmt, args) __attribute__((format(printf, fmt, args)))
#  define GGML_DEPRECATED(func, hint) func __attribute__((deprecated(hint)))
#else
#  define GGML_NORETURN
#  define GGML_ATTRIBUTE_FORMAT(fmt, args)
#  define GGML_DEPRECATED(func, hint) func
#endif

#ifdef __cplusplus
#  define GGML_RESTRICT
#else
#  define GGML_RESTRICT restrict
#endif

/* ---- limits ------------------------------------------------------------- */

#define GGML_FILE_MAGIC   0x67676d6c /* "ggml" */
#define GGML_FILE_VERSION 2

#define GGML_MAX_DIMS       4   /* ne[0] is the fastest-moving dimension  */
#define GGML_MAX_PARAMS     2048
#define GGML_MAX_SRC        4   /* sources per node (upstream: 10)         */
#define GGML_MAX_NAME       64  /* bytes, including the terminating NUL    */
#define GGML_MAX_OP_PARAMS  40  /* bytes of per-op parameters              */
#define GGML_DEFAULT_N_THREADS 4
#define GGML_DEFAULT_GRAPH_SIZE 2048
#define GGML_MEM_ALIGN      64  /* alignment of tensor data Lugh allocates */

#define GGML_EXIT_SUCCESS 0
#define GGML_EXIT_ABORTED 1

/* Round x up to a multiple of n (n a power of two). */
#define GGML_PAD(x, n) (((x) + (n) - 1) & ~((n) - 1))
#define GGML_UNUSED(x) (void)(x)

/* ---- assertions --------------------------------------------------------- */

/* Print "file:line: message", run the abort callback, then abort(). */
GGML_NORETURN GGML_ATTRIBUTE_FORMAT(3, 4)
GGML_API void ggml_abort(const char * file, int line, const char * fmt, ...);

#define GGML_ABORT(...) ggml_abort(__FILE__, __LINE__, __VA_ARGS__)
#define GGML_ASSERT(x) \
    do { if (!(x)) ggml_abort(__FILE__, __LINE__, "GGML_ASSERT(%s) failed", #x); } while (0)

/* Called with the message before abort(); may longjmp/exit instead of returning.
 * Returns the previous callback. NULL restores the default (print only). */
typedef void (*ggml_abort_callback_t)(const char * error_message);
GGML_API ggml_abort_callback_t ggml_set_abort_callback(ggml_abort_callback_t callback);

/* ---- status ------------------------------------------------------------- */

enum ggml_status {
    GGML_STATUS_ALLOC_FAILED = -2,
    GGML_STATUS_FAILED       = -1,
    GGML_STATUS_SUCCESS      =  0,
    GGML_STATUS_ABORTED      =  1,
};

/* A short English description of a status ("GGML status: success", ...). */
GGML_API const char * ggml_status_to_string(enum ggml_status status);

/* ---- half and bfloat16 scalars ------------------------------------------ */

typedef uint16_t ggml_fp16_t;                 /* IEEE 754 binary16 bits   */
typedef struct { uint16_t bits; } ggml_bf16_t; /* top 16 bits of a binary32 */

GGML_API float       ggml_fp16_to_fp32(ggml_fp16_t h);
GGML_API ggml_fp16_t ggml_fp32_to_fp16(float f);       /* round to nearest even */
GGML_API float       ggml_bf16_to_fp32(ggml_bf16_t h);
GGML_API ggml_bf16_t ggml_fp32_to_bf16(float f);       /* round to nearest even */

/* Convert n values between arrays (n may be 0; the arrays must not overlap). */
GGML_API void ggml_fp16_to_fp32_row(const ggml_fp16_t * x, float * y, int64_t n);
GGML_API void ggml_fp32_to_fp16_row(const float * x, ggml_fp16_t * y, int64_t n);
GGML_API void ggml_bf16_to_fp32_row(const ggml_bf16_t * x, float * y, int64_t n);
GGML_API void ggml_fp32_to_bf16_row(const float * x, ggml_bf16_t * y, int64_t n);
GGML_API void ggml_fp32_to_bf16_row_ref(const float * x, ggml_bf16_t * y, int64_t n);

/* ---- element types (values as upstream: GGUF files store them) --------- */

enum ggml_type {
    GGML_TYPE_F32    = 0,
    GGML_TYPE_F16    = 1,
    GGML_TYPE_Q4_0   = 2,   /* blocks of 32: fp16 scale + 16 bytes of nibbles */
    GGML_TYPE_Q4_1   = 3,   /* blocks of 32: fp16 scale and min + nibbles     */
    GGML_TYPE_Q5_0   = 6,   /* blocks of 32: fp16 scale + 5-bit codes         */
    GGML_TYPE_Q5_1   = 7,   /* blocks of 32: fp16 scale and min + 5-bit codes */
    GGML_TYPE_Q8_0   = 8,   /* blocks of 32: fp16 scale + 32 int8             */
    GGML_TYPE_Q2_K   = 10,  /* K-quants: super-blocks of 256 elements ...     */
    GGML_TYPE_Q3_K   = 11,
    GGML_TYPE_Q4_K   = 12,
    GGML_TYPE_Q5_K   = 13,
    GGML_TYPE_Q6_K   = 14,
    GGML_TYPE_Q8_K   = 15,  /* ... float scale + 256 int8 (dot activations)   */
    GGML_TYPE_IQ4_NL = 20,  /* blocks of 32: fp16 scale + 4-bit grid indices  */
    GGML_TYPE_IQ4_XS = 23,  /* IQ4_NL grid in super-blocks of 256             */
    GGML_TYPE_I8     = 24,
    GGML_TYPE_I16    = 25,
    GGML_TYPE_I32    = 26,
    GGML_TYPE_BF16   = 30,
    GGML_TYPE_COUNT  = 39,  /* numbers not named here are reserved            */
};

/* Unknown type numbers give 0 (sizes) or NULL (names). */
/* Precision of a mul_mat node (ggml_mul_mat_set_prec). DEFAULT: F16 weights
 * multiply b rounded to F16, as upstream's CPU backend does (in matrix-vector
 * products this halves what the core reads per weight); a row of b holding a
 * finite value beyond F16's range stays F32. F32 keeps b in F32. Other weight
 * types ignore it. */
enum ggml_prec {
    GGML_PREC_DEFAULT = 0,   /* stored in the node's op_params[0], 0 when created */
    GGML_PREC_F32     = 10,
};

GGML_API size_t      ggml_type_size(enum ggml_type type);            /* bytes of one block       */
GGML_API int64_t     ggml_blck_size(enum ggml_type type);            /* elements of one block    */
GGML_API size_t      ggml_row_size(enum ggml_type type, int64_t ne); /* bytes of ne elements (whole blocks; else aborts) */
GGML_API const char * ggml_type_name(enum ggml_type type);   /* "f32", ...; NULL if unknown */
GGML_API bool        ggml_is_quantized(enum ggml_type type); /* a block type (Q4_0, Q4_K, ...) */

/* ---- operations recorded in graph nodes --------------------------------- */

enum ggml_op {
    /* BEGIN generated by tools/gen-ops.pl from src/ops/op_table.def: edit the table, not these lines */
    GGML_OP_NONE = 0,
    GGML_OP_DUP,
    GGML_OP_ADD,
    GGML_OP_SUB,
    GGML_OP_MUL,
    GGML_OP_DIV,
    GGML_OP_SQR,
    GGML_OP_SQRT,
    GGML_OP_LOG,
    GGML_OP_SUM,
    GGML_OP_SUM_ROWS,
    GGML_OP_MEAN,
    GGML_OP_ARGMAX,
    GGML_OP_REPEAT,
    GGML_OP_CONCAT,
    GGML_OP_NORM,
    GGML_OP_RMS_NORM,
    GGML_OP_MUL_MAT,
    GGML_OP_SCALE,
    GGML_OP_CPY,
    GGML_OP_CONT,
    GGML_OP_RESHAPE,
    GGML_OP_VIEW,
    GGML_OP_PERMUTE,
    GGML_OP_TRANSPOSE,
    GGML_OP_GET_ROWS,
    GGML_OP_DIAG_MASK_INF,
    GGML_OP_SOFT_MAX,
    GGML_OP_ROPE,
    GGML_OP_CLAMP,
    GGML_OP_UNARY,
    GGML_OP_SET_ROWS,
    GGML_OP_FLASH_ATTN_EXT,
    GGML_OP_ACC,
    GGML_OP_ADD_ID,
    GGML_OP_ARANGE,
    GGML_OP_TIMESTEP_EMBEDDING,
    GGML_OP_ARGSORT,
    GGML_OP_PAD,
    GGML_OP_PAD_REFLECT_1D,
    GGML_OP_ROLL,
    GGML_OP_IM2COL,
    GGML_OP_CONV_2D,
    GGML_OP_CONV_2D_DW,
    GGML_OP_CONV_TRANSPOSE_1D,
    GGML_OP_CONV_TRANSPOSE_2D,
    GGML_OP_POOL_1D,
    GGML_OP_POOL_2D,
    GGML_OP_UPSCALE,
    GGML_OP_GET_REL_POS,
    GGML_OP_ADD_REL_POS,
    GGML_OP_MAP_CUSTOM1,
    GGML_OP_MAP_CUSTOM2,
    GGML_OP_MAP_CUSTOM3,
    GGML_OP_CUSTOM,
    /* END generated */

    GGML_OP_COUNT,
};

enum ggml_unary_op {
    GGML_UNARY_OP_ABS,
    GGML_UNARY_OP_SGN,
    GGML_UNARY_OP_NEG,
    GGML_UNARY_OP_STEP,
    GGML_UNARY_OP_TANH,
    GGML_UNARY_OP_ELU,
    GGML_UNARY_OP_RELU,
    GGML_UNARY_OP_SIGMOID,
    GGML_UNARY_OP_GELU,
    GGML_UNARY_OP_GELU_QUICK,
    GGML_UNARY_OP_SILU,
    GGML_UNARY_OP_HARDSWISH,
    GGML_UNARY_OP_HARDSIGMOID,
    GGML_UNARY_OP_EXP,

    GGML_UNARY_OP_COUNT,
};

/* Parameters of the spatial and sorting operations (upstream's values). */
enum ggml_sort_order {     /* ggml_argsort */
    GGML_SORT_ORDER_ASC,
    GGML_SORT_ORDER_DESC,
};

enum ggml_op_pool {        /* ggml_pool_1d, ggml_pool_2d */
    GGML_OP_POOL_MAX,
    GGML_OP_POOL_AVG,
    GGML_OP_POOL_COUNT,
};

enum ggml_scale_mode {     /* ggml_upscale, ggml_interpolate: the low byte of mode */
    GGML_SCALE_MODE_NEAREST  = 0,
    GGML_SCALE_MODE_BILINEAR = 1,
    GGML_SCALE_MODE_BICUBIC  = 2,

    GGML_SCALE_MODE_COUNT
};

enum ggml_scale_flag {     /* or-ed into ggml_interpolate's mode */
    GGML_SCALE_FLAG_ALIGN_CORNERS = (1 << 8),
    GGML_SCALE_FLAG_ANTIALIAS     = (1 << 9),
};

/* Tensor roles, used by the graph allocator (ggml-alloc.h). */
enum ggml_tensor_flag {
    GGML_TENSOR_FLAG_INPUT  = 1,
    GGML_TENSOR_FLAG_OUTPUT = 2,
    GGML_TENSOR_FLAG_PARAM  = 4,
    GGML_TENSOR_FLAG_LOSS   = 8,
    /* Lugh's own: the data may not be written (a tensor memory-mapped from a
     * GGUF file). Every write through Lugh refuses it; views inherit it. */
    LUGH_TENSOR_FLAG_READ_ONLY = 1 << 16,
};

/* ---- the tensor --------------------------------------------------------- */

struct ggml_backend_buffer;
struct ggml_cgraph;      /* a computation graph (lugh-ggml-graph.h) */

/* One n-dimensional tensor. It lives in its context's arena; `data` points
 * into the arena, into a backend buffer, or is NULL (metadata-only context
 * whose data no backend has allocated yet). Exactly 256 bytes. */
struct ggml_tensor {
    enum ggml_type type;
    int32_t        flags;                 /* enum ggml_tensor_flag bits      */

    struct ggml_backend_buffer * buffer;  /* owner of `data`, if a backend's */

    int64_t ne[GGML_MAX_DIMS];            /* elements per dimension          */
    size_t  nb[GGML_MAX_DIMS];            /* stride in bytes per dimension:
                                           * nb[0] = type size,
                                           * nb[i] = nb[i-1] * ne[i-1]
                                           * (block-adjusted) when contiguous */

    enum ggml_op op;                      /* GGML_OP_NONE for a leaf         */
    int32_t op_params[GGML_MAX_OP_PARAMS / sizeof(int32_t)];
    int32_t lugh_owner;                   /* Lugh's own: registry slot + 1 of the
                                           * context whose arena holds this record
                                           * (0: made elsewhere). Set by Lugh. */

    struct ggml_tensor * src[GGML_MAX_SRC];

    struct ggml_tensor * view_src;        /* the tensor whose data this views */
    size_t               view_offs;       /* byte offset into view_src->data  */

    void * data;

    char name[GGML_MAX_NAME];

    void * extra;                         /* for backends                     */
};

/* ---- contexts ----------------------------------------------------------- */

struct ggml_context;

struct ggml_init_params {
    size_t mem_size;   /* bytes of the arena                                    */
    void * mem_buffer; /* NULL: Lugh allocates (and frees) the arena;
                        * else the caller's memory, never freed by Lugh         */
    bool   no_alloc;   /* true: tensors get metadata only, data stays NULL     */
};

/* Make a context. NULL if mem_size is 0, the arena cannot be allocated, or
 * LUGH_MAX_CONTEXTS (4096) contexts are already live. */
GGML_API struct ggml_context * ggml_init(struct ggml_init_params params);
/* Free the context and every tensor in it. NULL is ignored. */
GGML_API void   ggml_free(struct ggml_context * ctx);
/* Forget every tensor and object: the arena is empty again (scratch use). */
GGML_API void   ggml_reset(struct ggml_context * ctx);

GGML_API size_t ggml_used_mem(const struct ggml_context * ctx);       /* bytes in use      */
GGML_API size_t ggml_get_mem_size(const struct ggml_context * ctx);   /* bytes of arena    */
GGML_API void * ggml_get_mem_buffer(const struct ggml_context * ctx); /* start of arena    */
GGML_API bool   ggml_get_no_alloc(struct ggml_context * ctx);               /* metadata only?     */
GGML_API void   ggml_set_no_alloc(struct ggml_context * ctx, bool no_alloc); /* for later tensors  */
GGML_API size_t ggml_get_max_tensor_size(const struct ggml_context * ctx); /* largest ggml_nbytes */

/* Arena bytes one tensor's metadata takes (sizeof(struct ggml_tensor) = 256). */
GGML_API size_t ggml_tensor_overhead(void);

/* Tensors in creation order; NULL at the end. */
GGML_API struct ggml_tensor * ggml_get_first_tensor(const struct ggml_context * ctx);
GGML_API struct ggml_tensor * ggml_get_next_tensor(const struct ggml_context * ctx, struct ggml_tensor * tensor);
/* The first tensor with this name, or NULL. */
GGML_API struct ggml_tensor * ggml_get_tensor(struct ggml_context * ctx, const char * name);

/* ---- creating tensors ----------------------------------------------------- */

/* n_dims is 1..4; every ne[i] >= 0; the byte size must fit in size_t. */
GGML_API struct ggml_tensor * ggml_new_tensor(struct ggml_context * ctx, enum ggml_type type, int n_dims, const int64_t * ne);
GGML_API struct ggml_tensor * ggml_new_tensor_1d(struct ggml_context * ctx, enum ggml_type type, int64_t ne0);
GGML_API struct ggml_tensor * ggml_new_tensor_2d(struct ggml_context * ctx, enum ggml_type type, int64_t ne0, int64_t ne1);
GGML_API struct ggml_tensor * ggml_new_tensor_3d(struct ggml_context * ctx, enum ggml_type type, int64_t ne0, int64_t ne1, int64_t ne2);
GGML_API struct ggml_tensor * ggml_new_tensor_4d(struct ggml_context * ctx, enum ggml_type type, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3);
/* A one-element tensor holding value (needs a context that allocates data). */
GGML_API struct ggml_tensor * ggml_new_i32(struct ggml_context * ctx, int32_t value);
GGML_API struct ggml_tensor * ggml_new_f32(struct ggml_context * ctx, float value);
/* A raw, 64-byte aligned block of nbytes in the arena (e.g. a work buffer). */
GGML_API void * ggml_new_buffer(struct ggml_context * ctx, size_t nbytes);

/* A new tensor of src's type and shape (data not copied). */
GGML_API struct ggml_tensor * ggml_dup_tensor(struct ggml_context * ctx, const struct ggml_tensor * src);
/* A new tensor sharing src's data, type, shape and strides. */
GGML_API struct ggml_tensor * ggml_view_tensor(struct ggml_context * ctx, struct ggml_tensor * src);

/* ---- shape queries -------------------------------------------------------- */

GGML_API int64_t ggml_nelements(const struct ggml_tensor * tensor);  /* ne[0]*ne[1]*ne[2]*ne[3] */
GGML_API int64_t ggml_nrows(const struct ggml_tensor * tensor);      /* ne[1]*ne[2]*ne[3]     */
GGML_API size_t  ggml_nbytes(const struct ggml_tensor * tensor);     /* span of the data      */
GGML_API size_t  ggml_nbytes_pad(const struct ggml_tensor * tensor); /* rounded to GGML_MEM_ALIGN */
GGML_API int     ggml_n_dims(const struct ggml_tensor * tensor);     /* 1 + last dim with ne>1 */
GGML_API size_t  ggml_element_size(const struct ggml_tensor * tensor); /* ggml_type_size of its type */

GGML_API bool ggml_is_empty(const struct ggml_tensor * tensor);       /* some ne[i] == 0 */
GGML_API bool ggml_is_scalar(const struct ggml_tensor * tensor);       /* every ne[i] == 1       */
GGML_API bool ggml_is_vector(const struct ggml_tensor * tensor);       /* ne[1..3] == 1          */
GGML_API bool ggml_is_matrix(const struct ggml_tensor * tensor);       /* ne[2..3] == 1          */
GGML_API bool ggml_is_3d(const struct ggml_tensor * tensor);           /* ne[3] == 1             */
GGML_API bool ggml_is_contiguous(const struct ggml_tensor * tensor);  /* rows packed, no gaps */
GGML_API bool ggml_is_contiguous_rows(const struct ggml_tensor * tensor); /* nb[0] == type size */
GGML_API bool ggml_is_transposed(const struct ggml_tensor * tensor);  /* nb[0] > nb[1] */
GGML_API bool ggml_is_permuted(const struct ggml_tensor * tensor);     /* strides not ascending  */
GGML_API bool ggml_are_same_shape(const struct ggml_tensor * t0, const struct ggml_tensor * t1);  /* equal ne */
GGML_API bool ggml_are_same_stride(const struct ggml_tensor * t0, const struct ggml_tensor * t1); /* equal nb */
/* t1's shape divides t0's in every dimension (t1 broadcasts over t0). */
GGML_API bool ggml_can_repeat(const struct ggml_tensor * t1, const struct ggml_tensor * t0);

/* ---- names ------------------------------------------------------------------ */

/* The tensor's name ("" until one is set); points into the tensor. */
GGML_API const char *         ggml_get_name(const struct ggml_tensor * tensor);
/* Copies at most GGML_MAX_NAME-1 bytes of name (longer names are cut). */
GGML_API struct ggml_tensor * ggml_set_name(struct ggml_tensor * tensor, const char * name);
/* Sets the name from a printf format, cut like ggml_set_name. */
GGML_ATTRIBUTE_FORMAT(2, 3)
GGML_API struct ggml_tensor * ggml_format_name(struct ggml_tensor * tensor, const char * fmt, ...);

/* ---- element access (the tensor needs data; indices are checked) ----------- */

GGML_API void *  ggml_get_data(const struct ggml_tensor * tensor);     /* tensor->data (may be NULL) */
GGML_API float * ggml_get_data_f32(const struct ggml_tensor * tensor); /* F32 tensors only */

/* Set every element (F32, F16, BF16, I8, I16, I32 tensors, views too). */
GGML_API struct ggml_tensor * ggml_set_zero(struct ggml_tensor * tensor);
GGML_API struct ggml_tensor * ggml_set_i32(struct ggml_tensor * tensor, int32_t value);
GGML_API struct ggml_tensor * ggml_set_f32(struct ggml_tensor * tensor, float value);

/* Element i in row-major order over ne (a view is indexed by its own shape). */
GGML_API int32_t ggml_get_i32_1d(const struct ggml_tensor * tensor, int i);
GGML_API void    ggml_set_i32_1d(const struct ggml_tensor * tensor, int i, int32_t value);
GGML_API float   ggml_get_f32_1d(const struct ggml_tensor * tensor, int i);
GGML_API void    ggml_set_f32_1d(const struct ggml_tensor * tensor, int i, float value);

/* Element at (i0, i1, i2, i3). */
GGML_API int32_t ggml_get_i32_nd(const struct ggml_tensor * tensor, int i0, int i1, int i2, int i3);
GGML_API void    ggml_set_i32_nd(const struct ggml_tensor * tensor, int i0, int i1, int i2, int i3, int32_t value);
GGML_API float   ggml_get_f32_nd(const struct ggml_tensor * tensor, int i0, int i1, int i2, int i3);
GGML_API void    ggml_set_f32_nd(const struct ggml_tensor * tensor, int i0, int i1, int i2, int i3, float value);

/* Split a flat element index into (i0, i1, i2, i3) for this tensor's shape. */
GGML_API void ggml_unravel_index(const struct ggml_tensor * tensor, int64_t i, int64_t * i0, int64_t * i1, int64_t * i2, int64_t * i3);

/* ---- tensor roles (read by the graph allocator, ggml-alloc.h) ------------- */

/* Inputs keep their own memory and are allocated first; outputs are never
 * overwritten by later nodes; params mark trainable weights. */
GGML_API void ggml_set_input(struct ggml_tensor * tensor);
GGML_API void ggml_set_output(struct ggml_tensor * tensor);
GGML_API void ggml_set_param(struct ggml_tensor * tensor);

/* ---- time ---------------------------------------------------------------- */

GGML_API void    ggml_time_init(void);  /* optional; the clock works without it */
GGML_API int64_t ggml_time_ms(void);    /* monotonic milliseconds               */
GGML_API int64_t ggml_time_us(void);    /* monotonic microseconds               */
GGML_API int64_t ggml_cycles(void);     /* processor clock ticks (clock())      */
GGML_API int64_t ggml_cycles_per_ms(void);

#ifdef __cplusplus
}
#endif

/* The rest of the API, one concept per header (each is included here, so
 * programs need only "ggml.h", as with upstream). */
#include "lugh-ggml-ops.h"    /* operations that build graph nodes      */
#include "lugh-ggml-graph.h"  /* computation graphs                     */
#include "lugh-ggml-quant.h"  /* quantization and type traits           */
#include "lugh-ggml-log.h"    /* where Lugh's messages go (ggml_log_set) */
#include "lugh-ggml-custom.h" /* custom operations (ggml_map_custom1, ...) */

#endif /* LUGH_GGML_H */
