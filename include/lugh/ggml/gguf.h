/*
 * gguf.h - Lugh's ggml-compatible GGUF API: read and write GGUF files
 * (version 3, little-endian; version 2 files read too).
 *
 * A GGUF file is: "GGUF", version (u32), tensor count (u64), key-value count
 * (u64); the key-value pairs (key string, value type u32, value); one info
 * per tensor (name, n_dims u32, ne[] u64, ggml_type u32, offset u64 into the
 * data section); zero padding to the alignment (key "general.alignment",
 * u32, default 32); the data section. Strings are a u64 length plus bytes.
 *
 *     struct ggml_context * weights = NULL;
 *     struct gguf_init_params params = { false, &weights };   // load the data too
 *     struct gguf_context * gguf = gguf_init_from_file("model.gguf", params);
 *     if (!gguf) return 1;                                    // message already on stderr
 *     int64_t k = gguf_find_key(gguf, "general.name");
 *     if (k >= 0) printf("%s\n", gguf_get_val_str(gguf, k));
 *     struct ggml_tensor * w = ggml_get_tensor(weights, "blk.0.attn_q.weight");
 *     ...
 *     gguf_free(gguf);
 *     ggml_free(weights);
 *
 * Files are hostile input: every count, length, size and offset is checked
 * against what the file can hold before anything is allocated. A refused file
 * makes gguf_init_from_file return NULL after one line on stderr. Misuse of
 * the other functions (a key id out of range, asking a string key for a
 * number) prints a message and aborts, like the rest of the C API.
 */
#ifndef LUGH_GGUF_H
#define LUGH_GGUF_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GGUF_MAGIC   "GGUF"
#define GGUF_VERSION 3
#define GGUF_KEY_GENERAL_ALIGNMENT "general.alignment"
#define GGUF_DEFAULT_ALIGNMENT 32

/* Value types as stored in the file (u32). */
enum gguf_type {
    GGUF_TYPE_UINT8   = 0,
    GGUF_TYPE_INT8    = 1,
    GGUF_TYPE_UINT16  = 2,
    GGUF_TYPE_INT16   = 3,
    GGUF_TYPE_UINT32  = 4,
    GGUF_TYPE_INT32   = 5,
    GGUF_TYPE_FLOAT32 = 6,
    GGUF_TYPE_BOOL    = 7,   /* one byte, 0 or 1 */
    GGUF_TYPE_STRING  = 8,
    GGUF_TYPE_ARRAY   = 9,   /* element type (u32), count (u64), elements; never nested */
    GGUF_TYPE_UINT64  = 10,
    GGUF_TYPE_INT64   = 11,
    GGUF_TYPE_FLOAT64 = 12,
    GGUF_TYPE_COUNT,
};

struct gguf_context;

struct gguf_init_params {
    bool no_alloc;               /* true: *ctx gets tensor metadata only    */
    struct ggml_context ** ctx;  /* if not NULL: receives a new context holding every tensor */
};

/* ---- reading ----------------------------------------------------------- */

/* Parse a file. NULL (and a line on stderr) if it cannot be opened or is not a
 * valid GGUF file. With params.ctx, *ctx is a new context (free it with
 * ggml_free) holding every tensor by name, with its data unless no_alloc;
 * then, no_alloc too, a file that does not hold every tensor's bytes (a
 * truncated data section, a tensor past its end, a file written only_meta)
 * is refused: a loader filling those tensors would read past the end. */
GGML_API struct gguf_context * gguf_init_from_file(const char * fname, struct gguf_init_params params);
/* Lugh extension: like gguf_init_from_file with a context whose tensor data
 * points into a read-only shared mapping of the file (no copy; pages shared
 * with other processes mapping it). The mapping lives until ggml_free(*ctx).
 * Writing to such tensors crashes (the pages are read-only). */
GGML_API struct gguf_context * lugh_gguf_init_from_file_mmap(const char * fname, struct ggml_context ** ctx);
/* An empty context to fill and write. */
GGML_API struct gguf_context * gguf_init_empty(void);
/* Free the context (not the ggml context made by gguf_init_from_file). NULL is ignored. */
GGML_API void gguf_free(struct gguf_context * ctx);

/* "u8", "i8", ..., "str", "arr"; NULL for an unknown number. */
GGML_API const char * gguf_type_name(enum gguf_type type);

GGML_API uint32_t gguf_get_version    (const struct gguf_context * ctx);
GGML_API size_t   gguf_get_alignment  (const struct gguf_context * ctx);
GGML_API size_t   gguf_get_data_offset(const struct gguf_context * ctx); /* file offset of the data section */

/* Key-value pairs, numbered 0 .. n_kv-1 in file order. */
GGML_API int64_t        gguf_get_n_kv   (const struct gguf_context * ctx);
GGML_API int64_t        gguf_find_key   (const struct gguf_context * ctx, const char * key); /* -1 if absent */
GGML_API const char *   gguf_get_key    (const struct gguf_context * ctx, int64_t key_id);
GGML_API enum gguf_type gguf_get_kv_type(const struct gguf_context * ctx, int64_t key_id);
GGML_API enum gguf_type gguf_get_arr_type(const struct gguf_context * ctx, int64_t key_id); /* arrays only */

