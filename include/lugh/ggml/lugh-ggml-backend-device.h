/* lugh-ggml-backend-device.h - part of Lugh's ggml-compatible C API; include "ggml-backend.h".
 *
 * Devices and registries: how a program finds the backends it can use. Lugh
 * has one registry, "CPU", with one device, "CPU" (type CPU): every lookup
 * below answers with it, and ggml_backend_load_all has nothing to load.
 *
 *     ggml_backend_load_all();                          // nothing to do, kept for upstream programs
 *     ggml_backend_t best = ggml_backend_init_best();   // the CPU backend
 *     ggml_backend_t cpu  = ggml_backend_init_by_type(GGML_BACKEND_DEVICE_TYPE_CPU, NULL);
 *     ggml_backend_dev_t dev = ggml_backend_dev_by_name("cpu");   // names ignore case
 *     printf("%s: %s\n", ggml_backend_dev_name(dev), ggml_backend_dev_description(dev));
 *
 * Lookups of something that does not exist (a name, a GPU) return NULL; an
 * index out of range, a NULL handle or an enum value out of range aborts
 * with a message.
 */
#ifndef LUGH_GGML_BACKEND_DEVICE_H
#define LUGH_GGML_BACKEND_DEVICE_H

#include "ggml.h"
#include "ggml-alloc.h"   /* ggml_backend_t, ggml_backend_buffer_type_t */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ggml_backend_reg    * ggml_backend_reg_t;
typedef struct ggml_backend_device * ggml_backend_dev_t;
typedef struct ggml_backend_event  * ggml_backend_event_t;

/* Values as upstream's. */
enum ggml_backend_dev_type {
    GGML_BACKEND_DEVICE_TYPE_CPU   = 0,  /* the CPU, in system memory                   */
    GGML_BACKEND_DEVICE_TYPE_GPU   = 1,  /* a GPU with its own memory (none in Lugh)    */
    GGML_BACKEND_DEVICE_TYPE_IGPU  = 2,  /* an integrated GPU (none in Lugh)            */
    GGML_BACKEND_DEVICE_TYPE_ACCEL = 3,  /* an accelerator used with the CPU (none)     */
};

/* What a device can do. */
struct ggml_backend_dev_caps {
    bool async;                /* asynchronous operations (false: the CPU backend is synchronous) */
    bool host_buffer;          /* a pinned host buffer type                                        */
    bool buffer_from_host_ptr; /* ggml_backend_dev_buffer_from_host_ptr works                      */
    bool events;               /* event synchronization                                            */
};

/* Everything about a device. */
struct ggml_backend_dev_props {
    const char * name;
    const char * description;
    size_t memory_free;
    size_t memory_total;
    enum ggml_backend_dev_type type;
    const char * device_id;    /* NULL: the CPU has no bus id */
    struct ggml_backend_dev_caps caps;
};

/* ---- devices ---------------------------------------------------------------- */

GGML_API const char *               ggml_backend_dev_name(ggml_backend_dev_t device);         /* "CPU" */
/* The processor's model name (from /proc/cpuinfo), or "CPU". */
GGML_API const char *               ggml_backend_dev_description(ggml_backend_dev_t device);
/* System memory: available and total bytes (0 and 0 if unknown). */
GGML_API void                       ggml_backend_dev_memory(ggml_backend_dev_t device, size_t * free, size_t * total);
GGML_API enum ggml_backend_dev_type ggml_backend_dev_type(ggml_backend_dev_t device);
GGML_API void                       ggml_backend_dev_get_props(ggml_backend_dev_t device, struct ggml_backend_dev_props * props);
GGML_API ggml_backend_reg_t         ggml_backend_dev_backend_reg(ggml_backend_dev_t device);
/* A new backend on the device; params is ignored (may be NULL). NULL if memory is short. */
GGML_API ggml_backend_t             ggml_backend_dev_init(ggml_backend_dev_t device, const char * params);
GGML_API ggml_backend_buffer_type_t ggml_backend_dev_buffer_type(ggml_backend_dev_t device);
/* NULL: the CPU needs no pinned host buffers. */
GGML_API ggml_backend_buffer_type_t ggml_backend_dev_host_buffer_type(ggml_backend_dev_t device);
/* A buffer over [ptr, ptr+size) of the caller's memory (max_tensor_size is not needed on the CPU). */
GGML_API ggml_backend_buffer_t      ggml_backend_dev_buffer_from_host_ptr(ggml_backend_dev_t device, void * ptr, size_t size,
                                                                          size_t max_tensor_size);
/* True if the device computes op (every op Lugh builds runs on the CPU). */
GGML_API bool ggml_backend_dev_supports_op(ggml_backend_dev_t device, const struct ggml_tensor * op);
/* True if the device computes on tensors in buffers of buft (host memory). */
GGML_API bool ggml_backend_dev_supports_buft(ggml_backend_dev_t device, ggml_backend_buffer_type_t buft);
/* False: there is nowhere to offload to. */
GGML_API bool ggml_backend_dev_offload_op(ggml_backend_dev_t device, const struct ggml_tensor * op);

