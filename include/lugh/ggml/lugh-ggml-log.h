/* lugh-ggml-log.h - part of Lugh's ggml-compatible C API; include "ggml.h".
 *
 * Where Lugh's messages go. Warnings and reported failures (a graph that
 * cannot run, a buffer that cannot be allocated, a GGUF file refused by
 * gguf_init_from_file) are passed, one line each ending in '\n', to the log
 * callback; the default one writes them to stderr. Aborts (misuse) do not go
 * through it: they use the abort callback (ggml_set_abort_callback).
 *
 *     static void quiet(enum ggml_log_level level, const char * text, void * user_data) {
 *         if (level >= GGML_LOG_LEVEL_ERROR) fputs(text, (FILE *) user_data);
 *     }
 *     ggml_log_set(quiet, stderr);   // ...
 *     ggml_log_set(NULL, NULL);      // back to the default
 *
 * The callback may be called from any thread that calls Lugh, so it must be
 * thread-safe; setting it while other threads log is safe.
 */
#ifndef LUGH_GGML_LOG_H
#define LUGH_GGML_LOG_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Values as upstream's. CONT continues the previous message (Lugh sends none). */
enum ggml_log_level {
    GGML_LOG_LEVEL_NONE  = 0,
    GGML_LOG_LEVEL_DEBUG = 1,
    GGML_LOG_LEVEL_INFO  = 2,
    GGML_LOG_LEVEL_WARN  = 3,
    GGML_LOG_LEVEL_ERROR = 4,
    GGML_LOG_LEVEL_CONT  = 5,
};

/* Receives one message (text ends in '\n') and the user_data given to ggml_log_set. */
typedef void (*ggml_log_callback)(enum ggml_log_level level, const char * text, void * user_data);

/* Send Lugh's messages to log_callback; NULL restores the default (stderr). */
GGML_API void ggml_log_set(ggml_log_callback log_callback, void * user_data);
/* The callback and user_data in use (the default callback when none was set). */
GGML_API void ggml_log_get(ggml_log_callback * log_callback, void ** user_data);

#ifdef __cplusplus
}
#endif

#endif /* LUGH_GGML_LOG_H */
