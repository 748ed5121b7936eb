/*
 * ggml-cpp.h - owning smart pointers for the C API's objects (C++ only), with
 * upstream's names: each frees its object with the matching *_free call.
 *
 *     ggml_backend_ptr backend(ggml_backend_cpu_init());
 *     ggml_context_ptr ctx(ggml_init({16 * 1024 * 1024, nullptr, true}));
 *     ggml_backend_buffer_ptr buf(ggml_backend_alloc_ctx_tensors(ctx.get(), backend.get()));
 *     ggml_backend_t backends[1] = { backend.get() };
 *     ggml_backend_sched_ptr sched(ggml_backend_sched_new(backends, nullptr, 1, GGML_DEFAULT_GRAPH_SIZE, false, true));
 *     // ... freed in reverse order when they go out of scope
 *
 * ggml_gallocr_ptr holds a ggml_gallocr (upstream's spelling names the
 * handle type ggml_gallocr_t there, which cannot be constructed from
 * ggml_gallocr_new's result; this one can).
 */
#ifndef LUGH_GGML_CPP_H
#define LUGH_GGML_CPP_H

#ifndef __cplusplus
#error "ggml-cpp.h is for C++ only"
#endif

#include <memory>

#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "gguf.h"

struct ggml_context_deleter { void operator()(ggml_context * ctx) { ggml_free(ctx); } };
struct gguf_context_deleter { void operator()(gguf_context * ctx) { gguf_free(ctx); } };

typedef std::unique_ptr<ggml_context, ggml_context_deleter> ggml_context_ptr;  /* ggml_free         */
typedef std::unique_ptr<gguf_context, gguf_context_deleter> gguf_context_ptr;  /* gguf_free         */

struct ggml_gallocr_deleter { void operator()(ggml_gallocr_t galloc) { ggml_gallocr_free(galloc); } };

typedef std::unique_ptr<ggml_gallocr, ggml_gallocr_deleter> ggml_gallocr_ptr;  /* ggml_gallocr_free */

struct ggml_backend_deleter        { void operator()(ggml_backend_t backend)       { ggml_backend_free(backend); } };
struct ggml_backend_buffer_deleter { void operator()(ggml_backend_buffer_t buffer) { ggml_backend_buffer_free(buffer); } };
struct ggml_backend_event_deleter  { void operator()(ggml_backend_event_t event)   { ggml_backend_event_free(event); } };
struct ggml_backend_sched_deleter  { void operator()(ggml_backend_sched_t sched)   { ggml_backend_sched_free(sched); } };

typedef std::unique_ptr<ggml_backend,        ggml_backend_deleter>        ggml_backend_ptr;         /* ggml_backend_free        */
typedef std::unique_ptr<ggml_backend_buffer, ggml_backend_buffer_deleter> ggml_backend_buffer_ptr;  /* ggml_backend_buffer_free */
typedef std::unique_ptr<ggml_backend_event,  ggml_backend_event_deleter>  ggml_backend_event_ptr;   /* ggml_backend_event_free  */
typedef std::unique_ptr<ggml_backend_sched,  ggml_backend_sched_deleter>  ggml_backend_sched_ptr;   /* ggml_backend_sched_free  */

#endif /* LUGH_GGML_CPP_H */