/* ---- registries ------------------------------------------------------------- */

GGML_API const char *       ggml_backend_reg_name(ggml_backend_reg_t reg);        /* "CPU" */
GGML_API size_t             ggml_backend_reg_dev_count(ggml_backend_reg_t reg);   /* 1 */
GGML_API ggml_backend_dev_t ggml_backend_reg_dev_get(ggml_backend_reg_t reg, size_t index);
/* Extra functions by name, NULL for an unknown one: "ggml_backend_set_n_threads"
 * (ggml_backend_set_n_threads_t), "ggml_backend_dev_get_extra_bufts",
 * "ggml_backend_get_features", "ggml_backend_set_abort_callback". */
GGML_API void *             ggml_backend_reg_get_proc_address(ggml_backend_reg_t reg, const char * name);

/* Signatures of the functions ggml_backend_reg_get_proc_address finds. */
typedef void                         (*ggml_backend_set_n_threads_t)(ggml_backend_t backend, int n_threads);
typedef ggml_backend_buffer_type_t * (*ggml_backend_dev_get_extra_bufts_t)(ggml_backend_dev_t device);
typedef void                         (*ggml_backend_set_abort_callback_t)(ggml_backend_t backend,
                                                                         ggml_abort_callback abort_callback,
                                                                         void * abort_callback_data);
struct ggml_backend_feature {
    const char * name;
    const char * value;
};
typedef struct ggml_backend_feature * (*ggml_backend_get_features_t)(ggml_backend_reg_t reg);

GGML_API size_t             ggml_backend_reg_count(void);                 /* 1 */
GGML_API ggml_backend_reg_t ggml_backend_reg_get(size_t index);           /* index < ggml_backend_reg_count() */
GGML_API ggml_backend_reg_t ggml_backend_reg_by_name(const char * name);  /* any case; NULL if none */

GGML_API size_t             ggml_backend_dev_count(void);                 /* 1 */
GGML_API ggml_backend_dev_t ggml_backend_dev_get(size_t index);           /* index < ggml_backend_dev_count() */
GGML_API ggml_backend_dev_t ggml_backend_dev_by_name(const char * name);  /* any case; NULL if none */
/* The first device of this type, or NULL. */
GGML_API ggml_backend_dev_t ggml_backend_dev_by_type(enum ggml_backend_dev_type type);

/* = ggml_backend_dev_init(ggml_backend_dev_by_name(name), params); NULL if there is no such device. */
GGML_API ggml_backend_t ggml_backend_init_by_name(const char * name, const char * params);
/* = ggml_backend_dev_init(ggml_backend_dev_by_type(type), params); NULL if there is no such device. */
GGML_API ggml_backend_t ggml_backend_init_by_type(enum ggml_backend_dev_type type, const char * params);
/* A GPU backend, else an integrated GPU's, else the CPU's: in Lugh, the CPU's. */
GGML_API ggml_backend_t ggml_backend_init_best(void);

/* Backends in shared libraries: Lugh's CPU backend is built in, so these
 * load nothing (ggml_backend_load logs a warning and returns NULL). */
GGML_API ggml_backend_reg_t ggml_backend_load(const char * path);
GGML_API void               ggml_backend_unload(ggml_backend_reg_t reg);
GGML_API void               ggml_backend_load_all(void);
GGML_API void               ggml_backend_load_all_from_path(const char * dir_path);

/* ---- a backend's and a buffer type's device ---------------------------------- */

GGML_API ggml_backend_dev_t ggml_backend_get_device(ggml_backend_t backend);
GGML_API ggml_backend_dev_t ggml_backend_buft_get_device(ggml_backend_buffer_type_t buft);
/* The backend's device's answers (ggml_backend_dev_supports_op, ...). */
GGML_API bool ggml_backend_supports_op(ggml_backend_t backend, const struct ggml_tensor * op);
GGML_API bool ggml_backend_supports_buft(ggml_backend_t backend, ggml_backend_buffer_type_t buft);
GGML_API bool ggml_backend_offload_op(ggml_backend_t backend, const struct ggml_tensor * op);

/* ---- events (the CPU backend is synchronous: an event is always complete) ----- */

GGML_API ggml_backend_event_t ggml_backend_event_new(ggml_backend_dev_t device);
GGML_API void                 ggml_backend_event_free(ggml_backend_event_t event);  /* NULL is ignored */
GGML_API void                 ggml_backend_event_record(ggml_backend_event_t event, ggml_backend_t backend);
GGML_API void                 ggml_backend_event_synchronize(ggml_backend_event_t event);
GGML_API void                 ggml_backend_event_wait(ggml_backend_t backend, ggml_backend_event_t event);

#ifdef __cplusplus
}
#endif

#endif /* LUGH_GGML_BACKEND_DEVICE_H */
