// Lugh's messages that are not aborts: warnings and reported failures, sent
// to the callback installed with ggml_log_set (default: stderr). Every C API
// entry point that reports something without aborting says it here, so a
// program that installs a callback sees all of them and stderr none.
#pragma once

#include "lugh/ggml/ggml.h"

namespace lugh::capi {

// One message, printf-style, without the trailing newline (it is added).
void log_message(ggml_log_level level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

// The same for a message already formatted (a lugh::Error's text).
void log_text(ggml_log_level level, const char* text);

}  // namespace lugh::capi