/* The value of a scalar key; the key's type must match the function's. */
GGML_API uint8_t      gguf_get_val_u8  (const struct gguf_context * ctx, int64_t key_id);
GGML_API int8_t       gguf_get_val_i8  (const struct gguf_context * ctx, int64_t key_id);
GGML_API uint16_t     gguf_get_val_u16 (const struct gguf_context * ctx, int64_t key_id);
GGML_API int16_t      gguf_get_val_i16 (const struct gguf_context * ctx, int64_t key_id);
GGML_API uint32_t     gguf_get_val_u32 (const struct gguf_context * ctx, int64_t key_id);
GGML_API int32_t      gguf_get_val_i32 (const struct gguf_context * ctx, int64_t key_id);
GGML_API float        gguf_get_val_f32 (const struct gguf_context * ctx, int64_t key_id);
GGML_API uint64_t     gguf_get_val_u64 (const struct gguf_context * ctx, int64_t key_id);
GGML_API int64_t      gguf_get_val_i64 (const struct gguf_context * ctx, int64_t key_id);
GGML_API double       gguf_get_val_f64 (const struct gguf_context * ctx, int64_t key_id);
GGML_API bool         gguf_get_val_bool(const struct gguf_context * ctx, int64_t key_id);
GGML_API const char * gguf_get_val_str (const struct gguf_context * ctx, int64_t key_id); /* NUL-terminated */
/* The bytes of any non-string scalar value. */
GGML_API const void * gguf_get_val_data(const struct gguf_context * ctx, int64_t key_id);

/* Arrays: element count, the packed elements (not for string arrays), element i of a string array. */
GGML_API size_t       gguf_get_arr_n   (const struct gguf_context * ctx, int64_t key_id);
GGML_API const void * gguf_get_arr_data(const struct gguf_context * ctx, int64_t key_id);
GGML_API const char * gguf_get_arr_str (const struct gguf_context * ctx, int64_t key_id, size_t i);

/* Tensor infos, numbered 0 .. n_tensors-1 in file order. */
GGML_API int64_t        gguf_get_n_tensors    (const struct gguf_context * ctx);
GGML_API int64_t        gguf_find_tensor      (const struct gguf_context * ctx, const char * name); /* -1 if absent */
GGML_API size_t         gguf_get_tensor_offset(const struct gguf_context * ctx, int64_t tensor_id); /* in the data section */
GGML_API const char *   gguf_get_tensor_name  (const struct gguf_context * ctx, int64_t tensor_id);
GGML_API enum ggml_type gguf_get_tensor_type  (const struct gguf_context * ctx, int64_t tensor_id);
GGML_API size_t         gguf_get_tensor_size  (const struct gguf_context * ctx, int64_t tensor_id); /* bytes */

/* ---- writing ----------------------------------------------------------- */

/* Remove a key; returns its former id, or -1 if it was absent. */
GGML_API int64_t gguf_remove_key(struct gguf_context * ctx, const char * key);

/* Set a key (replacing any value it had, in place). */
GGML_API void gguf_set_val_u8  (struct gguf_context * ctx, const char * key, uint8_t  val);
GGML_API void gguf_set_val_i8  (struct gguf_context * ctx, const char * key, int8_t   val);
GGML_API void gguf_set_val_u16 (struct gguf_context * ctx, const char * key, uint16_t val);
GGML_API void gguf_set_val_i16 (struct gguf_context * ctx, const char * key, int16_t  val);
GGML_API void gguf_set_val_u32 (struct gguf_context * ctx, const char * key, uint32_t val);
GGML_API void gguf_set_val_i32 (struct gguf_context * ctx, const char * key, int32_t  val);
GGML_API void gguf_set_val_f32 (struct gguf_context * ctx, const char * key, float    val);
GGML_API void gguf_set_val_u64 (struct gguf_context * ctx, const char * key, uint64_t val);
GGML_API void gguf_set_val_i64 (struct gguf_context * ctx, const char * key, int64_t  val);
GGML_API void gguf_set_val_f64 (struct gguf_context * ctx, const char * key, double   val);
GGML_API void gguf_set_val_bool(struct gguf_context * ctx, const char * key, bool     val);
GGML_API void gguf_set_val_str (struct gguf_context * ctx, const char * key, const char * val);
/* An array of n elements of a non-string, non-array type (data copied). */
GGML_API void gguf_set_arr_data(struct gguf_context * ctx, const char * key, enum gguf_type type, const void * data, size_t n);
/* An array of n strings (copied). */
GGML_API void gguf_set_arr_str (struct gguf_context * ctx, const char * key, const char ** data, size_t n);
/* Copy every key of src into ctx. */
GGML_API void gguf_set_kv(struct gguf_context * ctx, const struct gguf_context * src);

/* Add a tensor: its name, type and shape are copied now; its data is read
 * from tensor->data when the file is written (zeros if it has none then).
 * Names must be unique and non-empty; the tensor must be contiguous. */
GGML_API void gguf_add_tensor(struct gguf_context * ctx, const struct ggml_tensor * tensor);
/* Change a tensor's type (its size and every later offset are recomputed). */
GGML_API void gguf_set_tensor_type(struct gguf_context * ctx, const char * name, enum ggml_type type);
/* Where a tensor's bytes are read from when the file is written. */
GGML_API void gguf_set_tensor_data(struct gguf_context * ctx, const char * name, const void * data);

/* Write the file; only_meta: everything up to the data section. false on I/O errors (message on stderr).
 * Written under a temporary name beside fname and renamed when complete: on failure fname is as it was
 * (never removed); a device such as /dev/null is written in place. */
GGML_API bool   gguf_write_to_file(const struct gguf_context * ctx, const char * fname, bool only_meta);
/* Bytes before the data section (header, keys, infos, padding), and a copy of them. */
GGML_API size_t gguf_get_meta_size(const struct gguf_context * ctx);
GGML_API void   gguf_get_meta_data(const struct gguf_context * ctx, void * data);

#ifdef __cplusplus
}
#endif

#endif /* LUGH_GGUF_H */
